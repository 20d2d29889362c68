"""Failure isolation and --move (issue 22): a bad file fails that source only (an error record,
a report line, a `failed` event) and the service goes on; committed sources move to done/ or
failed/ beside the drop folder, a clash gets a suffix, and a build afterwards removes nothing."""
from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from assetkit.store.ids import SourceId
from assetkit.store.records import read_record
from tests.store.conftest import cli, outputs_on_disk

from .conftest import campaign, named, tiny, truncated

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="process tests use Linux process semantics")


def test_a_truncated_psd_fails_alone_the_service_goes_on_and_a_bad_save_keeps_old_outputs(
        tmp_path, watchers):
    folder = campaign(tmp_path)
    inbox = folder / "input"
    for i in range(5):
        tiny(inbox / f"good{i}.psd", i)
    truncated(inbox / "cut.psd", 9)
    watcher = watchers(folder, "input", "--settle", "0.3")
    events = watcher.until("done", 5)
    events += [] if named(events, "failed") else watcher.until("failed")
    (failed,) = named(events, "failed")
    assert failed["source"] == "cut.psd" and failed["error"] and failed["worst"] == "error"
    record = read_record(folder / "out", SourceId("cut.psd").digest)
    assert record is not None and failed["record"].endswith(f"{SourceId('cut.psd').digest}.json")
    assert [f.code for f in record.findings] == ["build.failed"] and record.outputs == ()
    assert "build.failed" in (folder / "out" / "report.html").read_text(encoding="utf-8")

    later = tiny(inbox / "later.psd", 7)  # still alive: a later drop is built
    assert named(watcher.until("done"), "done")[0]["source"] == "later.psd"
    assert len(named(watcher.seen, "done")) == 6 and len(named(watcher.seen, "failed")) == 1

    # a failed save keeps the source's earlier outputs (one watcher for both: a start less)
    built = outputs_on_disk(folder / "out")
    truncated(later, 2)  # a bad save over a good source
    (failed,) = named(watcher.until("failed"), "failed")
    assert failed["source"] == "later.psd" and failed["outputs"] == 1
    assert watcher.stop() == 0
    assert outputs_on_disk(folder / "out") == built
    assert len(named(watcher.seen, "done")) == 6 and len(named(watcher.seen, "failed")) == 2


def test_move_puts_sources_in_done_and_failed_and_a_build_then_removes_nothing(tmp_path,
                                                                               watchers):
    folder = campaign(tmp_path)
    inbox = folder / "input"
    tiny(folder / "done" / "sub" / "a.psd", 5)  # already there: the next one gets a suffix
    watcher = watchers(folder, "input", "--settle", "0.3", "--move")
    tiny(inbox / "sub" / "a.psd", 1)
    tiny(inbox / "b.psd", 2)
    truncated(inbox / "bad.psd", 3)
    events = watcher.until("done", 2)
    events += [] if named(events, "failed") else watcher.until("failed")
    assert watcher.stop() == 0
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.psd")) == [
        "done/b.psd", "done/sub/a (2).psd", "done/sub/a.psd", "failed/bad.psd"]
    before = outputs_on_disk(folder / "out")
    assert len(before) == 2
    tiny(inbox / "c.psd", 4)  # the drop folder is empty after --move: one more, not dropped
    result = cli(folder, "build", "input", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["removed"] == []  # moving never makes outputs stale
    after = outputs_on_disk(folder / "out")
    assert {k: v for k, v in after.items() if k in before} == before and len(after) == 3


def _render_workers(pid: int) -> list[int]:
    """The pool's workers below `pid` (Linux /proc): the children of the forkserver, which is a
    child of `pid` beside the resource tracker, so never a direct child of `pid`."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    children = {p for p, parent in parents.items() if parent == pid}
    return sorted(p for p, parent in parents.items() if parent in children)


def test_a_render_workers_death_fails_that_source_only(tmp_path, watchers, big_psd):
    folder = campaign(tmp_path, ("google-display",))
    (folder / "input" / "big.psd").hardlink_to(big_psd)
    watcher = watchers(folder, "input", "--settle", "0.2", "-j", "2")
    watcher.until("started")
    end = time.monotonic() + 60
    while len(workers := _render_workers(watcher.proc.pid)) < 2:
        assert time.monotonic() < end and watcher.proc.poll() is None, workers
        time.sleep(0.02)
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    (failed,) = named(watcher.until("failed"), "failed")
    assert failed["source"] == "big.psd" and "internal error" in failed["error"]
    tiny(folder / "input" / "later.psd", 1)  # the service goes on
    assert named(watcher.until("done"), "done")[0]["source"] == "later.psd"
    assert watcher.stop() == 0


def test_a_source_saved_while_it_is_built_is_built_again_without_a_failed_event(
        tmp_path, watchers, big_psd):
    """A designer saves over a source the watcher is building: that build is not recorded
    (its hash and decode may have read different versions; pipeline/run.placed) and, as the
    file changed, the watcher retries it silently (no `failed` event: a failure of a version
    already replaced) and builds the saved version, whose record holds the saved bytes."""
    import shutil

    from assetkit.fsutil import file_sha256

    folder = campaign(tmp_path, targets=("coupang", "naver-smartstore", "meta"))
    inbox = folder / "input"
    watcher = watchers(folder, "input", "--settle", "0.3")
    shutil.copyfile(big_psd, inbox / "a.psd")
    watcher.until("started")
    time.sleep(0.3)  # inside the build of the first version (seconds for these slots)
    saved = tiny(folder / "saved.psd", 3)
    tmp = inbox / ".a.psd.tmp"
    shutil.copyfile(saved, tmp)
    os.replace(tmp, inbox / "a.psd")  # an editor's save: written aside, renamed over
    (done,) = named(watcher.until("done"), "done")
    assert done["source"] == "a.psd"
    assert watcher.stop() == 0
    assert named(watcher.seen, "failed") == []
    record = read_record(folder / "out", SourceId("a.psd").digest)
    assert record is not None and record.sha256 == file_sha256(saved)
    assert "changed while it was built" in "".join(watcher.stderr)
