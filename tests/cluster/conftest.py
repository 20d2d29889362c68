"""One local Dask cluster (2 worker processes x 1 thread, offline) shared by the cluster tests,
and builds through it. Without `distributed` the tests skip, except under CI=true, where CI
installs `[test]` (which has it) and a missing one is a failure."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

import assetkit
from assetkit import BuildOptions
from assetkit.cluster.settings import ClusterSettings, Scheduler
from assetkit.config import load_campaign

REPO = Path(__file__).resolve().parents[2]
MEM_MB = 4096  # each test worker's MEM resource

if importlib.util.find_spec("distributed") is None:
    if os.environ.get("CI") == "true":
        raise RuntimeError("distributed is not installed: CI must install '.[test]'")
    pytest.skip("distributed is not installed (pip install 'assetkit[cluster]')",
                allow_module_level=True)


def _importable_by_workers() -> None:
    """Workers are new processes: they import the injected renders (tests.cluster.renders)
    and this checkout's assetkit through PYTHONPATH."""
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if str(REPO) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, paths)])


def start_cluster(workers: int = 2, mem: float = MEM_MB, nanny: bool = True):
    from distributed import LocalCluster

    from assetkit.cluster.adapter import ALLOWED_FAILURES, configure

    _importable_by_workers()
    configure()
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=nanny,
                        dashboard_address=":0", resources={"MEM": mem},
                        scheduler_kwargs={"allowed_failures": ALLOWED_FAILURES})


@pytest.fixture(scope="package")
def cluster():
    """The shared cluster's scheduler address (tcp://...); closed after tests/cluster/, so
    its threads do not run under later tests (tracemalloc measures the whole process)."""
    with start_cluster() as local:
        yield local.scheduler_address


def on_cluster(address: str, **settings) -> ClusterSettings:
    return ClusterSettings(Scheduler(address=address), **settings)


def build(folder: Path, jobs: int = 1, **options):
    return assetkit.build(campaign=load_campaign(folder / "assetkit.yaml"), jobs=jobs,
                          options=BuildOptions(**options))
