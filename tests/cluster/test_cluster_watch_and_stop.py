"""The drop folder sends its batches to the cluster, and Ctrl-C stops a cluster build: the
futures cancelled, no temp file, exit 130, resumed by running it again (issue 23)."""
from __future__ import annotations

import signal
import threading
import time

import assetkit
from assetkit import BuildOptions
from assetkit.cluster.settings import ClusterSettings, Scheduler
from assetkit.commands.watch import WatchSettings
from assetkit.watch.events import WatchEvent
from tests.store.conftest import assert_consistent, cli, records, write_campaign
from tests.watch.conftest import Watcher, campaign, tiny


def test_watch_sends_its_batches_to_the_cluster(tmp_path, cluster):
    folder = campaign(tmp_path)
    watcher = Watcher(folder, "input", "--poll", "0.2", "--settle", "0.5", "--scheduler",
                      cluster)
    try:
        watcher.until("watching")
        tiny(folder / "staging" / "a.psd").rename(folder / "input" / "a.psd")
        tiny(folder / "staging" / "b.psd", 1).rename(folder / "input" / "b.psd")
        done = [e for e in watcher.until("done", 2, deadline=90) if e["event"] == "done"]
        assert sorted(e["source"] for e in done) == ["a.psd", "b.psd"]
        assert watcher.stop() == 0
    finally:
        watcher.kill()
    assert sorted(records(folder / "out")) == ["a.psd", "b.psd"]
    assert (folder / "out" / ".assetkit" / "root-id").is_file()  # checked by the workers


def test_ctrl_c_cancels_the_cluster_build_and_a_rerun_finishes_it(tmp_path, cluster):
    names = [f"s{n}.psd" for n in range(8)]
    write_campaign(tmp_path, dict.fromkeys(names, (900, 600)))
    build = cli(tmp_path, "build", "--scheduler", cluster, "-q", wait=False)
    sources = tmp_path / "out" / ".assetkit" / "sources"
    deadline = time.monotonic() + 120
    while not (sources.is_dir() and any(sources.iterdir())):
        assert time.monotonic() < deadline and build.poll() is None, build.communicate()
        time.sleep(0.05)
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "Interrupted."
    assert len(records(tmp_path / "out")) < len(names)
    time.sleep(3)  # a task running when it stopped finishes (it commits nothing)
    assert [p for p in tmp_path.rglob("*.tmp")] == []
    again = cli(tmp_path, "build", "--scheduler", cluster, "-q")
    assert again.returncode == 0, again.stderr
    assert sorted(records(tmp_path / "out")) == names
    assert_consistent(tmp_path / "out")


def test_watch_keeps_one_local_cluster_for_all_its_batches(tmp_path, monkeypatch):
    """`watch --scheduler local:N` starts its cluster once, not once per batch (1-2 s each),
    and closes it when the watch ends."""
    import distributed

    from assetkit.cluster import adapter

    started: list[object] = []

    class Counted(distributed.LocalCluster):
        def __init__(self, *args, **kwargs):
            started.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(distributed, "LocalCluster", Counted)
    folder = campaign(tmp_path)
    events: list[WatchEvent] = []
    stop = threading.Event()
    watching = threading.Thread(target=assetkit.watch, args=(folder / "input",), kwargs=dict(
        campaign=folder / "assetkit.yaml", settings=WatchSettings(poll=0.2, settle=0.3),
        on_event=events.append, stop_event=stop,
        options=BuildOptions(cluster=ClusterSettings(Scheduler(workers=1)))))
    watching.start()
    try:
        for n, name in enumerate(("a.psd", "b.psd"), 1):  # two batches, one after the other
            tiny(folder / "staging" / name, n).rename(folder / "input" / name)
            deadline = time.monotonic() + 90
            while sum(e.event == "done" for e in events) < n:
                assert time.monotonic() < deadline, [e.event for e in events]
                time.sleep(0.1)
    finally:
        stop.set()
        watching.join(60)
    assert not watching.is_alive()
    assert sorted(e.source for e in events if e.event == "done") == ["a.psd", "b.psd"]
    assert len(started) == 1 and adapter._KEPT == {}
    assert started[0].status.name == "closed"
    assert sorted(records(folder / "out")) == ["a.psd", "b.psd"]


def test_a_batch_that_raised_does_not_leave_its_local_cluster_to_the_next():
    """A stalled or stopped batch may leave tasks running on the kept workers: the next batch
    starts a cluster anew, and this one is closed."""
    import pytest

    from assetkit.cluster import adapter

    with pytest.raises(RuntimeError), adapter.session_for(Scheduler(workers=1), keep=True) as session:
        assert adapter._KEPT == {Scheduler(workers=1): session}
        raise RuntimeError("a stall")
    assert adapter._KEPT == {}
    assert session._cluster.status.name == "closed"
