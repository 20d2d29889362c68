"""Preloaded into a worker that joins a build late (`dask worker --preload
tests.cluster.joiner`): it claims another assetkit version from its start."""
from __future__ import annotations

from .renders import fake_version


def dask_setup(worker: object) -> None:
    fake_version()
