"""`assetkit watch` (the drop-folder service) and `assetkit report` (HTML from a manifest)."""
from __future__ import annotations

from pathlib import Path

import click

from .common import _load_campaign, guarded, style


def _echo(text: str, err: bool = False) -> None:
    click.echo(style(text, err=True, fg="red") if err else text, err=err)


@click.command("watch")
@click.argument("folder", metavar="[DIR]", required=False,
                type=click.Path(path_type=Path, file_okay=False))
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Campaign file (default: assetkit.yaml here or in a parent folder).")
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: the campaign's).")
@click.option("--poll", is_flag=True,
              help="Poll the folder instead of OS notifications (network shares, Docker mounts).")
@click.option("--settle", type=click.FloatRange(min=0), default=2.0, show_default=True,
              metavar="SECONDS",
              help="Build a file once its size and time have not changed for this long.")
@guarded
def watch_command(folder, config, out, poll, settle):
    """Build PSDs dropped into DIR (default: the campaign's input folder) once each copy has
    settled; one summary line per batch. Ctrl-C stops."""
    from ..commands.watch import watch

    campaign_warnings: list[str] = []
    campaign, _ = _load_campaign(config, campaign_warnings)
    for warning in campaign_warnings:
        click.echo(style(f"Warning: {warning}", err=True, fg="yellow"), err=True)
    watch(folder, campaign=campaign, out=out, poll=1.0 if poll else None, settle=settle,
          echo=_echo)


def _report_title(config: Path | None, folder: Path) -> str | None:
    """The campaign's name when the manifest is that campaign's output folder."""
    from ..config import find_campaign, load_campaign

    path = config or find_campaign(folder)
    campaign = load_campaign(path) if path else None
    if campaign and Path(campaign.output).resolve() == folder.resolve():
        return campaign.name
    return None


@click.command("report")
@click.argument("manifest", type=click.Path(path_type=Path, exists=True))
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False),
              help="HTML file to write (default: report.html next to the manifest).")
@click.option("--png", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write a contact sheet of every output as a PNG.")
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Campaign file naming the report (default: assetkit.yaml above the manifest).")
@guarded
def report_command(manifest, out, png, config):
    """Regenerate the HTML report of a build from its MANIFEST (manifest.json or the folder)."""
    from ..report.regenerate import report

    folder = manifest if manifest.is_dir() else manifest.parent
    files = report(manifest, out=out, png=png, title=_report_title(config, folder))
    click.echo(f"Report: {files.html} ({files.outputs} outputs, {files.findings} findings)")
    if files.png:
        click.echo(f"Contact sheet: {files.png}")
    if files.missing:
        click.echo(style(f"Warning: {len(files.missing)} outputs in the manifest are missing, "
                         f"first {files.missing[0]} (see: assetkit check {folder})",
                         err=True, fg="yellow"), err=True)
