"""Reconcile on start and exactly once (issue 22): files present at start are built, a restart
skips them by stat, a run killed before a record is finished on the next start, the same bytes
saved again are skipped and changed bytes rebuilt."""
from __future__ import annotations

import sys

import pytest

from tests.store.conftest import assert_consistent, outputs_on_disk, records

from .conftest import campaign, named, record_ids, tiny

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="process tests use Linux process semantics")
SETTLE = ("--settle", "0.2")


def test_files_present_at_start_are_built_and_a_restart_skips_them(tmp_path, watchers):
    folder = campaign(tmp_path)
    for i, name in enumerate(("a.psd", "b.psd", "sub/c.psd")):
        tiny(folder / "input" / name, i)
    first = watchers(folder, "input", *SETTLE)
    done = named(first.until("done", 3), "done")
    assert sorted(e["source"] for e in done) == ["a.psd", "b.psd", "sub/c.psd"]
    assert all(e["outputs"] == 1 and e["record"].endswith(".json") for e in done)
    assert first.stop() == 0
    outputs = {i: r.outputs for i, r in records(folder / "out").items()}

    again = watchers(folder, "input", *SETTLE)
    events = again.until("skipped", 3)
    assert named(events, "done") == [] and named(events, "failed") == []
    assert sorted(e["source"] for e in named(events, "skipped")) == ["a.psd", "b.psd",
                                                                     "sub/c.psd"]
    assert again.stop() == 0
    assert named(again.seen, "done") == []  # 0 renders (a record written within 2 s of its
    # file's mtime is re-hashed and may be re-stamped: the same outputs, a new time)
    assert {i: r.outputs for i, r in records(folder / "out").items()} == outputs


def test_a_watcher_killed_before_a_record_finishes_that_source_on_restart(tmp_path, watchers):
    folder = campaign(tmp_path)
    for i, name in enumerate(("a.psd", "b.psd", "c.psd")):
        tiny(folder / "input" / name, i)
    # killed (as by kill -9) when the second source's record is about to be written
    killed = watchers(folder, "input", *SETTLE, "-j", "2",
                      env={"ASSETKIT_FAULT": "before-record:2"})
    assert killed.ended() == 137
    assert record_ids(folder / "out") == ["a.psd"]

    again = watchers(folder, "input", *SETTLE)
    events = again.until("done", 2)
    events += again.until("skipped", 1) if not named(events, "skipped") else []
    assert sorted(e["source"] for e in named(events, "done")) == ["b.psd", "c.psd"]
    assert [e["source"] for e in named(events, "skipped")] == ["a.psd"]
    again.said("3 files (a.psd, b.psd, c.psd)")  # the batch's line: its index is published
    assert again.stop() == 0
    assert record_ids(folder / "out") == ["a.psd", "b.psd", "c.psd"]
    assert_consistent(folder / "out")  # no temp file outside .assetkit/, records = index


def test_the_same_bytes_saved_again_are_skipped_and_changed_bytes_rebuilt(tmp_path, watchers):
    folder = campaign(tmp_path)
    watcher = watchers(folder, "input", *SETTLE)
    banner = tiny(folder / "input" / "banner.psd", 1)
    first = named(watcher.until("done"), "done")[0]
    before = records(folder / "out")["banner.psd"]

    banner.write_bytes(banner.read_bytes())  # saved again, the same bytes
    events = watcher.until("skipped")
    assert named(events, "done") == [] and events[-1]["source"] == "banner.psd"

    tiny(banner, 4)  # saved with other pixels
    changed = named(watcher.until("done"), "done")[0]
    after = records(folder / "out")["banner.psd"]
    assert after.sha256 != before.sha256
    assert [o.sha256 for o in after.outputs] != [o.sha256 for o in before.outputs]
    assert changed["record"] == first["record"] and changed["outputs"] == 1
    assert watcher.stop() == 0


def test_fifty_files_dropped_at_once_are_each_built_once(tmp_path, watchers):
    folder = campaign(tmp_path)
    staging = tmp_path / "staging"
    for i in range(50):
        tiny(staging / f"s{i:02}.psd", i)
    watcher = watchers(folder, "input", *SETTLE)
    staging.rename(folder / "input" / "drop")  # one folder moved in: 50 arrivals
    done = named(watcher.until("done", 50, deadline=120), "done")
    ids = [e["source"] for e in done]
    assert sorted(ids) == [f"drop/s{i:02}.psd" for i in range(50)]  # each once
    assert watcher.stop() == 0
    assert named(watcher.seen, "done") == done and named(watcher.seen, "failed") == []
    assert len(record_ids(folder / "out")) == 50


def test_a_deleted_source_is_told_and_keeps_its_outputs_and_a_half_copy_deleted_is_not_built(
        tmp_path, watchers):
    folder = campaign(tmp_path)
    watcher = watchers(folder, "input", *SETTLE)
    banner = tiny(folder / "input" / "banner.psd", 1)
    watcher.until("done")
    built = outputs_on_disk(folder / "out")
    banner.unlink()
    watcher.said("banner.psd removed from the folder; its outputs are kept (a full `assetkit "
                 "build --prune` removes them)")
    half = folder / "input" / "half.psd"
    half.write_bytes(bytes(500))  # a copy that preallocates: waited for (20 settle periods)
    watcher.until("queued")
    half.unlink()  # deleted before its data came
    watcher.said("half.psd removed from the folder")
    assert watcher.stop() == 0
    assert [e["event"] for e in watcher.seen[-2:]] == ["queued", "stopped"]  # never started
    assert record_ids(folder / "out") == ["banner.psd"]
    assert outputs_on_disk(folder / "out") == built
