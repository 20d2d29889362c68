"""`python -m bench.layout`: build the agency set (and the shared fixtures) for every bundled
slot and measure each variant from pixels against the ground truth; time the build against a
baseline commit's."""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from .build import (
    FIXTURES,
    REPO,
    agency_sources,
    export_ref,
    fixture_sources,
    run_build,
    write_campaign,
)
from .evaluate import Totals, evaluate
from .sheet import contact_sheet

BASELINE = "2415719"  # the merge base of the layout rewrite


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.layout", description=__doc__)
    p.add_argument("--work", type=Path, default=REPO / "build" / "bench" / "agency")
    p.add_argument("--json", action="store_true", help="print the metrics as one JSON dict")
    p.add_argument("--baseline-ref", default=BASELINE, help="commit timed as 'today' ('' = none)")
    p.add_argument("--runs", type=int, default=1, help="builds per side; the median is used")
    p.add_argument("--fixtures", type=Path, default=FIXTURES if FIXTURES.is_dir() else None)
    p.add_argument("--no-fixtures", action="store_true")
    p.add_argument("--sheet", type=Path, help="write a contact sheet PNG (and PATH-before)")
    p.add_argument("--verbose", action="store_true", help="list the worst offenders")
    p.add_argument("--jobs", "-j", type=int, default=2)
    return p.parse_args(argv)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _side(code_root: Path, work: Path, name: str, sources: list[Path], args) -> tuple[Path, float]:
    """Build `sources` with the code at `code_root` `--runs` times; (out dir, median seconds)."""
    out = work / f"out-{name}"
    config = write_campaign(work / f"{name}.yaml", sources, out)
    times = []
    for run in range(max(1, args.runs)):
        _log(f"building {name} ({len(sources)} sources), run {run + 1}/{args.runs}")
        times.append(run_build(config, code_root, args.jobs))
    return out, statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    work = args.work.resolve()
    agency = agency_sources(work)
    fixtures = [] if args.no_fixtures else fixture_sources(args.fixtures)
    out, seconds = _side(REPO, work, "agency", agency, args)
    metrics = Totals()
    evaluate(out / "manifest.json", agency, metrics)
    report = {"agency": metrics.as_dict(), "build_seconds": round(seconds, 2)}
    if args.baseline_ref:
        with tempfile.TemporaryDirectory(prefix="bench-layout-") as tmp:
            root = export_ref(args.baseline_ref, Path(tmp) / "tree")
            before, base = _side(root, work, "baseline", agency, args)
            report |= {"baseline_ref": args.baseline_ref, "baseline_seconds": round(base, 2),
                       "time_ratio": round(seconds / base, 3)}
            if args.sheet:
                contact_sheet(before, [p.stem for p in agency[:5]],
                              args.sheet.with_name(f"{args.sheet.stem}-before{args.sheet.suffix}"))
    if args.sheet:
        contact_sheet(out, [p.stem for p in agency[:5]], args.sheet)
    if fixtures:
        fixed = Totals()
        fout, _ = _side(REPO, work, "fixtures", fixtures, args)
        evaluate(fout / "manifest.json", fixtures, fixed)
        report["fixtures"] = fixed.as_dict(truth=False)
        metrics.offenders += fixed.offenders
    print(json.dumps(report, indent=2) if args.json else _table(report))
    if args.verbose:
        for row in _worst(metrics.offenders):
            print("  ".join(row), file=sys.stderr if args.json else sys.stdout)
    return 0


def _table(report: dict) -> str:
    lines = []
    for key, value in report.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k:<20} {v}" for k, v in value.items()]
        else:
            lines.append(f"{key:<22} {value}")
    return "\n".join(lines)


def _worst(offenders: list[tuple[str, str, str, str]], each: int = 20) -> list[tuple]:
    """Up to `each` offenders of every kind: dropped without a finding, cut, covered, dropped
    with a finding; by file and slot."""
    kinds = ("dropped (no finding)", "cut", "covered", "dropped (finding)")
    return [row for kind in kinds
            for row in sorted(o for o in offenders if o[3].startswith(kind))[:each]]


if __name__ == "__main__":
    sys.exit(main())
