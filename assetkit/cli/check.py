"""`assetkit check`: exported images, build folders and sources against their slots."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import options
from .common import echo, guarded, style, warn


@click.command(epilog=options.example("assetkit check output/ --junit check.xml",
                                      "assetkit check banner.jpg --slot coupang/main --github"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@options.config
@options.brand
@options.specs
@click.option("--slot", metavar="PLATFORM/SLOT",
              help="The slot of files that are not inside a build output (manifest.json).")
@options.junit
@options.as_json
@options.github
@options.fail_on
@options.quiet
@guarded
def check(paths, config, brand, specs_dir, slot, junit_file, as_json, github, fail_on, quiet):
    """Check exported images, build folders and PSD/PSB sources (PATHS: files or folders)."""
    from ..commands.check import check as run_check
    from ..errors import UsageError

    if as_json and github:
        raise UsageError("--json and --github both print on stdout; choose one")
    report = run_check(paths, slot=slot, campaign=config, specs_dir=specs_dir, brand_path=brand)
    warn(report.warnings)
    if junit_file:
        from ..report.junit import write_junit

        write_junit(report, junit_file)
    if as_json:
        from ..report.jsondoc import render_json

        echo([render_json(report, fail_on)])
    else:
        from ..report.console import console_lines

        echo(console_lines(report, fail_on, style, quiet=quiet))
    if github:
        from ..report.github import github_lines

        echo(github_lines(report))
    sys.exit(int(report.exit_code(fail_on)))
