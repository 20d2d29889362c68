"""`assetkit specs list|show|validate`: the platform specs in force."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import options
from .common import echo, guarded, warn


@click.group()
def specs() -> None:
    """List, show and validate platform specs."""


@specs.command("list", epilog=options.example("assetkit specs list --specs my-specs/ --json"))
@options.specs
@options.as_json
@guarded
def specs_list(specs_dir, as_json):
    """Every platform and slot in force (bundled, overlaid by --specs)."""
    from ..commands.specs_list import specs_list as run_list
    from ..report.text import specs_list_json, specs_list_lines

    said: list[str] = []
    catalog = run_list(specs_dir, said)
    warn(said)
    echo([specs_list_json(catalog)] if as_json else specs_list_lines(catalog))


@specs.command("show", epilog=options.example("assetkit specs show coupang"))
@click.argument("platform")
@options.specs
@options.as_json
@guarded
def specs_show(platform, specs_dir, as_json):
    """Every field of one platform's slots, with sources."""
    from ..commands.specs_show import specs_show as run_show
    from ..report.text import dump, platform_dict, specs_show_lines

    said: list[str] = []
    spec = run_show(platform, specs_dir, said)
    warn(said)
    echo([dump(platform_dict(spec))] if as_json else specs_show_lines(spec))


@specs.command("validate", epilog=options.example("assetkit specs validate specs/"))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@options.as_json
@guarded
def specs_validate(paths, as_json):
    """Check spec files (a folder: its *.yaml and *.yml files); one line per problem naming
    file, line and key path."""
    from ..commands.specs_validate import specs_validate as run_validate
    from ..report.text import specs_validate_json, specs_validate_lines

    result = run_validate(paths)
    echo([specs_validate_json(result)] if as_json else specs_validate_lines(result))
    sys.exit(int(result.exit_code))
