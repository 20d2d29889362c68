"""`python -m bench.cluster [--count 10000] [--workers 2] [--threads 4] [--json]`: a cluster
build at catalogue scale (issue 23). The same coordinator as `assetkit build --scheduler` (the
store, the lock, the index, the report), with only the per-source render injected: each task
sleeps 0.1 s and makes one real 50 KB atomic write, then the worker commits its record as in a
real build. Faults: 2 % of the sources raise a transient OSError once, 0.3 % end their worker
once (os._exit), 1 % are submitted twice. Checks every record once, every output on disk with
its recorded sha256, no temp file, and prints the issue's targets.

`--compare [--runs 5]` instead times the bench workload (bench/README.md) copied to 6 sources:
`build -j 2` against the same build on a 2 x 1 local cluster, median of the runs, the
cluster's start-up reported on its own."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assetkit.fsutil import file_sha256, write_atomic
from assetkit.model import Output
from assetkit.pipeline.results import SourceResult
from assetkit.pipeline.source import SourceJob
from assetkit.pipeline.variant import inputs_key
from assetkit.store.records import scratch_dir

REPO = Path(__file__).resolve().parents[1]
SLOT = "google-display/300x250"
KB = 1024


def _share(stem: str, salt: str) -> float:
    """A stable number in [0, 1) per source: which faults it meets."""
    return int(hashlib.sha1(f"{salt}:{stem}".encode()).hexdigest()[:8], 16) / 0x1_0000_0000


class BenchRender:
    """The injected render (picklable: it runs on the workers). Markers under `work` make
    each fault happen once; each task appends its own duration to `work/times/<pid>`."""

    def __init__(self, work: Path, sleep: float, transient: float, deaths: float) -> None:
        self.work, self.sleep = work, sleep
        self.transient, self.deaths = transient, deaths

    def _first(self, what: str, stem: str) -> bool:
        try:
            (self.work / "markers" / f"{what}-{stem.replace('/', '_')}").touch(exist_ok=False)
        except FileExistsError:
            return False
        return True

    def __call__(self, job: SourceJob) -> SourceResult:
        begin = time.perf_counter()
        if _share(job.stem, "oserror") < self.transient and self._first("oserror", job.stem):
            raise OSError(5, "transient read error (bench)")
        if _share(job.stem, "death") < self.deaths and self._first("death", job.stem):
            os._exit(1)
        time.sleep(self.sleep)
        digest = job.digest or file_sha256(job.path)
        target = job.targets[0]
        data = hashlib.sha256(digest.encode()).digest() * (50 * KB // 32)
        rel = f"{job.stem}/{target.platform.id}/{target.slot.id}.bin"
        write_atomic(job.out_dir / rel, data, scratch_dir(job.out_dir))
        output = Output(variant_id=f"{job.stem}/{target.key}", source=job.stem,
                        platform=target.platform.id, slot=target.slot.id, path=rel, width=1,
                        height=1, bytes=len(data), max_bytes=len(data), format="bin", encode={},
                        inputs_key=inputs_key(digest, target, job),
                        sha256=hashlib.sha256(data).hexdigest())
        with open(self.work / "times" / str(os.getpid()), "a", encoding="ascii") as log:
            log.write(f"{time.perf_counter() - begin:.6f}\n")
        return SourceResult(job.stem, (output,), written=1, sha256=digest)


def make_campaign(work: Path, count: int) -> Path:
    """`count` files that start like PSDs (the render reads no further), aged an hour."""
    sources = work / "input"
    for n in range(count):
        path = sources / f"d{n // 1000:02d}" / f"s{n:05d}.psd"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"8BPS\x00\x01" + bytes(6) + b"\x00\x03" + (100).to_bytes(4, "big")
                         + (100).to_bytes(4, "big") + b"\x00\x08\x00\x03" + n.to_bytes(4, "big"))
        old = time.time() - 3600
        os.utime(path, (old, old))
    for folder in ("markers", "times"):
        (work / folder).mkdir(exist_ok=True)
    config = work / "assetkit.yaml"
    config.write_text(f"sources: [input]\nsource_root: input\noutput: out\ntargets: [{SLOT}]\n"
                      "formats: [jpeg]\nmode: flatten\n", encoding="utf-8")
    return config


@contextmanager
def duplicated(share: float) -> Iterator[list]:
    """Within the block, the coordinator's drain gets `share` of its tasks a second time, ~50
    tasks after the first (as a watcher's overlapping batches would send them)."""
    from assetkit.cluster import coordinator

    drain = coordinator.Coordinator.drain
    step = max(1, round(1 / share)) if share > 0 else 0

    runs: list = []  # what each drain did (ClusterRun)

    def drain_twice(self, tasks):
        doubled = list(tasks)
        for i in range(0, len(tasks), step) if step else ():
            doubled.insert(min(len(doubled), i + (i // step) + 50), tasks[i])
        runs.append(self.run)
        return drain(self, doubled)

    coordinator.Coordinator.drain = drain_twice
    try:
        yield runs
    finally:
        coordinator.Coordinator.drain = drain


def _workers_import_this_checkout() -> None:
    """Workers are new processes: they import the injected render from this checkout."""
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if str(REPO) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), *paths]))


