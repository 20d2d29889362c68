"""Thin Click commands, same names as the library functions; the only package importing click.
Errors are translated to one line and an exit code here (common.guarded), and nowhere else."""
from __future__ import annotations

import click

from .. import __version__
from . import build, check, info, init, localize, specs, watch


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="assetkit")
def cli() -> None:
    """assetkit: layered PSDs -> every platform image variant, checked and under each cap."""


# One explicit list of the commands, one module per family; no import-time registration.
for _command in (build.build, check.check, info.inspect, info.doctor, info.fonts, specs.specs,
                 localize.strings, localize.localize, watch.watch_command, watch.report_command,
                 init.init_command):
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="assetkit")
