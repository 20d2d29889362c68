"""`python -m bench.cluster --compare [--runs 5]`: the bench workload (bench/README.md) copied
to 6 sources, built with `build -j 2` and with `build --scheduler` on a running 2 x 1 local
cluster, alternately, each a whole `assetkit build --force` process; medians, and the cluster's
start-up (what `--scheduler local:2` adds once per build) on its own."""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from . import workload
from .targets import write_campaign

MODE = "flatten"
COPIES = 6


def _sources(work: Path) -> list[Path]:
    """The workload's sources, copied (hard links where possible) to COPIES files."""
    found = workload.sources(work)
    folder = work / "copies"
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for n in range(COPIES):
        source = found[n % len(found)]
        copy = folder / f"c{n}-{source.name}"
        if not copy.exists():
            try:
                os.link(source.resolve(), copy)
            except OSError:
                shutil.copyfile(source, copy)
        copies.append(copy)
    return copies


def _timed(command: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(workload.REPO)}
    begin = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):  # 1: findings
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr[-800:]}")
    return time.perf_counter() - begin


def compare(runs: int, work: Path | None = None) -> dict:
    from .cluster import start_cluster

    work = work or workload.REPO / "build" / "bench-cluster"
    config = write_campaign(work, _sources(work), MODE)
    build = [sys.executable, "-m", "assetkit", "build", "-c", str(config), "--force", "-q"]
    begin = time.perf_counter()
    with start_cluster(2, 1) as local:
        startup = time.perf_counter() - begin
        times: dict[str, list[float]] = {"build -j 2": [], "--scheduler": []}
        for _ in range(runs):
            times["build -j 2"].append(_timed([*build, "-j", "2"]))
            times["--scheduler"].append(_timed([*build, "--scheduler",
                                                local.scheduler_address]))
    medians = {k: round(statistics.median(v), 2) for k, v in times.items()}
    ratio = medians["--scheduler"] / medians["build -j 2"]
    return {"sources": COPIES, "mode": MODE, "runs": runs, "times_s": times,
            "median_s": medians, "ratio": round(ratio, 3), "ratio_target": 1.3,
            "cluster_startup_s": round(startup, 2), "targets_met": ratio <= 1.3}
