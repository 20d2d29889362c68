"""Stable files (issue 22): a file is built once its copy has settled, whole: a slow 40 MB copy
once after its last chunk, a copy that pauses longer than --settle without a false failure, a
temp-then-rename save under its final name only, temp names never; with OS events and polling."""
from __future__ import annotations

import datetime as dt
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import campaign, named, side_by_side, tiny

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="process tests use Linux process semantics")
MODES = {"events": (), "poll": ("--poll", "0.5")}


def copy_in_chunks(source: Path, target: Path, chunks: int, pause: float) -> float:
    """Copy as a slow share does: `chunks` writes through one open handle, `pause` seconds
    apart (the pacing of the copy, not a wait on the watcher); the wall time of the last."""
    data = source.read_bytes()
    step = -(-len(data) // chunks)
    with open(target, "wb") as handle:
        for i in range(chunks):
            if i:
                threading.Event().wait(pause)
            handle.write(data[i * step:(i + 1) * step])
            handle.flush()
            last = time.time()
    return last


def wall(event: dict) -> float:
    return dt.datetime.fromisoformat(event["time"].replace("Z", "+00:00")).timestamp()


def test_a_40_mb_copy_in_chunks_is_built_once_after_its_last_chunk(tmp_path, watchers,
                                                                    big_psd):
    assert big_psd.stat().st_size > 40_000_000
    folder = campaign(tmp_path)
    watcher = watchers(folder, "input", "--settle", "1")
    last = copy_in_chunks(big_psd, folder / "input" / "big.psd", chunks=8, pause=0.3)
    events = watcher.until("done", deadline=90)
    assert [e["event"] for e in events] == ["queued", "started", "done"]
    assert wall(events[1]) > last  # started after the last chunk
    assert events[-1]["source"] == "big.psd" and events[-1]["outputs"] == 1
    assert watcher.stop() == 0
    assert named(watcher.seen, "failed") == []


def test_a_copy_pausing_longer_than_settle_is_built_once_and_never_failed(tmp_path, watchers):
    runs = side_by_side(watchers, tmp_path, MODES, "--settle", "1")  # events and polling
    source = tiny(tmp_path / "staging" / "slow.psd", 3)
    copies = [threading.Thread(target=copy_in_chunks,
                               args=(source, folder / "input" / "slow.psd", 4, 1.5))
              for folder, _ in runs.values()]
    for copy in copies:
        copy.start()
    for copy in copies:
        copy.join()
    for mode, (_, watcher) in runs.items():
        done = named(watcher.until("done"), "done")
        assert [e["source"] for e in done] == ["slow.psd"], mode
        assert watcher.stop() == 0
        assert named(watcher.seen, "failed") == [] and len(named(watcher.seen, "done")) == 1, mode


def test_present_dropped_and_renamed_files_are_built_and_temp_names_never(tmp_path, watchers):
    for mode in MODES:
        tiny(tmp_path / mode / "input" / "present.psd", 1)
    runs = side_by_side(watchers, tmp_path, MODES, "--settle", "0.3")  # events and polling
    for mode, (_, watcher) in runs.items():
        assert named(watcher.until("done"), "done")[0]["source"] == "present.psd", mode

    for folder, _ in runs.values():
        tiny(folder / "input" / "dropped.psd", 2)
    for mode, (_, watcher) in runs.items():
        assert named(watcher.until("done"), "done")[0]["source"] == "dropped.psd", mode

    for folder, _ in runs.values():
        inbox = folder / "input"
        for name in ("._x.psd", "~x.psd", "x.psd.part"):
            tiny(inbox / name, 3)
        tiny(inbox / "~saving.psd", 4).rename(inbox / "saved.psd")  # a temp-then-rename save
    for mode, (_, watcher) in runs.items():
        events = watcher.until("done")
        assert watcher.stop() == 0
        assert [(e["event"], e["source"]) for e in events] == [
            ("queued", "saved.psd"), ("started", "saved.psd"), ("done", "saved.psd")], mode
        names = {Path(e["path"]).name for e in watcher.seen if "path" in e}
        assert names == {"input", "present.psd", "dropped.psd", "saved.psd"}, mode
