"""A generated banner for the coded-text checks: a background plate (dark, or bright at the
bottom where the platform writes), a navy type layer @headline with Korean copy, and an
optional @product block reaching into the bottom strip."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from psd_tools import PSDImage
from psd_tools.constants import Tag
from psd_tools.psd.tagged_blocks import TaggedBlock

from assetkit.document.typelayer import type_tool_data
from assetkit.fonts.index import bundled_font_path

SIZE = (1200, 600)


def make_coded_psd(path: Path, headline: str = "가을 신상 최대 50%", *, bright_bottom: bool = False,
                   product_low: bool = False, type_layer: bool = True) -> Path:
    w, h = SIZE
    psd = PSDImage.new("RGB", SIZE, color=0)
    plate = np.zeros((h, w, 3), np.uint8)
    plate[:] = (30, 40, 70)
    if bright_bottom:
        plate[h * 2 // 3:] = (250, 250, 245)
    psd.create_pixel_layer_from_array(plate, name="@bg", left=0, top=0)
    block = np.zeros((260, 260, 4), np.uint8)
    block[..., :3], block[..., 3] = (200, 60, 60), 255
    psd.create_pixel_layer_from_array(block, name="@product", left=860,
                                      top=320 if product_low else 60)
    size, box = 60, (len(headline) * 60, 90)
    ink = Image.new("L", box, 0)
    font = ImageFont.truetype(str(bundled_font_path("NotoSansKR-Bold")), size)
    ImageDraw.Draw(ink).text((0, 0), headline, font=font, fill=255)
    rgba = np.zeros((box[1], box[0], 4), np.uint8)
    rgba[..., :3], rgba[..., 3] = 255, np.asarray(ink)
    layer = psd.create_pixel_layer_from_array(rgba, name="@headline", left=60, top=80)
    if type_layer:
        layer._record.tagged_blocks[Tag.TYPE_TOOL_OBJECT_SETTING] = TaggedBlock(
            key=Tag.TYPE_TOOL_OBJECT_SETTING,
            data=type_tool_data(headline, "NotoSansKR-Bold", size, (60, 80), box, (255, 255, 255)))
    psd.save(path)
    return Path(path)
