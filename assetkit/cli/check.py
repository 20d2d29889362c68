"""`assetkit check`: exported images, build folders and sources against their slots."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import UsageError
from .common import FAIL_ON, _load_campaign, guarded, style


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Campaign file (default: assetkit.yaml here or in a parent folder).")
@click.option("--brand", type=click.Path(path_type=Path, dir_okay=False), help="Brand rules file.")
@click.option("--specs", "specs_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of platform specs overlaying the bundled ones by platform id.")
@click.option("--slot", metavar="PLATFORM/SLOT",
              help="The slot of files that are not inside a build output (manifest.json).")
@click.option("--junit", "junit_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write a JUnit XML report: one testcase per file x check.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
@click.option("--github", is_flag=True, help="Also print GitHub Actions annotations.")
@click.option("--fail-on", type=FAIL_ON, default="error", show_default=True,
              help="Lowest finding severity that makes the exit code 1.")
@guarded
def check(paths, config, brand, specs_dir, slot, junit_file, as_json, github, fail_on):
    """Check exported images, build folders and PSD/PSB sources (PATHS: files or folders)."""
    from ..pipeline.check import check as run_check

    if as_json and github:
        raise UsageError("--json and --github both print on stdout; choose one")
    campaign, _ = _load_campaign(config)
    report = run_check(paths, slot=slot, campaign=campaign, specs_dir=specs_dir,
                       brand_path=brand)
    for warning in report.warnings:
        click.echo(style(f"Warning: {warning}", err=True, fg="yellow"), err=True)
    if junit_file:
        from ..report.junit import write_junit

        write_junit(report, junit_file)
    if as_json:
        from ..report.jsondoc import render_json

        click.echo(render_json(report, fail_on))
    else:
        from ..report.console import console_lines

        for line in console_lines(report, fail_on, style):
            click.echo(line)
    if github:
        from ..report.github import github_lines

        for line in github_lines(report):
            click.echo(line)
    sys.exit(int(report.exit_code(fail_on)))
