"""`python -m bench.store.phase WORK [--profile FILE]`: one build of the bench campaign through
`assetkit.build()` with the render injected, in a process of its own; prints one JSON line:
the build's wall time and counts, this process's peak RSS and its read/write byte counters."""
from __future__ import annotations

import time

START = time.perf_counter()

import argparse  # noqa: E402  (the clock starts before the imports: they are part of a build)
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def _status(key: str) -> int:
    """A `VmHWM`-style field of /proc/self/status in bytes (0 where there is no /proc)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _io() -> dict[str, int]:
    """This process's I/O counters: rchar/wchar (every read/write call, cached or not)."""
    try:
        pairs = (line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
        return {k: int(v) for k, v in pairs}
    except OSError:
        return {}


def run(work: Path, share: float) -> dict:
    import assetkit
    from assetkit.pipeline import BuildOptions

    from .render import FakeRender
    from .workload import Workload

    load = Workload(work)
    render = FakeRender(load.digests, load.sources, share)
    io_before, begin = _io(), time.perf_counter()
    result = assetkit.build(campaign=load.campaign, jobs=1, options=BuildOptions(render=render))
    build_s, io_after = time.perf_counter() - begin, _io()
    return {"build_s": build_s, "process_s": time.perf_counter() - START,
            "peak_rss": _status("VmHWM"),
            "build_rchar": io_after.get("rchar", 0) - io_before.get("rchar", 0),
            "build_wchar": io_after.get("wchar", 0) - io_before.get("wchar", 0),
            "source_bytes_read": result.source_bytes_read, "written": result.written,
            "skipped": result.skipped, "rendered": result.rendered,
            "outputs_total": result.outputs_total, "sources": result.sources,
            "findings": len(result.findings), "failures": [f.detail for f in result.failures]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store.phase", description=__doc__)
    parser.add_argument("work", type=Path)
    parser.add_argument("--findings-share", type=float, default=0.0)
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the build here")
    args = parser.parse_args(argv)
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        report = profiler.runcall(run, args.work, args.findings_share)
        profiler.dump_stats(args.profile)
    else:
        report = run(args.work, args.findings_share)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
