"""`assetkit watch` (the drop-folder service) and `assetkit report` (HTML from a manifest)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ExitCode
from . import options
from .common import echo, guarded, style, warn


def _echo(text: str, err: bool = False) -> None:
    click.echo(style(text, err=True, fg="red") if err else text, err=err)


@click.command("watch", epilog=options.example("assetkit watch input/ --poll --json"))
@click.argument("folder", metavar="[DIR]", required=False,
                type=click.Path(path_type=Path, file_okay=False))
@options.config
@options.out
@click.option("--poll", type=click.FloatRange(min=0.05), is_flag=False, flag_value=1.0,
              default=None, metavar="[SECONDS]",
              help="Poll the folder every SECONDS (default 1) instead of OS notifications "
                   "(network shares, Docker mounts).")
@click.option("--settle", type=click.FloatRange(min=0), default=2.0, show_default=True,
              metavar="SECONDS",
              help="Build a file once its size and time have not changed for this long.")
@options.jobs
@options.cluster
@click.option("--move", is_flag=True,
              help="Move each committed source to done/ or failed/ beside DIR.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON event per line (queued, started, done, skipped, failed, "
                   "stopped) instead of batch lines.")
@guarded
def watch_command(folder, config, out, poll, settle, jobs, scheduler, path_maps,
                  no_progress_timeout, move, as_json):
    """Build the PSDs in DIR (default: the campaign's input folder) and those dropped into it
    once each copy has settled; one summary line per batch. SIGTERM or Ctrl-C stops after the
    source being built (exit 0, or 130 for Ctrl-C); a second Ctrl-C stops at once."""
    from ..commands.build import BuildOptions, ClusterSettings
    from ..commands.watch import WatchSettings, watch

    on_event = (lambda event: click.echo(event.to_json())) if as_json else None
    cluster = ClusterSettings(scheduler, path_maps, no_progress_timeout)
    stopped = watch(folder, campaign=config, out=out, echo=_err if as_json else _echo,
                    settings=WatchSettings(poll, settle, move, jobs), on_event=on_event,
                    options=BuildOptions(cluster=cluster))
    if stopped == "interrupt":
        sys.exit(int(ExitCode.INTERRUPTED))


def _err(text: str, err: bool = False) -> None:
    """Under --json stdout holds only events: the lines go to stderr."""
    _echo(text, err=True)


@click.command("report", epilog=options.example("assetkit report output/ --open"))
@click.argument("out", metavar="OUT", type=click.Path(path_type=Path, exists=True))
@click.option("--open", "open_", is_flag=True, help="Open the report in the default browser.")
@click.option("--lang", type=click.Choice(["ko", "en"]),
              help="The report's language (default: the campaign's report_lang, else the locale).")
@click.option("--single-file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write one page with every source and its thumbnails inlined (for mailing).")
@click.option("--output-file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write one page with every source, images linked relative to it.")
@click.option("--png", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write a contact sheet of every output as a PNG.")
@options.config
@guarded
def report_command(out, open_, lang, single_file, output_file, png, config):
    """Regenerate the HTML report of the build in OUT (the output folder or its manifest.json)
    from its records: report.html and a page per source."""
    from ..commands.report import report
    from ..report.text import report_lines, report_warning

    files = report(out, lang=lang, single_file=single_file, output_file=output_file, png=png,
                   campaign=config)
    echo(report_lines(files))
    folder = out if out.is_dir() else out.parent
    warn([w for w in [report_warning(files, folder)] if w])
    if open_:
        click.launch(str(files.html))
