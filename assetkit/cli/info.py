"""`assetkit inspect`, `doctor` and `fonts`: what assetkit sees in a PSD and this installation."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .common import _load_campaign, guarded


@click.command()
@click.argument("psd", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Campaign file whose role rules and brand apply (default: assetkit.yaml if found).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@guarded
def inspect(psd, config, as_json):
    """The layer tree of PSD as assetkit understands it: roles, boxes, fonts, effects."""
    from ..commands.inspect import inspect_document, inspection_dict, inspection_lines
    from ..config import load_brand

    campaign, _ = _load_campaign(config)
    brand = load_brand(campaign.brand) if campaign and campaign.brand else None
    result = inspect_document(psd, campaign.role_rules if campaign else (), brand)
    if as_json:
        click.echo(json.dumps(inspection_dict(result), ensure_ascii=False, indent=2))
    else:
        for line in inspection_lines(result):
            click.echo(line)


@click.command()
@click.option("--json", "as_json", is_flag=True)
@guarded
def doctor(as_json):
    """Codecs, text layout engine, fonts indexed, versions and limits of this installation."""
    from ..commands.doctor import diagnose

    report = diagnose()
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for section, values in report.items():
        click.echo(f"{section}:")
        for key, value in values.items():
            click.echo(f"  {key:<22} {value}")


@click.command()
@click.argument("psds", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--brand", type=click.Path(path_type=Path, dir_okay=False), help="Brand rules file.")
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True)
@guarded
def fonts(psds, brand, config, as_json):
    """Which fonts are indexed; for PSDs, which fonts they use and whether each resolves."""
    from ..commands.fonts import font_report

    campaign, _ = _load_campaign(config)
    brand_path = brand or (campaign.brand if campaign else None)
    report = font_report(psds, brand_path)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in report.lines():
            click.echo(line)
    sys.exit(int(report.exit_code()))