def start_cluster(workers: int, threads: int):
    """A running local cluster (for --compare: builds reach it by its address)."""
    from distributed import LocalCluster

    from assetkit.cluster.adapter import ALLOWED_FAILURES, configure

    _workers_import_this_checkout()
    configure()
    return LocalCluster(n_workers=workers, threads_per_worker=threads, processes=True,
                        dashboard_address=":0", resources={"MEM": 4096},
                        scheduler_kwargs={"allowed_failures": ALLOWED_FAILURES})


def cpu_seconds() -> float:
    """User + system CPU time of this process and every process under it, the ended ones too
    (workers are reaped by their nanny here or by the forkserver: its children's times)."""
    import psutil

    own = resource.getrusage(resource.RUSAGE_SELF)
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + ended.ru_utime + ended.ru_stime
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def verify(out: Path, count: int) -> dict:
    from assetkit.store.records import iter_records

    records = list(iter_records(out))
    ids = [r.id for r in records]
    bad = missing = 0
    for record in records:
        for o in record.outputs:
            path = out / o.path
            if not path.is_file():
                missing += 1
            elif hashlib.sha256(path.read_bytes()).hexdigest() != o.sha256:
                bad += 1
    temps = [p for p in out.rglob("*.tmp")]
    return {"records": len(records), "records_unique": len(set(ids)),
            "records_expected": count, "outputs_missing": missing, "outputs_wrong_sha": bad,
            "temp_files": len(temps),
            "failed_records": sum(1 for r in records if r.inputs_key == "failed")}


def catalogue(args: argparse.Namespace, work: Path | None = None) -> dict:
    import assetkit
    from assetkit import BuildOptions
    from assetkit.cluster.adapter import Session
    from assetkit.cluster.settings import ClusterSettings, Scheduler
    from assetkit.config import load_campaign

    work = work or Path(tempfile.mkdtemp(prefix="assetkit-bench-cluster-"))
    config = make_campaign(work, args.count)
    scheduler = Scheduler(workers=args.workers, threads=args.threads)
    begin = time.perf_counter()
    Session(scheduler).close()  # the start-up alone, measured once
    startup = time.perf_counter() - begin
    render = BenchRender(work, args.sleep, args.transient, args.deaths)
    settings = ClusterSettings(scheduler, no_progress_timeout=args.no_progress_timeout)
    _workers_import_this_checkout()
    cpu, begin = cpu_seconds(), time.perf_counter()
    with duplicated(args.duplicates) as runs:  # the coordinator starts (and restarts) it
        result = assetkit.build(campaign=load_campaign(config), jobs=1,
                                options=BuildOptions(render=render, cluster=settings))
    wall = time.perf_counter() - begin - startup
    cpu = cpu_seconds() - cpu
    times = [float(line) for f in (work / "times").iterdir()
             for line in f.read_text("ascii").split()]
    mean = sum(times) / len(times)
    slots = args.workers * args.threads
    report = {"sources": args.count, "slots": slots, "startup_s": round(startup, 2),
              "build_s": round(wall, 2),  # without the start-up
              "mean_task_s": round(mean, 4),
              "throughput_per_s": round(args.count / wall, 1),
              "throughput_target_per_s": round(0.8 * slots / mean, 1),
              # every process's CPU (coordinator, scheduler, nannies, workers) per task
              "cpu_ms_per_task": round(1000 * cpu / args.count, 1),
              "coordinator_peak_rss_mb": round(
                  resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
              "failures": [f.detail for f in result.failures][:5],
              "stall_recoveries": [w for w in result.warnings if "stalled" in w],
              "retired": [w for w in result.warnings if "retired" in w],
              "duplicates_collapsed": sum(r.duplicates for r in runs),
              "resubmitted_lost": sum(r.resubmitted for r in runs),
              "peak_in_flight": max((r.peak_in_flight for r in runs), default=0),
              "faults": {"transient_oserror": len(list((work / "markers").glob("oserror-*"))),
                         "worker_deaths": len(list((work / "markers").glob("death-*")))},
              **verify(work / "out", args.count), "work": str(work)}
    report["targets_met"] = (
        report["records"] == report["records_unique"] == args.count
        and not report["outputs_missing"] and not report["outputs_wrong_sha"]
        and not report["temp_files"] and report["coordinator_peak_rss_mb"] <= 1024
        and report["throughput_per_s"] >= report["throughput_target_per_s"])
    return report


def arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--sleep", type=float, default=0.1)
    parser.add_argument("--transient", type=float, default=0.02)
    parser.add_argument("--deaths", type=float, default=0.003)
    parser.add_argument("--duplicates", type=float, default=0.01)
    parser.add_argument("--no-progress-timeout", type=float, default=30.0)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = arguments().parse_args(argv)
    if args.compare:
        from .cluster_compare import compare

        report = compare(args.runs)
    else:
        report = catalogue(args)
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key:28} {value}")
    return 0 if report.get("targets_met", True) else 1


if __name__ == "__main__":
    # run as bench.cluster, not __main__: its render then travels to the workers by reference,
    # as assetkit's own does, not pickled whole (class and code) with every task
    from bench.cluster import main as imported_main

    sys.exit(imported_main())
