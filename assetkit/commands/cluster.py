"""`assetkit scheduler` and `assetkit worker ADDRESS`: Dask's own scheduler and workers, started
with the settings a cluster build relies on (3 deaths make a failed source; one thread per
worker process; the memory limit as resource MEM)."""
from __future__ import annotations

import os
import subprocess

from ..cluster.settings import NO_PROGRESS_TIMEOUT, parse_path_map, parse_scheduler

__all__ = ["NO_PROGRESS_TIMEOUT", "parse_path_map", "parse_scheduler", "scheduler", "worker"]


def scheduler(port: int = 8786) -> int:
    """Run a scheduler in the foreground until stopped; its exit code."""
    from ..cluster.adapter import scheduler_command  # Dask: not loaded by the CLI's start

    return _become(*scheduler_command(port))


def worker(address: str, nworkers: int = 1, memory_limit: str | None = None) -> int:
    """Run `nworkers` worker processes (1 thread each) for `address` until stopped."""
    from ..cluster.adapter import worker_command

    return _become(*worker_command(address, nworkers, memory_limit))


def _become(command: list[str], env: dict[str, str]) -> int:
    """Run `command` as this process (POSIX exec: a service manager's signals reach Dask, and
    nothing is left behind when it stops); elsewhere as a child, its exit code."""
    if os.name == "posix":
        os.execve(command[0], command, env)
    return subprocess.run(command, env=env, check=False).returncode
