"""`assetkit build`: every platform variant of the sources, with a summary and findings."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from ..errors import ExitCode
from .common import FAIL_ON, _load_campaign, _print_findings, _Progress, guarded, style


def _summary_lines(result, seconds: float) -> list[str]:
    from ..findings import count_by_severity

    counts = count_by_severity(result.findings)
    return [
        f"Built {result.written} outputs ({result.skipped} up to date, {len(result.removed)} "
        f"stale removed) from {result.sources} sources x {result.targets} slots "
        f"in {seconds:.1f} s",
        f"Findings: {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['info']} info",
    ]


def _build_json(result, code: ExitCode) -> str:
    return json.dumps({
        "exit_code": int(code), "out_dir": str(result.out_dir),
        "manifest": str(result.manifest), "report": str(result.report),
        "written": result.written, "skipped": result.skipped, "removed": list(result.removed),
        "outputs": [o.to_dict() for o in result.outputs],
        "findings": [f.to_dict() for f in result.findings],
        "failures": [{"source": f.source, "kind": f.kind, "message": f.message,
                      "log": str(f.log) if f.log else None} for f in result.failures],
    }, ensure_ascii=False, indent=2)


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Campaign file (default: assetkit.yaml here or in a parent folder).")
@click.option("--specs", "specs_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of platform specs overlaying the bundled ones by platform id.")
@click.option("--brand", type=click.Path(path_type=Path, dir_okay=False), help="Brand rules file.")
@click.option("--only", multiple=True, metavar="PLATFORM[/SLOT]",
              help="Build only these targets (repeatable); merges into the existing manifest.")
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: the campaign's).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: CPUs).")
@click.option("--force", is_flag=True, help="Rebuild outputs even when their inputs are unchanged.")
@click.option("--fail-on", type=FAIL_ON, default="error", show_default=True,
              help="Lowest finding severity that makes the exit code 1.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--mode", type=click.Choice(["recompose", "flatten"]),
              help="recompose: re-place layers per slot (default); flatten: crop the composite.")
@click.option("--max-megapixels", type=click.FloatRange(min=1), default=300, show_default=True,
              help="Largest source document accepted.")
@click.option("--max-side", type=click.IntRange(min=1), default=60_000, show_default=True,
              help="Largest source width or height accepted (px).")
@guarded
def build(sources, config, specs_dir, brand, only, out, jobs, force, fail_on, as_json, quiet,
          mode, max_megapixels, max_side):
    """Build every platform variant of SOURCES (PSD/PSB files, folders or globs)."""
    from .. import pipeline
    from ..document import DocumentLimits

    limits = DocumentLimits(max_megapixels=max_megapixels, max_side=max_side)

    campaign_warnings: list[str] = []  # unknown keys in assetkit.yaml: a typo must not be silent
    campaign, _ = _load_campaign(config, campaign_warnings)
    started = time.perf_counter()
    options = pipeline.BuildOptions(specs_dir=specs_dir, brand_path=brand, mode=mode,
                                    limits=limits, progress=_Progress(not (quiet or as_json)))
    result = pipeline.build(sources, campaign=campaign, only=only, out=out, jobs=jobs,
                            force=force, options=options)
    code = result.exit_code(fail_on)
    for failure in result.failures:
        log = f" (traceback in {failure.log})" if failure.log else ""
        click.echo(style(f"Error: {failure.message}{log}", err=True, fg="red"), err=True)
    if as_json:
        click.echo(_build_json(result, code))
    else:
        for warning in () if quiet else (*campaign_warnings,
                                             *result.extra.get("config_warnings", ())):
            click.echo(style(f"Warning: {warning}", err=True, fg="yellow"), err=True)
        if not quiet:
            for line in _summary_lines(result, time.perf_counter() - started):
                click.echo(line)
        _print_findings(result.findings, quiet)
        if result.failures:
            kinds = [f.kind for f in result.failures]
            click.echo(f"Failed sources: {kinds.count('unreadable')} unreadable, "
                       f"{kinds.count('internal')} internal errors")
        if not quiet:
            click.echo(f"Outputs:  {result.out_dir}{os.sep}")
            click.echo(f"Manifest: {result.manifest}")
            click.echo(f"Report:   {result.report}")
    sys.exit(int(code))
