"""`assetkit build`: every platform variant of the sources, with a summary and findings."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import options
from .common import Progress, echo, error, guarded, style, verbose, warn


@click.command(epilog=options.example("assetkit build                      # the campaign in "
                                      "./assetkit.yaml",
                                      "assetkit build input/a.psd --only coupang,naver-smartstore"
                                      "/main -o out"))
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@options.config
@options.specs
@options.brand
@options.only("Build only these targets (comma-separated or repeated); merges into the "
              "existing manifest.")
@options.out
@options.source_root
@options.wait
@click.option("--prune", is_flag=True,
              help="Remove the outputs of sources that are gone from the source root.")
@click.option("--rehash", is_flag=True,
              help="Read every source to hash it, trusting no recorded size and mtime.")
@click.option("--verify", is_flag=True,
              help="Check the recorded outputs are on disk; rebuild sources missing some.")
@options.jobs
@options.cluster
@click.option("--force", is_flag=True, help="Rebuild outputs even when their inputs are unchanged.")
@click.option("--previews", is_flag=True,
              help="Write OUTPUT_preview.png beside each output of a slot with coded text: the "
                   "platform's strings drawn in their areas (how shoppers see it).")
@options.fail_on
@options.as_json
@options.quiet
@click.option("--mode", type=click.Choice(["recompose", "flatten"]),
              help="recompose: re-place layers per slot (default); flatten: crop the composite.")
@click.option("--max-megapixels", type=click.FloatRange(min=1), default=300, show_default=True,
              help="Largest source document accepted.")
@click.option("--max-side", type=click.IntRange(min=1), default=60_000, show_default=True,
              help="Largest source width or height accepted (px).")
@guarded
def build(sources, config, specs_dir, brand, only, out, source_root, wait, prune, rehash, verify,
          jobs, scheduler, path_maps, no_progress_timeout, force, previews, fail_on, as_json,
          quiet, mode, max_megapixels, max_side):
    """Build every platform variant of SOURCES (PSD/PSB files, folders or globs), or of the
    campaign's sources."""
    from ..commands.build import BuildOptions, ClusterSettings, DocumentLimits
    from ..commands.build import build as run_build
    from ..report import text
    from ..report.console import finding_lines

    started = time.perf_counter()
    limits = DocumentLimits(max_megapixels=max_megapixels, max_side=max_side)
    settings = BuildOptions(specs_dir=specs_dir, brand_path=brand, mode=mode, limits=limits,
                            progress=Progress(not (quiet or as_json)), source_root=source_root,
                            wait=wait, prune=prune, rehash=rehash, verify=verify,
                            previews=previews,
                            cluster=ClusterSettings(scheduler, path_maps, no_progress_timeout))
    result = run_build(sources, campaign=config, only=only, out=out, jobs=jobs, force=force,
                       options=settings)
    code = result.exit_code(fail_on)
    warn(result.warnings)
    error(text.failure_line(f) for f in result.failures)
    if as_json:
        echo([text.build_json(result, code)])
        sys.exit(int(code))
    if not quiet:
        echo(text.build_lines(result, time.perf_counter() - started))
    echo(finding_lines(result.findings, verbose=verbose(), quiet=quiet, style=style))
    echo(text.build_failures(result))
    if not quiet:
        echo(text.build_where(result))
    sys.exit(int(code))
