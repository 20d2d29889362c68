"""Workers are checked against the coordinator (issue 23): a worker with another version is
retired with the difference named and the build finishes on the others; workers that mount
the shared folder elsewhere are reached through --path-map, and one that cannot read the
folder's root id is retired."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import assetkit
from assetkit.cluster.settings import PathMap
from assetkit.errors import ClusterStalled
from tests.store.conftest import records, write_campaign

from .conftest import REPO, build, on_cluster, start_cluster
from .renders import brand_paths_seen, counted, fake_code, fake_version, held, rendered


def test_a_mismatched_worker_is_retired_and_the_others_build(tmp_path):
    write_campaign(tmp_path / "a", {"a.psd": (300, 200), "b.psd": (200, 300)})
    write_campaign(tmp_path / "b", {"c.psd": (300, 200)})
    from distributed import Client

    with start_cluster() as local, Client(local, set_as_default=False) as client:
        fake, good = sorted(client.scheduler_info()["workers"])
        client.run(fake_version, workers=[fake])
        result = build(tmp_path / "a", render=counted,
                       cluster=on_cluster(local.scheduler_address))
        assert result.failures == ()
        assert [w for w in result.warnings if "retired" in w] == [
            f"{fake} retired from the build: assetkit 0.0.0-fake here, "
            f"{assetkit.__version__} on the coordinator"]
        assert sorted(rendered(tmp_path / "a" / "out")) == ["a", "b"]
        assert list(client.scheduler_info()["workers"]) == [good]
        # a worker that cannot read the output folder where the task says: none is left
        nowhere = PathMap(str(tmp_path / "b"), str(tmp_path / "nowhere"))
        with pytest.raises(ClusterStalled) as stalled:
            build(tmp_path / "b", render=counted,
                  cluster=on_cluster(local.scheduler_address, path_maps=(nowhere,)))
    root_id = tmp_path / "nowhere" / "out" / ".assetkit" / "root-id"
    assert str(stalled.value) == (
        f"no worker has the coordinator's environment: {good} retired from the build: "
        f"cannot read {root_id} (No such file or directory): use --path-map FROM=TO")


def _join_late(folder: Path, address: str, joined: list[str]) -> None:
    """Once a render has started: a worker with another version (and no MEM: it can take no
    task, so only the joiners' check can see it) joins; once it is gone, renders go on."""
    from distributed import Client

    deadline = time.monotonic() + 30
    while not list(folder.glob("started-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with Client(address, set_as_default=False) as client:
        before = set(client.scheduler_info()["workers"])
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--no-nanny",
             "--nthreads", "1", "--preload", "tests.cluster.joiner"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while not joined and time.monotonic() < deadline:
                joined += set(client.scheduler_info()["workers"]) - before
                time.sleep(0.05)
            while (set(joined) & set(client.scheduler_info()["workers"])
                   and time.monotonic() < deadline):
                time.sleep(0.05)
        finally:
            (folder / "release").touch()
            _stop(worker)


def _stop(worker: subprocess.Popen) -> None:
    """A retired dask worker asked to stop (SIGTERM) can spend over 30 s closing on a busy
    machine (it waits on its comms to a scheduler that has dropped it): killed after 10 s,
    so the test's thread never ends on a TimeoutExpired."""
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _plugins(dask_scheduler) -> list[str]:
    return sorted(name for name in dask_scheduler.worker_plugins if name.startswith("assetkit"))


def test_a_worker_with_other_code_under_the_same_version_is_retired(tmp_path):
    """Every checkout says version 0.1.0: two that differ made different bytes on one build,
    unseen. The package's code digest tells them apart."""
    write_campaign(tmp_path, {"a.psd": (300, 200), "b.psd": (200, 300)})
    from distributed import Client

    from assetkit.cluster.environment import code_digest

    with start_cluster() as local, Client(local, set_as_default=False) as client:
        other, good = sorted(client.scheduler_info()["workers"])
        client.run(fake_code, workers=[other])
        result = build(tmp_path, render=counted, cluster=on_cluster(local.scheduler_address))
        assert result.failures == ()
        assert [w for w in result.warnings if "retired" in w] == [
            f"{other} retired from the build: assetkit code 000000000000 here, "
            f"{code_digest()[:12]} on the coordinator"]
        assert sorted(rendered(tmp_path / "out")) == ["a", "b"]
        assert list(client.scheduler_info()["workers"]) == [good]


def test_the_code_digest_follows_code_bytes_not_copies_or_caches(tmp_path):
    from assetkit.cluster.environment import tree_digest

    a, b = tmp_path / "a", tmp_path / "b"
    (a / "pkg").mkdir(parents=True)
    (a / "pkg" / "mod.py").write_text("X = 1\n", encoding="utf-8")
    (a / "pkg" / "layouts.yaml").write_text("a: 1\n", encoding="utf-8")
    shutil.copytree(a, b)
    (b / "pkg" / "__pycache__").mkdir()
    (b / "pkg" / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"compiled")
    (b / "pkg" / "notes.txt").write_text("a stray file", encoding="utf-8")
    assert tree_digest(a) == tree_digest(b)
    (b / "pkg" / "mod.py").write_text("X = 2\n", encoding="utf-8")
    assert tree_digest(a) != tree_digest(b)
    (b / "pkg" / "mod.py").write_text("X = 1\n", encoding="utf-8")
    (b / "pkg" / "layouts.yaml").rename(b / "pkg" / "other.yaml")
    assert tree_digest(a) != tree_digest(b)


def test_a_worker_that_joins_with_another_version_is_retired(tmp_path):
    write_campaign(tmp_path, {"a.psd": (300, 200), "b.psd": (200, 300)})
    joined: list[str] = []
    with start_cluster(workers=1) as local:
        late = threading.Thread(target=_join_late,
                                args=(tmp_path, local.scheduler_address, joined))
        late.start()
        try:
            result = build(tmp_path, render=held,
                           cluster=on_cluster(local.scheduler_address))
        finally:
            late.join()
        from distributed import Client

        with Client(local, set_as_default=False) as client:  # the build's check ended with it
            assert client.run_on_scheduler(_plugins) == []
    assert result.failures == () and len(joined) == 1
    assert [w for w in result.warnings if "retired" in w] == [
        f"{joined[0]} retired from the build: assetkit 0.0.0-fake here, "
        f"{assetkit.__version__} on the coordinator"]
    assert sorted(rendered(tmp_path / "out")) == ["a", "b"]


def test_path_map_reaches_the_folder_where_the_workers_mount_it(tmp_path, cluster):
    real = tmp_path / "real"
    write_campaign(real, {"a.psd": (300, 200)})
    seen_here = tmp_path / "link"
    seen_here.symlink_to(real, target_is_directory=True)  # the coordinator's mount
    mapping = PathMap(str(seen_here), str(real))  # the workers': the real path
    result = build(seen_here, render=counted, cluster=on_cluster(cluster, path_maps=(mapping,)))
    assert result.failures == () and result.rendered == 1
    assert sorted(records(real / "out")) == ["a.psd"]


def test_each_task_sees_a_root_id_that_changed_since_the_last(tmp_path):
    """The check is kept per worker process, but not past a change of the root-id file (a
    remount, another build's folder): the next task's check reads it again."""
    from assetkit.cluster.environment import difference, expect
    from assetkit.fsutil import write_atomic

    out = tmp_path / "out"
    expected = expect(out, out, None, {})
    assert difference(expected) is None
    assert difference(expected) is None  # kept
    write_atomic(out / ".assetkit" / "root-id", b"0123456789abcdef")
    assert difference(expected) == f"{out / '.assetkit' / 'root-id'} is another output folder's"


def test_path_map_reaches_the_brand_files_and_the_layout_file(tmp_path, cluster):
    """Not only the source and OUT: logo masters, font folders, the brand file and the layout
    file are sent as the workers mount them."""
    real = tmp_path / "real"
    write_campaign(real, {"a.psd": (300, 200)},
                   extra="brand: brand/brand.yaml\nlayouts: layouts.yaml\n")
    (real / "brand" / "fonts").mkdir(parents=True)
    shutil.copy(REPO / "brand_rules" / "haneul-logo.png", real / "brand" / "logo.png")
    (real / "brand" / "brand.yaml").write_text(
        "name: B\nfonts: {dirs: [fonts]}\nlogo: {masters: [logo.png]}\n", encoding="utf-8")
    (real / "layouts.yaml").write_text((REPO / "assetkit" / "data" / "layouts.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")
    seen_here = tmp_path / "link"
    seen_here.symlink_to(real, target_is_directory=True)
    mapping = PathMap(str(seen_here), str(real))
    result = build(seen_here, render=brand_paths_seen,
                   cluster=on_cluster(cluster, path_maps=(mapping,)))
    assert result.failures == () and result.rendered == 1
    seen = (real / "brand.log").read_text("utf-8").split()
    assert seen == [str(real / "brand" / "logo.png"), str(real / "brand" / "fonts"),
                    str(real / "brand" / "brand.yaml"), str(real / "layouts.yaml")]


def test_a_task_on_a_worker_without_the_folder_makes_nothing_there(tmp_path):
    """The environment check comes first: a worker that does not mount OUT where the task
    says creates no folder there (it made OUT/.assetkit/tmp/running/ on its local disk) and
    the task comes back as 'wrong environment', not as an OSError against the source."""
    from types import SimpleNamespace

    from assetkit.cluster.environment import expect
    from assetkit.cluster.task import run_source

    out, elsewhere = tmp_path / "out", tmp_path / "not-mounted" / "out"
    task = SimpleNamespace(expected=expect(out, elsewhere, None, {}),
                           job=SimpleNamespace(stem="a", out_dir=elsewhere),
                           decision=SimpleNamespace(sid=SimpleNamespace(digest="d")))
    result = run_source(task)
    assert result.wrong is not None and "cannot read" in result.wrong
    assert not (tmp_path / "not-mounted").exists()
