"""Coded text as the platform draws it: a string set in its area (lines broken at the area's
width in the declared size and weight, with the bundled Korean-capable face), the platform's
scrim, and the "how shoppers see it" preview. The checks measure what this sets."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..coded import CodedArea, CodedStrings, Scrim
from ..fonts.scan import bundled_font_path
from ..geometry import Box, resolve_box
from .text.metrics import load_font

FACES = {"regular": "NotoSansKR-Regular", "bold": "NotoSansKR-Bold"}
LEADING = 1.3


def font_for(area: CodedArea) -> ImageFont.FreeTypeFont:
    return load_font(bundled_font_path(FACES[area.weight]), 0, area.size_px)


def find_faces() -> None:
    """Find the bundled faces coded text is set in (the bundled fonts' names read with
    fontTools, once a process: about 40 ms): workers forked afterwards inherit them."""
    for name in FACES.values():
        bundled_font_path(name)


@dataclass(frozen=True)
class SetText:
    """A string set in an area: its lines, each line's and each glyph's box (slot px), and
    whether the platform cuts it (more lines than the area allows, or a line wider than it)."""

    area: CodedArea
    box: Box
    lines: tuple[str, ...]
    line_boxes: tuple[Box, ...]
    glyph_boxes: tuple[Box, ...]
    cut: bool


def _break(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Greedy lines at spaces, then at characters where a word alone is too wide (Korean
    breaks between syllables)."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if font.getlength(trial) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
            while font.getlength(line) > width and len(line) > 1:
                cut = max(i for i in range(1, len(line) + 1)
                          if font.getlength(line[:i]) <= width or i == 1)
                lines.append(line[:cut])
                line = line[cut:].lstrip()
        lines.append(line)
    return lines


def set_text(area: CodedArea, text: str, size: tuple[int, int]) -> SetText:
    box = resolve_box(area.box, size)
    font = font_for(area)
    lines = _break(text.strip(), font, box.width)
    shown = lines[:area.lines]
    step = area.size_px * LEADING
    line_boxes, glyphs = [], []
    for i, line in enumerate(shown):
        width = font.getlength(line)
        x0 = box.x0 + {"left": 0.0, "center": (box.width - width) / 2,
                       "right": box.width - width}[area.align]
        top = box.y0 + i * step
        line_boxes.append(Box(x0, top, x0 + width, top + step))
        for j, ch in enumerate(line):
            if ch.isspace():
                continue
            left = x0 + font.getlength(line[:j])
            l_, t_, r_, b_ = font.getbbox(ch)
            glyphs.append(Box(left + l_, top + t_, left + r_, top + b_))
    over_chars = area.max_chars is not None and len(text.strip()) > area.max_chars
    too_tall = len(shown) * step > box.height + 0.5
    return SetText(area, box, tuple(shown), tuple(line_boxes), tuple(glyphs),
                   cut=len(lines) > area.lines or over_chars or too_tall)


def scrim_alpha(scrim: Scrim, box: Box, size: tuple[int, int]) -> np.ndarray:
    """The scrim's opacity per pixel (h, w) of the slot: 0 outside the area, a linear ramp
    inside (strongest at the bottom for 'up', the top for 'down'), or flat."""
    w, h = size
    out = np.zeros((h, w))
    x0, y0, x1, y1 = (max(0, round(v)) for v in box.as_tuple())
    y1, x1 = min(y1, h), min(x1, w)
    if y1 <= y0 or x1 <= x0:
        return out
    ramp = (np.arange(y0, y1) - y0 + 0.5) / (y1 - y0)
    ramp = {"up": ramp, "down": 1 - ramp, "flat": np.ones_like(ramp)}[scrim.direction]
    out[y0:y1, x0:x1] = (scrim.opacity * ramp)[:, None]
    return out


def under_scrim(image: Image.Image, areas: tuple[CodedArea, ...]) -> np.ndarray:
    """The slot's RGB pixels (float, h x w x 3) with every area's scrim laid over them."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.float64)
    for area in areas:
        if area.scrim is None:
            continue
        alpha = scrim_alpha(area.scrim, resolve_box(area.box, image.size), image.size)[..., None]
        rgb = rgb * (1 - alpha) + np.asarray(area.scrim.colour, dtype=np.float64) * alpha
    return rgb


def preview(image: Image.Image, areas: tuple[CodedArea, ...], strings: CodedStrings
            ) -> Image.Image:
    """How shoppers see the variant: the scrims, then each string in its area's style."""
    shown = [a for a in areas if strings.get(a.name)]
    out = Image.fromarray(np.clip(under_scrim(image, tuple(shown)), 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(out)
    for area in shown:
        setting = set_text(area, strings[area.name], image.size)
        font = font_for(area)
        for line, lb in zip(setting.lines, setting.line_boxes, strict=True):
            draw.text((lb.x0, lb.y0), line, font=font, fill=area.colour)
    return out
