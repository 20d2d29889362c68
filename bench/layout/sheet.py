"""A contact sheet of a build: five agency files (rows) across ten slots (columns), labelled."""
from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw

from bench.agency.art import face

SLOTS = ("meta/feed-square", "meta/story", "google-display/300x250", "google-display/728x90",
         "google-display/970x250", "youtube/thumbnail", "kakao-ads/channel-search-wide",
         "naver-display/timeboard", "musinsa/main", "coupang/main")
CELL = 220
LABEL = 18


def contact_sheet(out_dir: Path, stems: list[str], dest: Path) -> Path:
    manifest = json.loads((out_dir / "manifest.json").read_text("utf-8"))
    paths = {(o["source"], f"{o['platform']}/{o['slot']}"): o["path"]
             for o in manifest["outputs"] if o.get("slice") is None}
    sheet = Image.new("RGB", (CELL * len(SLOTS), (CELL + LABEL) * len(stems) + LABEL),
                      (90, 90, 90))
    draw = ImageDraw.Draw(sheet)
    small = face("regular", 11)
    for col, slot in enumerate(SLOTS):
        draw.text((col * CELL + 4, 2), slot, fill=(255, 255, 255), font=small)
    for row, stem in enumerate(stems):
        y = LABEL + row * (CELL + LABEL)
        draw.text((4, y + 2), stem, fill=(255, 255, 0), font=small)
        for col, slot in enumerate(SLOTS):
            rel = paths.get((stem, slot))
            if rel is None or not (out_dir / rel).is_file():
                continue
            with Image.open(out_dir / rel) as image:
                tile = image.convert("RGB")
            tile.thumbnail((CELL - 6, CELL - 6))
            sheet.paste(tile, (col * CELL + 3, y + LABEL))
    dest.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(dest)
    return dest
