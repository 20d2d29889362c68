"""`python -m bench [--json] [--runs N]`: time assetkit's build (flatten and recompose paths)
against naive Pillow, pyvips, ImageMagick and the physical limit; check weight and quality;
profile both builds per stage; time the recompose build of the agency set."""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from . import magick, stages, workload
from .targets import write_campaign

REPO = workload.REPO


RESAMPLER = {"ASSETKIT_RESAMPLER": "vips"}  # set from --resampler


def _run(cmd: list[str], cwd: Path, extra: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MiB, largest process of the tree) and exit code, measured by
    a small launcher process (see launch.py); `extra`: more environment."""
    env = {**os.environ, "PYTHONPATH": str(REPO), **RESAMPLER, **(extra or {})}
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result = Path(handle.name)
    try:
        proc = subprocess.run([sys.executable, "-m", "bench.launch", str(result), *cmd],
                              cwd=cwd, env=env, stderr=subprocess.PIPE, check=False)
        data = json.loads(result.read_text(encoding="utf-8"))
    finally:
        result.unlink(missing_ok=True)
    if proc.returncode != 0 or data["rc"] not in (0, 1):  # 1: findings, e.g. upscale warnings
        err = proc.stderr.decode(errors="replace")[-800:]
        raise RuntimeError(f"{' '.join(map(str, cmd[:6]))}... exited {data['rc']}: {err}")
    return data["wall"], data["rss_mb"], data["rc"]


def _sizes(paths: list[Path]) -> dict[Path, tuple[int, int]]:
    from psd_tools import PSDImage

    return {p: PSDImage.open(p).size for p in paths}


def compile_bytecode() -> None:
    """Write the bytecode of the packages the timed runs import, as `pip install` does for an
    installed assetkit. Under PYTHONDONTWRITEBYTECODE (set on the team's machines) an editable
    checkout would otherwise compile its modules' source in every timed run: about 0.11 s of
    CPU in assetkit's parent before its first task, a cost no installed copy pays. The runners
    import assetkit too, so every contender gets the same."""
    import compileall

    for package in ("assetkit", "bench"):
        compileall.compile_dir(REPO / package, quiet=1)


def _recompose_available() -> str | None:
    """None when the recomposer can be used, else why not."""
    try:
        from assetkit.render import recompose  # noqa: F401
    except ImportError as exc:
        return f"recomposer not importable yet ({exc})"
    return None


class Bench:
    def __init__(self, work: Path, jobs: int, poster: bool) -> None:
        self.work, self.jobs = work, jobs
        self.sources = [p for p in workload.sources(work)
                        if poster or p.name != workload.POSTER.name]
        sizes = _sizes(self.sources)
        self.plan = [{"path": str(p), "stem": p.stem, "jobs": workload.jobs(p, p.stem, sizes[p])}
                     for p in self.sources]
        self.plan_file = workload.write_jobs(work / "plan.json", self.plan)
        self.campaigns = {m: write_campaign(work, self.sources, m) for m in ("flatten", "recompose")}
        self.magick = magick.find()
        self.recompose_reason = _recompose_available()

    def ours(self, mode: str, jobs: int) -> list[str]:
        return [sys.executable, "-m", "assetkit", "build", "-c", str(self.campaigns[mode]),
                "--force", "-j", str(jobs), "-q"]

    def runner(self, name: str, jobs: int, plan: Path | None = None) -> list[str]:
        return [sys.executable, "-m", "bench.runners", name, str(plan or self.plan_file),
                str(self.work / f"out-{name}"), str(jobs)]

    def run_magick(self) -> tuple[float, float, int]:
        out = self.work / "out-magick"
        out.mkdir(exist_ok=True)
        total, peak = 0.0, 0.0
        for src in self.plan:  # one process per source
            wall, rss, _ = _run(magick.command(self.magick, src, out), self.work)
            total, peak = total + wall, max(peak, rss)
        return total, peak, 0

    def manifest(self) -> dict:
        return json.loads((self.work / "out-flatten" / "manifest.json").read_text("utf-8"))

    def limit_plan(self) -> Path:
        chosen = {o["variant_id"]: (o["encode"]["quality"], o["encode"]["subsampling"])
                  for o in self.manifest()["outputs"]}
        plan = [{**src, "jobs": [{**j, "chosen": chosen.get(j["id"])} for j in src["jobs"]]}
                for src in self.plan]
        return workload.write_jobs(self.work / "plan-limit.json", plan)

    def commands(self) -> dict:
        limit = self.limit_plan()
        cmds = {
            "naive": lambda: _run(self.runner("naive", 1), REPO),
            "ours_j1": lambda: _run(self.ours("flatten", 1), self.work),
            f"ours_j{self.jobs}": lambda: _run(self.ours("flatten", self.jobs), self.work),
            "limit_j1": lambda: _run(self.runner("limit", 1, limit), REPO),
            f"limit_j{self.jobs}": lambda: _run(self.runner("limit", self.jobs, limit), REPO),
        }
        if importlib.util.find_spec("pyvips") is not None:
            cmds["vips"] = lambda: _run(self.runner("vips", 1), REPO)
        if self.magick:
            cmds["magick"] = self.run_magick
        if self.recompose_reason is None:
            cmds["recompose"] = lambda: _run(self.ours("recompose", self.jobs), self.work)
        return cmds


    def profiles(self) -> dict:
        """The per-stage CPU profile of one more flatten and recompose build (-j N)."""
        modes = ["flatten"] + (["recompose"] if self.recompose_reason is None else [])
        return {mode: stages.profile(lambda env, mode=mode: _run(self.ours(mode, self.jobs),
                                                                 self.work, env))
                for mode in modes}


def agency(work: Path, jobs: int, log) -> dict:
    """The agency set (bench/agency, 15 untagged PSDs) built for every bundled slot with the
    recompose path at -j N, once: its time, peak RSS and stage profile."""
    from .layout.build import agency_sources, write_campaign

    folder = work / "agency"
    sources = agency_sources(folder)
    config = write_campaign(folder / "bench-agency.yaml", sources, folder / "out-agency")
    cmd = [sys.executable, "-m", "assetkit", "build", "-c", str(config), "--force",
           "-j", str(jobs), "-q", "--fail-on", "never"]
    timed: dict = {}

    def run(env: dict) -> None:
        timed["wall"], timed["rss"], _ = _run(cmd, folder, env)

    profile = stages.profile(run)
    log(f"agency     {timed['wall']:6.2f} s  {timed['rss']:6.0f} MiB ({len(sources)} sources)")
    return {"agency_recompose_seconds": round(timed["wall"], 3),
            "agency_peak_rss_mb": round(timed["rss"], 1), "agency_sources": len(sources),
            "agency_profile": profile}


def _median_ratio(times: dict, num: str, den: str) -> float | None:
    if num not in times or den not in times:
        return None
    return round(statistics.median(a / b for a, b in zip(times[num], times[den], strict=True)), 3)


# Tools whose ratio sits near its floor run back to back in every round, the flatten build
# between its limit and its recompose build: a ratio of two runs minutes apart also measures
# how the machine drifted in between (other tenants, clocks).
PAIRED = (("ours_j1", "limit_j1"), ("limit_j{jobs}", "ours_j{jobs}", "recompose"))


def round_order(names: list[str], r: int, jobs: int) -> list[str]:
    """Round `r`'s order of the tools: the paired tools as blocks, each block's order reversed
    every other round, and the blocks rotated from round to round."""
    blocks: list[list[str]] = []
    placed: set[str] = set()
    for name in names:
        if name in placed:
            continue
        block = next(([n.format(jobs=jobs) for n in pair] for pair in PAIRED
                      if name in {n.format(jobs=jobs) for n in pair}), [name])
        block = [n for n in block if n in names and n not in placed]  # -j 1: pairs share
        placed.update(block)
        blocks.append(block[::-1] if r % 2 else block)
    turn = r % len(blocks)
    return [name for block in blocks[turn:] + blocks[:turn] for name in block]


def measure(bench: Bench, runs: int, log) -> tuple[dict, dict]:
    compile_bytecode()
    _run(bench.ours("flatten", 1), bench.work)  # warm caches, and the manifest the limit needs
    cmds = bench.commands()
    times: dict[str, list[float]] = {k: [] for k in cmds}
    rss: dict[str, float] = {k: 0.0 for k in cmds}
    names = list(cmds)
    for r in range(runs):
        for name in round_order(names, r, bench.jobs):
            wall, peak, _ = cmds[name]()
            times[name].append(wall)
            rss[name] = max(rss[name], peak)
            log(f"run {r + 1}/{runs} {name:<10} {wall:6.2f} s  {peak:6.0f} MiB")
    return times, rss


def weight_and_quality(bench: Bench) -> dict:
    from .checks import check

    # re-render (q_lost) with the resampler the timed runs used, not this process's default
    return check(bench, RESAMPLER["ASSETKIT_RESAMPLER"])


def machine() -> dict:
    from PIL import features

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor()) if Path("/proc/cpuinfo").is_file() else platform.processor()
    info = {"cpu": cpu, "cpus_usable": len(os.sched_getaffinity(0)),
            "python": platform.python_version(), "pillow": features.version("pil"),
            "libjpeg_turbo": features.version("libjpeg_turbo")}
    try:
        import pyvips

        info["libvips"] = f"{pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)}"
    except ImportError:
        info["libvips"] = None
    return info


def _spread(times: list[float] | None) -> float | None:
    """The largest deviation of a tool's times from their median, as a share of it."""
    if not times:
        return None
    middle = statistics.median(times)
    return round(max(abs(t - middle) for t in times) / middle, 3)


def metrics(bench: Bench, times: dict, rss: dict, checks: dict) -> dict:
    j = f"ours_j{bench.jobs}"
    return {
        "speedup_vs_naive_pillow_j1": _median_ratio(times, "naive", "ours_j1"),
        f"speedup_vs_naive_pillow_j{bench.jobs}": _median_ratio(times, "naive", j),
        "speedup_vs_imagemagick": _median_ratio(times, "magick", j),
        "speedup_vs_vips": _median_ratio(times, "vips", j),
        "recompose_speedup_vs_naive_pillow": _median_ratio(times, "naive", "recompose"),
        "recompose_vs_flatten": _median_ratio(times, "recompose", j),
        "recompose_spread": _spread(times.get("recompose")),
        "limit_ratio": _median_ratio(times, j, f"limit_j{bench.jobs}"),
        "limit_ratio_j1": _median_ratio(times, "ours_j1", "limit_j1"),
        **checks,
        "peak_rss_mb": round(max(rss.get(j, 0), rss.get("recompose", 0)), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument("--runs", type=int, default=5, help="alternating runs (default 5)")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="parallel runs' workers")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "bench",
                        help="scratch folder (default build/bench)")
    parser.add_argument("--no-poster", action="store_true", help="leave the poster fixture out")
    parser.add_argument("--no-agency", action="store_true",
                        help="leave out the agency set's recompose build (about 1-2 minutes)")
    parser.add_argument("--resampler", choices=("pillow", "vips"), default="vips",
                        help="assetkit's resampler for its runs and the limit (default vips, the product default)")
    args = parser.parse_args(argv)
    RESAMPLER["ASSETKIT_RESAMPLER"] = args.resampler
    args.work.mkdir(parents=True, exist_ok=True)
    log = (lambda msg: print(msg, file=sys.stderr)) if args.json else print
    bench = Bench(args.work.resolve(), args.jobs, not args.no_poster)
    times, rss = measure(bench, args.runs, log)
    result = metrics(bench, times, rss, weight_and_quality(bench))
    result["stage_profile"] = bench.profiles()
    if not args.no_agency:
        result |= agency(args.work.resolve(), args.jobs, log)
    result["null_reasons"] = {
        k: v for k, v in {
            "speedup_vs_imagemagick": None if bench.magick else "ImageMagick not installed",
            "speedup_vs_vips": None if "vips" in times else "pyvips not installed",
            "recompose_speedup_vs_naive_pillow": bench.recompose_reason,
            "recompose_vs_flatten": bench.recompose_reason,
        }.items() if v}
    result["resampler"] = args.resampler
    result["machine"] = machine()
    result["median_seconds"] = {k: round(statistics.median(v), 3) for k, v in times.items()}
    result["variants"] = sum(len(s["jobs"]) for s in bench.plan)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        from .table import render

        print(render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
