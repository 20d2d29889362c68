"""Failures on the cluster (issue 23): a transient OSError is retried, a worker that dies is
replaced and its source redone elsewhere, a source that kills 3 workers fails alone, a duplicate
submission is one task, a second coordinator finds the folder busy, and a killed coordinator is
resumed by running the build again."""
from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter

from click.testing import CliRunner

from assetkit.cli import cli
from assetkit.cluster import coordinator as coordinating
from assetkit.store.lock import hold
from tests.store.conftest import assert_consistent, records, write_campaign

from .conftest import REPO, build, on_cluster, start_cluster
from .renders import counted, cut_record_write, faulty, rendered


def _no_temp_files(out) -> None:
    assert_consistent(out)
    assert list((out / ".assetkit").rglob("*.tmp")) == []


def test_a_transient_oserror_and_a_worker_death_are_redone(tmp_path, cluster):
    write_campaign(tmp_path, {"flaky.psd": (300, 200), "dies-once.psd": (300, 200),
                              "ok.psd": (200, 300)})
    result = build(tmp_path, render=faulty, cluster=on_cluster(cluster))
    assert result.failures == ()
    assert (tmp_path / "oserror-flaky").is_file() and (tmp_path / "died-dies-once").is_file()
    assert Counter(rendered(tmp_path / "out")) == {"flaky": 1, "dies-once": 1, "ok": 1}
    assert sorted(records(tmp_path / "out")) == ["dies-once.psd", "flaky.psd", "ok.psd"]
    _no_temp_files(tmp_path / "out")


def test_a_record_write_cut_short_leaves_no_temp_file(tmp_path, cluster):
    write_campaign(tmp_path, {"a.psd": (300, 200), "b.psd": (200, 300)})
    result = build(tmp_path, render=cut_record_write, cluster=on_cluster(cluster))
    assert result.failures == () and result.rendered == 2
    assert sorted(records(tmp_path / "out")) == ["a.psd", "b.psd"]
    _no_temp_files(tmp_path / "out")


def test_a_source_that_kills_three_workers_fails_and_the_others_are_done(tmp_path):
    """On a cluster of its own: deaths in a row can leave a nanny that gave up
    (dask/distributed#7312), which the shared cluster's later tests must not inherit. The
    others wait beside the killer on its workers (Dask counts those deaths against them too)
    and are not failed for it; the killer ends 3 workers, not more."""
    write_campaign(tmp_path, {"dies.psd": (300, 200), "ok1.psd": (300, 200),
                              "ok2.psd": (200, 300), "ok3.psd": (200, 200)})
    with start_cluster() as local:
        result = build(tmp_path, render=faulty, cluster=on_cluster(local.scheduler_address))
    assert [(f.source, f.kind) for f in result.failures] == [("dies", "internal")]
    assert result.failures[0].message.endswith("dies.psd: it ended 3 workers (KilledWorker)")
    assert (tmp_path / "deaths.log").read_text("utf-8").split() == ["dies"] * 3
    assert sorted(rendered(tmp_path / "out")) == ["ok1", "ok2", "ok3"]
    found = records(tmp_path / "out")
    assert found["dies.psd"].inputs_key == "failed" and found["ok1.psd"].outputs
    _no_temp_files(tmp_path / "out")


def test_a_duplicate_submission_is_one_task_one_render_one_record(tmp_path, cluster,
                                                                     monkeypatch):
    write_campaign(tmp_path, {f"{n}.psd": (120, 100) for n in "abcdef"})
    runs = []
    drain = coordinating.Coordinator.drain

    def twice(self, tasks):  # every source submitted twice over
        runs.append(drain(self, [*tasks, *tasks]))
        return runs[-1]

    monkeypatch.setattr(coordinating.Coordinator, "drain", twice)
    result = build(tmp_path, render=counted, cluster=on_cluster(cluster))
    assert result.failures == () and result.rendered == 6
    assert (runs[0].submitted, runs[0].duplicates, runs[0].results) == (6, 6, 6)
    assert runs[0].peak_in_flight == 4  # 2 x the 2 workers' threads
    assert sorted(rendered(tmp_path / "out")) == list("abcdef")
    assert sorted(records(tmp_path / "out")) == [f"{n}.psd" for n in "abcdef"]


def test_a_second_coordinator_on_the_same_out_exits_4(tmp_path, cluster):
    write_campaign(tmp_path, {"a.psd": (300, 200)})
    with hold(tmp_path / "out", "build"):
        result = CliRunner().invoke(cli, ["build", "--config", str(tmp_path / "assetkit.yaml"),
                                          "--scheduler", cluster])
    assert result.exit_code == 4, result.output
    assert "is being built by `build`" in result.output
    assert rendered(tmp_path / "out") == []


RESUMABLE = """
import sys
import assetkit
from assetkit import BuildOptions
from assetkit.config import load_campaign
from tests.cluster.conftest import on_cluster
from tests.cluster.renders import slow
assetkit.build(campaign=load_campaign(sys.argv[1]),
               options=BuildOptions(render=slow, cluster=on_cluster(sys.argv[2])))
"""


def test_a_killed_coordinator_is_resumed_by_running_the_build_again(tmp_path, cluster):
    names = ("s1.psd", "s2.psd", "s3.psd", "s4.psd")
    config = write_campaign(tmp_path, dict.fromkeys(names, (200, 200)))
    killed = subprocess.run([sys.executable, "-c", RESUMABLE, str(config), cluster],
                            cwd=REPO, env={**__import__("os").environ,
                                           "ASSETKIT_FAULT": "coordinator-after:2"},
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == 137, killed.stderr
    out = tmp_path / "out"
    deadline = time.monotonic() + 20
    while len(rendered(out)) < 4 and time.monotonic() < deadline:
        time.sleep(0.2)  # the 2 tasks in flight when it died finish rendering...
    done = sorted(records(out))
    assert len(rendered(out)) == 4 and len(done) == 2  # ...and commit nothing
    before = len(rendered(out))
    again = build(tmp_path, render=counted, cluster=on_cluster(cluster))
    assert again.failures == () and again.rendered == 2
    assert sorted(rendered(out)[before:]) == sorted(n[:-4] for n in names
                                                    if n not in done)
    assert sorted(records(out)) == list(names)
    _no_temp_files(out)


def test_a_local_cluster_s_retried_oserror_prints_no_dask_traceback(tmp_path, capfd):
    """`--scheduler local:N`: the workers share the user's terminal; a transient OSError that
    a retry fixes leaves no "Compute Failed" log with its traceback there."""
    from assetkit.cluster.settings import ClusterSettings, Scheduler

    write_campaign(tmp_path, {"flaky.psd": (300, 200), "ok.psd": (300, 200)})
    result = build(tmp_path, render=faulty,
                   cluster=ClusterSettings(Scheduler(workers=1)))
    assert result.failures == () and sorted(rendered(tmp_path / "out")) == ["flaky", "ok"]
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Compute Failed" not in err, err
