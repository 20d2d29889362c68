"""Signals and the lock per batch (issue 22): SIGTERM or SIGINT during a source finishes it
(its `done`), then `stopped` (exit 0, or 130); a manual build runs while the watcher is idle,
exits 4 naming it while a batch runs, and the watcher's next batch waits for a manual build."""
from __future__ import annotations

import signal
import sys
import time

import pytest

from assetkit.store.journal import journal_path
from assetkit.store.lock import lock_path
from assetkit.store.manifest import read_manifest
from assetkit.store.store import OutputStore
from tests.store.conftest import cli, records

from .conftest import campaign, named, tiny

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="process tests use Linux process semantics")
MANY = ("google-display",)  # every slot of a platform: seconds for a large source


def await_lock(out, proc, deadline: float = 60.0) -> None:
    """Until `out`'s lock exists (a condition with a deadline, never a fixed sleep)."""
    end = time.monotonic() + deadline
    while not lock_path(out).exists():
        assert proc.poll() is None, "the lock holder ended before taking the lock"
        assert time.monotonic() < end, "the lock was never taken"
        time.sleep(0.02)


@pytest.mark.parametrize("sig, code, reason", [(signal.SIGTERM, 0, "terminate"),
                                               (signal.SIGINT, 130, "interrupt")])
def test_a_signal_during_a_batchs_last_source_finishes_and_publishes_it_then_stops(
        tmp_path, watchers, big_psd, sig, code, reason):
    folder, out = campaign(tmp_path, MANY), tmp_path / "out"
    (folder / "input" / "big.psd").hardlink_to(big_psd)
    watcher = watchers(folder, "input", "--settle", "0.2")
    started = named(watcher.until("started"), "started")[0]
    sent = time.monotonic()
    watcher.proc.send_signal(sig)
    assert watcher.ended() == code
    took = time.monotonic() - sent
    tail = [e["event"] for e in watcher.seen[-2:]]
    assert tail == ["done", "stopped"] and watcher.seen[-1]["reason"] == reason
    source_time = watcher.seen[-2]["_at"] - started["_at"]
    assert took <= source_time + 5
    committed = records(out)["big.psd"].outputs
    assert committed
    # the batch published what it committed before exiting: manifest, index, report
    assert (out / "manifest.json").is_file()
    manifest = read_manifest(out / "manifest.json")
    assert manifest is not None
    assert sorted(o.path for o in manifest.outputs) == sorted(o.path for o in committed)
    assert [e.id for e in OutputStore(out).index.entries.values()] == ["big.psd"]
    assert not journal_path(out).exists() and (out / "report.html").is_file()
    watcher.said("1 file (big.psd): ")  # and said so in its batch line


def test_a_manual_build_runs_while_idle_and_is_refused_while_a_batch_runs(tmp_path, watchers,
                                                                          big_psd):
    folder = campaign(tmp_path, MANY)
    tiny(folder / "input" / "small.psd", 1)
    watcher = watchers(folder, "input", "--settle", "0.2")
    watcher.until("done")
    idle = cli(folder, "build")  # the watcher holds no lock between batches
    assert idle.returncode in (0, 1), idle.stderr

    for name in ("big1.psd", "big2.psd", "big3.psd"):  # one batch of many seconds
        (folder / "input" / name).hardlink_to(big_psd)
    watcher.until("started")
    await_lock(folder / "out", watcher.proc)
    busy = cli(folder, "build")
    assert busy.returncode == 4, busy.stderr
    assert f"pid {watcher.proc.pid}" in busy.stderr and "`watch`" in busy.stderr
    watcher.until("done", 3)
    assert watcher.stop() == 0


def test_the_watchers_next_batch_waits_for_a_manual_builds_lock(tmp_path, watchers, big_psd):
    folder = campaign(tmp_path, MANY)
    (folder / "input" / "big.psd").hardlink_to(big_psd)
    manual = cli(folder, "build", "input/big.psd", wait=False)  # not watched yet: built by hand
    await_lock(folder / "out", manual)
    watcher = watchers(folder, "input", "--settle", "0.2")  # reconciles while the build runs
    tiny(folder / "input" / "small.psd", 2)
    events = watcher.until("done")
    manual.communicate(timeout=120)
    assert manual.returncode in (0, 1)
    assert watcher.stop() == 0
    done = named(events, "done")
    assert [e["source"] for e in done] == ["small.psd"]
    found = records(folder / "out")
    assert found["small.psd"].recorded > found["big.psd"].recorded  # after the manual commit


def test_a_second_sigint_stops_at_once_and_the_source_is_built_on_restart(tmp_path, watchers,
                                                                          big_psd):
    folder = campaign(tmp_path, MANY)
    (folder / "input" / "big.psd").hardlink_to(big_psd)
    watcher = watchers(folder, "input", "--settle", "0.2")
    watcher.until("started")
    watcher.proc.send_signal(signal.SIGINT)
    watcher.said("Stopping after the source being built")  # the first one was handled
    watcher.proc.send_signal(signal.SIGINT)
    assert watcher.ended() == 130
    assert named(watcher.seen, "done") == [] and "big.psd" not in records(folder / "out")

    again = watchers(folder, "input", "--settle", "0.2")
    assert named(again.until("done"), "done")[0]["source"] == "big.psd"
    assert again.stop() == 0
