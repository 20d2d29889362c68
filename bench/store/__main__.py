"""`python -m bench.store [--sources N] [--json]`: the output store at scale (issue 19). Over
N sparse 275 MB PSDs x 65 slots, through `assetkit.build()` with the render injected, each
build in its own process: (1) the first build, (2) a no-op build, (3) a build after 10 sources
changed; wall time, peak RSS, source bytes read and what each wrote under OUT, against the
issue's floors."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .table import render
from .workload import SLOTS, Changes, Workload, diff, disk_used, snapshot, source_ids

REPO = Path(__file__).resolve().parents[2]
SETUP = "setup.json"  # the work folder's workload and its first build, reused unless --fresh
KB = 1024

# (metric, floor, comparison): the Done-when "Bench" item, 2 cores
FLOORS = (("noop_wall_s", 20.0, "<="), ("noop_peak_rss_mb", 500.0, "<="),
          ("noop_source_bytes_read", 0, "=="), ("noop_files_modified", 0, "=="),
          ("change_records_written", None, "=="),  # == --changed
          ("change_index_kb", 100.0, "<="))


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_phase(load: Workload, share: float, profile: Path | None = None) -> dict:
    """One build in a fresh interpreter: its report, and its wall time from the parent (start-up
    and imports included: what `assetkit build` costs the person waiting)."""
    cmd = [sys.executable, "-m", "bench.store.phase", str(load.work),
           "--findings-share", str(share), *(["--profile", str(profile)] if profile else [])]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    begin = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - begin
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr[-2000:]}")
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    if report["failures"]:
        raise RuntimeError(f"build failures: {report['failures'][:3]}")
    return {**report, "wall_s": wall}


def measured(load: Workload, share: float) -> tuple[dict, Changes]:
    """A phase with a snapshot of OUT before and after it: the phase's report and the diff."""
    before = snapshot(load.out) if load.out.is_dir() else {}
    report = run_phase(load, share)
    return report, diff(before, snapshot(load.out))


def setup(load: Workload, count: int, share: float, fresh: bool) -> dict:
    """The sources, the campaign and the first build, or the ones of an earlier run."""
    marker = load.work / SETUP
    wanted = {"sources": count, "slots": SLOTS, "findings_share": share}
    if not fresh and marker.is_file():
        done = json.loads(marker.read_text(encoding="utf-8"))
        if {k: done.get(k) for k in wanted} == wanted:
            _log(f"reusing the workload and first build in {load.work} (--fresh redoes them)")
            return done
    for name in ("sources", "out", "specs"):
        shutil.rmtree(load.work / name, ignore_errors=True)
    load.work.mkdir(parents=True, exist_ok=True)
    _log(f"writing {count} sparse sources and the campaign ({SLOTS} slots)")
    begin = time.perf_counter()
    load.write_campaign()
    load.write_sources(count)
    written_s = time.perf_counter() - begin
    _log("first build")
    first, changes = measured(load, share)
    done = {**wanted, "sources_s": round(written_s, 2), "first": first,
            "first_written": changes.bytes_by_kind, "stamp": 0,
            "created": time.strftime("%Y-%m-%d %H:%M:%S")}
    marker.write_text(json.dumps(done, indent=1), encoding="utf-8")
    return done


