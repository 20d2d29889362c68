"""What keeps a cluster build from waiting forever (issue 23): a source no worker has the
memory for fails at once; a stall (no result for --no-progress-timeout) restarts the workers
and resubmits, and when they cannot be restarted the build fails naming what is pending."""
from __future__ import annotations

import time

import pytest

from assetkit.cluster.settings import ClusterSettings, Scheduler
from assetkit.errors import ClusterStalled, ExitCode
from tests.store.conftest import assert_consistent, records, write_campaign

from .conftest import MEM_MB, build, on_cluster, start_cluster
from .renders import RELEASE, counted, hang, hang_once, rendered


def _psd_header(path, width: int, height: int) -> None:
    """A file that starts like a PSD of this size (8-bit RGBA): all the estimate reads."""
    path.write_bytes(b"8BPS\x00\x01" + bytes(6) + (4).to_bytes(2, "big")
                     + height.to_bytes(4, "big") + width.to_bytes(4, "big")
                     + (8).to_bytes(2, "big") + (3).to_bytes(2, "big"))


def test_a_source_bigger_than_every_workers_mem_fails_at_once(tmp_path, cluster):
    write_campaign(tmp_path, {"a.psd": (300, 200), "b.psd": (200, 300)})
    _psd_header(tmp_path / "input" / "huge.psd", 40_000, 40_000)
    started, failed_at = time.monotonic(), []
    result = build(tmp_path, render=counted, cluster=on_cluster(cluster),
                   on_source=lambda done: done.status == "failed"
                   and failed_at.append(time.monotonic() - started))
    assert [f.source for f in result.failures] == ["huge"]
    assert result.failures[0].message == (
        f"{tmp_path / 'input' / 'huge.psd'}: needs about 36,877 MB (resource MEM) but the "
        f"largest worker has {MEM_MB:,} MB")
    assert failed_at and failed_at[0] < 5
    assert sorted(rendered(tmp_path / "out")) == ["a", "b"]


def test_a_stall_restarts_the_workers_and_resubmits(tmp_path, cluster):
    write_campaign(tmp_path, {"hangs.psd": (300, 200), "ok.psd": (200, 300)})
    started = time.monotonic()
    result = build(tmp_path, render=hang_once,
                   cluster=on_cluster(cluster, no_progress_timeout=5))
    # the stall (5 s), the stuck worker's nanny ending it (4 s), one worker back: not Dask's
    # wait for every worker, which a stuck one can make last its whole 60 s timeout
    assert time.monotonic() - started < 5 + 25
    assert result.failures == ()
    assert [w for w in result.warnings if "stalled" in w] == [
        "stalled: restarted the workers, resubmitted hangs.psd"]
    assert sorted(rendered(tmp_path / "out")) == ["hangs", "ok"]
    assert sorted(records(tmp_path / "out")) == ["hangs.psd", "ok.psd"]
    assert_consistent(tmp_path / "out")


def test_a_stall_that_cannot_be_restarted_exits_3_naming_the_pending(tmp_path):
    write_campaign(tmp_path, {"hangs.psd": (300, 200), "ok.psd": (200, 300)})
    RELEASE.clear()
    with start_cluster(nanny=False) as local:  # no nanny: a restart would only end them
        started = time.monotonic()
        try:
            with pytest.raises(ClusterStalled) as stalled:
                build(tmp_path, render=hang,
                      cluster=on_cluster(local.scheduler_address, no_progress_timeout=5))
        finally:
            RELEASE.set()
        elapsed = time.monotonic() - started
    assert stalled.value.exit_code == ExitCode.UNREADABLE
    assert str(stalled.value) == ("no result and the workers could not be restarted; "
                                  "pending: hangs.psd")
    assert elapsed < 5 + 10
    assert "ok" in rendered(tmp_path / "out")
    assert sorted(records(tmp_path / "out")) == ["ok.psd"]  # the freed hang commits nothing


def test_a_stalled_local_cluster_is_started_anew(tmp_path):
    """local:N: the coordinator's own cluster is replaced whole (its nannies may have given
    up after fast repeated deaths), and the pending sources run on the new one."""
    write_campaign(tmp_path, {"hangs.psd": (300, 200), "ok.psd": (200, 300)})
    result = build(tmp_path, render=hang_once,
                   cluster=ClusterSettings(Scheduler(workers=1), no_progress_timeout=5))
    assert result.failures == ()
    assert [w for w in result.warnings if "stalled" in w] == [
        "stalled: restarted the workers, resubmitted hangs.psd, ok.psd"]  # 1 worker: queued
    assert sorted(records(tmp_path / "out")) == ["hangs.psd", "ok.psd"]
