"""`assetkit inspect`, `doctor` and `fonts`: what assetkit sees in a PSD and this installation."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import options
from .common import echo, guarded, warn


@click.command(epilog=options.example("assetkit inspect input/banner.psd --json"))
@click.argument("psd", type=click.Path(path_type=Path, dir_okay=False))
@options.config
@options.as_json
@guarded
def inspect(psd, config, as_json):
    """The layer tree of PSD as assetkit understands it: roles (with the campaign's role rules
    and brand), boxes, fonts, effects."""
    from ..commands.inspect import inspect as run_inspect
    from ..report.inspect import inspection_dict, inspection_lines
    from ..report.text import dump

    result = run_inspect(psd, campaign=config)
    warn(result.warnings)
    echo([dump(inspection_dict(result))] if as_json else inspection_lines(result))


@click.command(epilog=options.example("assetkit doctor --json"))
@options.as_json
@guarded
def doctor(as_json):
    """Codecs, text layout engine, fonts indexed, versions and limits of this installation."""
    from ..commands.doctor import doctor as run_doctor
    from ..report.text import doctor_lines, dump

    report = run_doctor()
    echo([dump(report)] if as_json else doctor_lines(report))


@click.command(epilog=options.example("assetkit fonts input/banner.psd --brand brand.yaml"))
@click.argument("psds", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@options.brand
@options.config
@options.as_json
@guarded
def fonts(psds, brand, config, as_json):
    """Which fonts are indexed; for PSDs, which fonts they use and whether each resolves."""
    from ..commands.fonts import fonts as run_fonts
    from ..report.fonts import font_lines
    from ..report.text import dump

    report = run_fonts(psds, brand=brand, campaign=config)
    warn(report.warnings)
    echo([dump(report.to_dict())] if as_json else font_lines(report))
    sys.exit(int(report.exit_code()))
