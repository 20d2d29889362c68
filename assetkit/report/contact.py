"""A contact sheet PNG of a build's outputs (for reviews, READMEs and golden-image sign-off)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from ..fonts.index import bundled_font_path
from ..model import Output

CELL = 220
LABEL = 30


def contact_sheet(out_dir: Path, outputs: Sequence[Output], columns: int = 6) -> Image.Image:
    """Every output scaled into a CELL x CELL tile with its platform/slot and size below."""
    from PIL import ImageFont

    font = ImageFont.truetype(str(bundled_font_path("NotoSansKR-Regular")), 12)
    rows = max(1, -(-len(outputs) // columns))
    sheet = Image.new("RGB", (columns * CELL, rows * (CELL + LABEL)), (236, 236, 236))
    draw = ImageDraw.Draw(sheet)
    for i, out in enumerate(outputs):
        x, y = (i % columns) * CELL, (i // columns) * (CELL + LABEL)
        with Image.open(out_dir / out.path) as image:
            tile = image.convert("RGB")
            tile.thumbnail((CELL - 10, CELL - 10))
        sheet.paste(tile, (x + (CELL - tile.width) // 2, y + (CELL - tile.height) // 2))
        draw.text((x + 5, y + CELL), f"{out.platform}/{out.slot}", fill=(20, 20, 20), font=font)
        draw.text((x + 5, y + CELL + 14), f"{out.width}x{out.height} {out.bytes // 1024} KB",
                  fill=(90, 90, 90), font=font)
    return sheet
