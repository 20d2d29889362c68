"""`assetkit init`: start a campaign folder (assetkit.commands.init does the work)."""
from __future__ import annotations

from pathlib import Path

import click

from .common import echo, guarded, style

EXAMPLE = """\b
Example: a campaign with the sample PSDs, built for two slots
  assetkit init --sample shop
  assetkit build -c shop/assetkit.yaml --only coupang/main --only meta/story"""


@click.command("init", epilog=EXAMPLE)
@click.argument("folder", metavar="[DIR]", required=False, default=Path("."),
                type=click.Path(path_type=Path, file_okay=False))
@click.option("--sample", is_flag=True,
              help="Also write the sample campaign: two PSDs in DIR/input and the brand's logo "
                   "master; the brand rules are the sample brand's.")
@click.option("--force", is_flag=True, help="Overwrite files that exist (default: keep them).")
@guarded
def init_command(folder: Path, sample: bool, force: bool) -> None:
    """Start a campaign in DIR (default: this folder): a commented assetkit.yaml and brand
    rules file (brand_rules/brand.yaml) to edit, and an input folder for the PSDs. A file that
    exists is kept, and said so."""
    from ..commands.init import init
    from ..report.console import init_lines

    echo(init_lines(init(folder, sample=sample, force=force), style))
