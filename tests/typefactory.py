"""Generated documents with a type layer, in any colour mode and depth psd-tools writes, PSD or
PSB. psd-tools writes no type layers: the type data (TySh descriptor and engine data) comes from
assetkit/document/typelayer.py, one style run in one font, enough for assetkit's scene reader."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from psd_tools import PSDImage
from psd_tools.api.numpy_io import get_color_channels
from psd_tools.constants import Tag
from psd_tools.psd.tagged_blocks import TaggedBlock

from assetkit.document.typelayer import type_tool_data
from assetkit.fonts.index import bundled_font_path

# assetkit's names for the colour modes -> psd-tools' (PSDImage.new)
MODES = {"rgb": "RGB", "gray": "L", "cmyk": "CMYK", "lab": "LAB", "indexed": "INDEXED",
         "bitmap": "1", "duotone": "DUOTONE", "multichannel": "MULTICHANNEL"}


def make_text_psd(path: Path, mode: str = "rgb", depth: int | None = None, *,
                  psb: bool = False, text: str = "Free shipping today",
                  font: str = "NotoSansKR-Regular", size: int = 40,
                  canvas: tuple[int, int] = (600, 900)) -> Path:
    """A white page (`mode` a key of MODES) with a grey block and one black type layer whose
    stored pixels are the text drawn with the bundled face (indexed: flat, no layers); `psb`
    writes version 2."""
    bitmap = MODES[mode] == "1"
    psd = PSDImage.new(MODES[mode], canvas, color=0 if bitmap or mode == "cmyk" else 255,
                       depth=depth)
    if mode == "indexed":  # a grey ramp palette: index = grey level
        psd._record.color_mode_data.value = bytes(range(256)) * 3
    if psb:
        psd._record.header.version = 2  # before any layer: record lengths depend on it
    box = (size * len(text) * 6 // 10, size * 3 // 2)
    ink = Image.new("L", box, 0)
    ImageDraw.Draw(ink).text((0, 0), text, font=ImageFont.truetype(str(bundled_font_path()),
                                                                   size), fill=255)
    block = np.full((200, canvas[0] - 100), 128, np.uint8)
    if mode == "indexed":
        # Photoshop keeps no layers in an indexed document (and psd-tools cannot read an
        # indexed layer under Pillow 13): the page is the merged image alone, indices = greys.
        page = Image.new("L", canvas, 255)
        page.paste(Image.fromarray(255 - block), (50, 300))
        page.paste(0, (50, 100), ink)
        psd._record.image_data.set_data([page.tobytes()], psd._record.header)
        with open(path, "wb") as handle:  # as stored: save() would re-composite the layers
            psd._record.write(handle)
        return Path(path)
    _add_pixels(psd, "block", block, (50, 300))
    layer = _add_pixels(psd, text, np.asarray(ink), (50, 100), alpha=True)
    layer._record.tagged_blocks[Tag.TYPE_TOOL_OBJECT_SETTING] = TaggedBlock(
        key=Tag.TYPE_TOOL_OBJECT_SETTING, data=type_tool_data(text, font, size, (50, 100), box))
    psd.save(path)
    return Path(path)


def _add_pixels(psd: PSDImage, name: str, grey: np.ndarray, at: tuple[int, int],
                alpha: bool = False):
    """A layer of `grey` ink (0 none, 255 full): its alpha when `alpha`, else opaque grey."""
    left, top = at
    planes = get_color_channels(psd)
    if alpha:  # black ink: 0 in every stored plane (CMYK stores 0 for full ink, too)
        array = np.zeros((*grey.shape, planes + 1), np.uint8)
        array[:, :, planes] = grey
    else:
        array = np.repeat((255 - grey)[:, :, None], planes, axis=2)
    return psd.create_pixel_layer_from_array(array, name=name, left=left, top=top)
