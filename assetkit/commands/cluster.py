"""`assetkit scheduler` and `assetkit worker ADDRESS`: Dask's own scheduler and workers, started
with the settings a cluster build relies on (3 deaths make a failed source; one thread per
worker process; the memory limit as resource MEM)."""
from __future__ import annotations

import subprocess

from ..cluster.adapter import scheduler_command, worker_command


def scheduler(port: int = 8786) -> int:
    """Run a scheduler in the foreground until stopped; its exit code."""
    command, env = scheduler_command(port)
    return subprocess.run(command, env=env, check=False).returncode


def worker(address: str, nworkers: int = 1, memory_limit: str | None = None) -> int:
    """Run `nworkers` worker processes (1 thread each) for `address` until stopped."""
    command, env = worker_command(address, nworkers, memory_limit)
    return subprocess.run(command, env=env, check=False).returncode