def changed_ids(count: int, changed: int) -> list[str]:
    """`changed` sources spread over the set (so over as many index shards as can be)."""
    ids = source_ids(count)
    return [ids[i * count // changed] for i in range(changed)]


def profile_noop(load: Workload, share: float, top: int = 25) -> str:
    import io
    import pstats

    stats_file = load.work / "noop.prof"
    run_phase(load, share, stats_file)
    text = io.StringIO()
    stats = pstats.Stats(str(stats_file), stream=text)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return text.getvalue()


def metrics(done: dict, noop: dict, noop_diff: Changes, change: dict, change_diff: Changes,
            load: Workload, changed: int) -> dict:
    first = done["first"]
    index_bytes = change_diff.bytes_by_kind.get("index", 0)
    manifest_bytes = change_diff.bytes_by_kind.get("manifest", 0)
    result = {
        "sources": done["sources"], "slots": done["slots"], "changed": changed,
        "findings_share": done["findings_share"],
        "source_apparent_bytes": _apparent(load),
        "source_disk_bytes": disk_used(load.sources),
        "record_bytes_mean": round(_records_mean(load)),
        "first_wall_s": round(first["wall_s"], 2), "first_build_s": round(first["build_s"], 2),
        "first_peak_rss_mb": round(first["peak_rss"] / 2**20, 1),
        "first_source_bytes_read_counted": first["source_bytes_read"],  # the render hashed none
        "first_written_bytes": done["first_written"], "first_reused": done.get("reused", False),
        "noop_wall_s": round(noop["wall_s"], 2), "noop_build_s": round(noop["build_s"], 2),
        "noop_peak_rss_mb": round(noop["peak_rss"] / 2**20, 1),
        "noop_source_bytes_read": noop["source_bytes_read"],
        "noop_process_bytes_read": noop["build_rchar"],
        "noop_rendered": noop["rendered"], "noop_skipped_outputs": noop["skipped"],
        "noop_files_modified": noop_diff.modified,
        "noop_modified_examples": [*noop_diff.added, *noop_diff.changed, *noop_diff.removed][:5],
        "change_wall_s": round(change["wall_s"], 2), "change_build_s": round(change["build_s"], 2),
        "change_peak_rss_mb": round(change["peak_rss"] / 2**20, 1),
        "change_source_bytes_read": change["source_bytes_read"],
        "change_rendered": change["rendered"],
        "change_records_written": change_diff.files_by_kind.get("records", 0),
        "change_index_shards_written": change_diff.files_by_kind.get("index", 0),
        "change_index_bytes": index_bytes, "change_manifest_bytes": manifest_bytes,
        "change_index_kb": round((index_bytes + manifest_bytes) / KB, 1),
        "change_written_bytes": change_diff.bytes_by_kind,
        "change_files_removed": len(change_diff.removed),
    }
    result["floors"] = _floors(result, changed)
    result["pass"] = all(f["pass"] for f in result["floors"].values())
    return result


def _apparent(load: Workload) -> int:
    return sum(p.stat().st_size for p in load.sources.rglob("*.psd"))


def _records_mean(load: Workload) -> float:
    sizes = [e.stat().st_size for e in os.scandir(load.out / ".assetkit" / "sources")
             if e.name.endswith(".json")]
    return sum(sizes) / max(1, len(sizes))


def _floors(result: dict, changed: int) -> dict:
    checks = {}
    for key, floor, how in FLOORS:
        floor = changed if floor is None else floor
        value = result[key]
        ok = value <= floor if how == "<=" else value == floor
        checks[key] = {"value": value, "floor": f"{how} {floor}", "pass": ok}
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__)
    parser.add_argument("--work", type=Path, default=REPO / "build" / "bench" / "store",
                        help="scratch folder (default build/bench/store)")
    parser.add_argument("--sources", type=int, default=10_000, help="sources (default 10000)")
    parser.add_argument("--changed", type=int, default=10, help="sources changed in phase 3")
    parser.add_argument("--findings-share", type=float, default=0.1,
                        help="share of the sources whose record holds findings (default 0.1)")
    parser.add_argument("--fresh", action="store_true",
                        help="rewrite the sources and redo the first build even if --work has them")
    parser.add_argument("--profile", action="store_true",
                        help="then profile one more no-op build (cProfile, printed to stderr)")
    parser.add_argument("--json", action="store_true", help="print the metrics as one JSON document")
    args = parser.parse_args(argv)
    load = Workload(args.work.resolve())
    done = setup(load, args.sources, args.findings_share, args.fresh)
    _log("no-op build")
    noop, noop_diff = measured(load, args.findings_share)
    _log(f"changing {args.changed} sources, then building")
    stamp = done["stamp"] + 1
    load.change(changed_ids(args.sources, args.changed), stamp)
    change, change_diff = measured(load, args.findings_share)
    (load.work / SETUP).write_text(json.dumps({**done, "stamp": stamp, "reused": True},
                                              indent=1), encoding="utf-8")
    result = metrics(done, noop, noop_diff, change, change_diff, load, args.changed)
    if args.profile:
        _log(profile_noop(load, args.findings_share))
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
