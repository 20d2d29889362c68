"""A cluster build is the local build with the sources run on Dask workers: same files, same
index, same findings (issue 23)."""
from __future__ import annotations

import shutil

from assetkit.config.specs import load_catalog
from tests.store.conftest import assert_consistent, index_rows, outputs_on_disk, write_campaign

from .conftest import build, on_cluster
from .renders import slots_sent

SOURCES = {"a.psd": (600, 400), "b/c.psd": (300, 200), "d.psd": (400, 400)}
VOLATILE = ("recorded", "inode")  # when the record was written; the copy's inode


def test_a_cluster_build_equals_build_j2(tmp_path, cluster):
    local, remote = tmp_path / "local", tmp_path / "remote"
    write_campaign(local, SOURCES)
    shutil.copytree(local, remote)  # copy2: the same bytes and mtimes
    expected = build(local, jobs=2)
    got = build(remote, cluster=on_cluster(cluster))
    assert got.failures == expected.failures == ()
    assert (got.written, got.rendered) == (expected.written, expected.rendered) == (6, 3)
    assert outputs_on_disk(remote / "out") == outputs_on_disk(local / "out")
    assert index_rows(remote / "out", VOLATILE) == index_rows(local / "out", VOLATILE)
    assert got.findings == expected.findings
    assert_consistent(remote / "out")
    again = build(remote, cluster=on_cluster(cluster))  # committed: nothing is submitted
    assert (again.rendered, again.written, again.skipped) == (0, 0, 6)


def test_a_task_carries_only_the_slots_it_builds(tmp_path, cluster):
    """A platform lists every slot it has; the workers get each target's own (a task's bytes
    are unpickled by the scheduler and the worker, once per source)."""
    write_campaign(tmp_path, {"a.psd": (300, 200)})
    result = build(tmp_path, render=slots_sent, cluster=on_cluster(cluster))
    assert result.failures == ()
    assert (tmp_path / "slots.log").read_text("utf-8").split() == [
        "google-display/300x250:1", "coupang/main:1"]
    catalog = load_catalog()
    assert all(len(catalog.platforms[p].slots) > 1 for p in ("google-display", "coupang"))
