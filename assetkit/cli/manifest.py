"""`assetkit manifest list|rebuild`: an output folder's outputs, and its index and manifest.json
re-made from its records."""
from __future__ import annotations

from pathlib import Path

import click

from . import options
from .common import echo, guarded, warn

OUT = click.Path(path_type=Path)


@click.group()
def manifest() -> None:
    """List an output folder's outputs; re-make its index and manifest.json from its records."""


@manifest.command("list", epilog=options.example(
    "assetkit manifest list output/ --json | jq -r 'select(.bytes > 500000) | .path'"))
@click.argument("out", type=OUT)
@click.option("--json", "as_json", is_flag=True,
              help="One compact JSON object per output, one per line (JSON Lines), as "
                   "manifest.json's `outputs` holds them; nothing else on stdout.")
@guarded
def manifest_list(out, as_json):
    """Every output of the output folder OUT, one per line, at any size (read source by source
    from its records; a version-1 folder from its manifest.json): path, WxH, weight/cap and
    format."""
    from ..commands.manifest import manifest_list as run_list
    from ..report.manifest import output_json, output_line

    line = output_json if as_json else output_line
    for output in run_list(out):  # streamed: one line per output as its record is read
        click.echo(line(output))


@manifest.command("rebuild", epilog=options.example("assetkit manifest rebuild output/"))
@click.argument("out", type=OUT)
@options.wait
@options.as_json
@guarded
def manifest_rebuild(out, wait, as_json):
    """Re-create the index (.assetkit/index/) and manifest.json of the output folder OUT from
    its records (.assetkit/sources/), under the folder's lock; byte-identical to what the build
    wrote."""
    from ..commands.manifest import manifest_rebuild as run_rebuild
    from ..report.manifest import rebuilt_json, rebuilt_lines, rebuilt_warning

    result = run_rebuild(out, wait=wait)
    warn([w for w in (rebuilt_warning(result),) if w])
    echo([rebuilt_json(result)] if as_json else rebuilt_lines(result))
