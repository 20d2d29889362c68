"""The drop folder sends its batches to the cluster, and Ctrl-C stops a cluster build: the
futures cancelled, no temp file, exit 130, resumed by running it again (issue 23)."""
from __future__ import annotations

import signal
import time

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
