"""What `assetkit manifest list|rebuild` print: one line per output (human or JSON Lines) and
the rebuild's summary. Pure: results in, strings out; cli/ echoes them."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..errors import ExitCode
from ..model import Output
from .text import dump

if TYPE_CHECKING:
    from ..store.publish import Rebuilt


def output_line(output: Output) -> str:
    """`path  WxH  bytes/cap KB  format`."""
    return (f"{output.path}  {output.width}x{output.height}  "
            f"{output.bytes / 1024:.1f}/{output.max_bytes / 1024:g} KB  {output.format}")


def output_json(output: Output) -> str:
    """The output as manifest.json holds it, as one compact line (JSON Lines)."""
    return json.dumps(output.to_dict(), ensure_ascii=False, separators=(",", ":"))


def rebuilt_lines(result: Rebuilt) -> list[str]:
    counts = result.counts
    inline = "inline" if result.inline else "not inline: `assetkit manifest list` them"
    return [f"Rebuilt the index of {counts['sources']} sources in {result.shards} shards and "
            f"manifest.json ({counts['outputs']} outputs, {inline})",
            f"Index:    {result.index}", f"Manifest: {result.manifest}"]


def rebuilt_warning(result: Rebuilt) -> str | None:
    if result.head_from != "records":
        return None
    return ("no .assetkit/head.json or manifest.json was left: the manifest's fonts and "
            "severity overrides are unknown (empty) until the next build writes them")


def rebuilt_json(result: Rebuilt, code: ExitCode = ExitCode.OK) -> str:
    return dump({"exit_code": int(code), "out_dir": str(result.out_dir),
                 "manifest": str(result.manifest), "index": str(result.index),
                 "counts": dict(result.counts), "shards": result.shards,
                 "inline": result.inline, "head_from": result.head_from})
