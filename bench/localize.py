"""`python -m bench.localize`: how `assetkit localize` treats every fixture with text (and the
repo's generated sample pages), with a fixed offline pseudo-translator (Korean 1.3-2.5x the
source's width), into `naver-smartstore/detail`. Prints per source and in total:

- layers localized / text layers;
- silent overflows: a set text whose glyph ink leaves its canvas, or its box by more than three
  times the finding's slack, with no `localize.overflow`/`off-canvas` finding naming the layer
  (0);
- round-trip losses: units exported to XLIFF with targets that do not come back from the file
  by id with the same target (0);
- crashes: a source that raised instead of giving findings (0);
- layers left in the source language, and how many of them have no finding saying why (0).

    python -m bench.localize [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tools.golden_outputs import PseudoKorean, fixtures, has_text

from .workload import REPO

SLOT = "naver-smartstore/detail"
EXPLAINED = ("localize.", "fonts.", "legibility.")


@dataclass
class Row:
    source: str
    text_layers: int = 0
    localized: int = 0
    silent_overflows: int = 0
    round_trip_losses: int = 0
    crashed: str = ""
    left: int = 0
    left_unexplained: int = 0


def sources() -> list[Path]:
    """Every fixture with type layers, and the repo's sample pages."""
    return [p for p in fixtures() if has_text(p)] + sorted((REPO / "input").glob("*.psd"))


def _ink_box(image) -> tuple[int, int, int, int] | None:
    alpha = image.getchannel("A") if image.mode == "RGBA" else None
    return alpha.point(lambda v: 255 if v > 8 else 0).getbbox() if alpha else image.getbbox()


def _silent(texts, findings, canvas: tuple[int, int]) -> int:
    said = {f.layer for f in findings if f.code in ("localize.overflow", "localize.off-canvas")}
    count = 0
    for text in texts:
        ink, (x, y) = _ink_box(text.image), text.offset  # the glyphs, not their effects
        if ink is None or text.layer.name in said or text.layer.path_str in said:
            continue
        x0, y0, x1, y1 = ink[0] + x, ink[1] + y, ink[2] + x, ink[3] + y
        slack = max(1.0, 0.1 * (text.fit.size_px or 10)) * 3
        outside_canvas = x0 < 0 or y0 < 0 or x1 > canvas[0] or y1 > canvas[1]
        outside_box = (x0 < text.box.x0 - slack or x1 > text.box.x1 + slack
                       or y1 > text.box.y1 + slack or y0 < text.box.y0 - 3 * slack)
        count += outside_canvas or outside_box
    return count


def _round_trip(path: Path, folder: Path) -> int:
    """Units whose pseudo-translation does not come back from an exported XLIFF file."""
    from assetkit.localize.strings import export_strings, load_translations
    from assetkit.localize.units import Translation

    units = export_strings([path], folder / "x.xlf", "xliff", "en", "ko")
    targets = {u.id: Translation(u.source, PseudoKorean().translate([u.source], "en", "ko")[0],
                                 "translated") for u in units}
    export_strings([path], folder / "t.xlf", "xliff", "en", "ko", translations=targets)
    back = load_translations(folder / "t.xlf")
    return sum(1 for uid, tr in targets.items()
               if uid not in back or back[uid].target != tr.target)


def measure(path: Path, folder: Path) -> Row:
    from assetkit.commands.localize import LocalizeOptions, localize
    from assetkit.document import open_document
    from assetkit.localize.units import scene_strings

    row = Row(path.name)
    try:
        units = scene_strings(open_document(path).scene, "ko")
        row.text_layers = len(units)
        result = localize([path], to="ko", translator=PseudoKorean(), only=[SLOT], out=folder,
                          options=LocalizeOptions(source_root=path.parent))
        row.round_trip_losses = _round_trip(path, folder)
    except Exception as exc:  # noqa: BLE001 - a crash is what this counts
        row.crashed = f"{type(exc).__name__}: {exc}"[:120]
        return row
    if result.failures:
        row.crashed = result.failures[0].message[:120]
        return row
    done = result.sources[0]
    set_layers = {t.layer.id for t in done.texts if t.text != t.layer.text.text}
    row.localized = len(set_layers)
    row.silent_overflows = _silent(done.texts, done.findings, done.page.size)
    left = [u for u in units if u.layer_id not in set_layers]
    said = {f.layer for f in done.findings if f.code.startswith(EXPLAINED)}
    row.left = len(left)
    row.left_unexplained = sum(1 for u in left if u.resname not in said
                               and u.resname.split("/")[-1] not in said)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, path in enumerate(sources()):
            rows.append(measure(path, Path(tmp) / str(i)))
            print(f"{rows[-1].source}: done", file=sys.stderr)
    total = {k: sum(getattr(r, k) for r in rows) for k in
             ("text_layers", "localized", "silent_overflows", "round_trip_losses", "left",
              "left_unexplained")}
    total["crashes"] = sum(1 for r in rows if r.crashed)
    if args.json:
        print(json.dumps({"rows": [vars(r) for r in rows], "total": total}, indent=1,
                         ensure_ascii=False))
        return 0
    for r in rows:
        print(f"{r.source:<48} {r.localized:>3}/{r.text_layers:<3} layers  silent overflows "
              f"{r.silent_overflows}  round-trip losses {r.round_trip_losses}  left {r.left} "
              f"(unexplained {r.left_unexplained})" + (f"  CRASH {r.crashed}" if r.crashed else ""))
    print(f"TOTAL: {total['localized']}/{total['text_layers']} layers localized, silent "
          f"overflows {total['silent_overflows']}, round-trip losses "
          f"{total['round_trip_losses']}, crashes {total['crashes']}, left in the source "
          f"language {total['left']} (without a finding: {total['left_unexplained']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
