"""Glyph coverage placed to a quarter pixel across the line.

FreeType (through Pillow) puts every glyph of a string on a whole pixel: up to half a pixel
off its advance, which at small sizes reads as uneven spacing ("G entle enoug h", "$ 12.50").
Text under FINE_BELOW px is drawn one cluster at a time instead: each cluster rendered hinted
at its size (rows stay crisp: baselines, x-heights) and shifted across by the fraction of a
pixel its advance leaves (to 1/SUBPIXELS, by linear blending of the columns), as Photoshop's
fractional widths place it. Clusters sit where the whole string's layout puts them (kerning
kept); scripts whose glyphs a shaper joins are drawn whole, as before."""
from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFont

from ...fonts.scripts import script_of

FINE_BELOW = 50.0  # px: above it half a pixel is under 1 % of the size
SUBPIXELS = 4
SHAPED = frozenset({"Arabic", "Hebrew", "Devanagari", "Thai"})  # joined or reordered by shaping
_JOINER = "\u200d"


def _joins_previous(char: str, previous: str) -> bool:
    """Whether `char` belongs to the cluster before it: a mark, a joiner or what follows one,
    a variation selector, an emoji modifier or a conjoining Hangul vowel/final."""
    code = ord(char)
    return (unicodedata.category(char).startswith("M") or char == _JOINER or previous == _JOINER
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
            or 0x1F3FB <= code <= 0x1F3FF or 0x1160 <= code <= 0x11FF
            or 0xD7B0 <= code <= 0xD7FF)


def clusters(piece: str) -> list[tuple[int, int]] | None:
    """(start, end) of every cluster of `piece`, or None where it must be drawn whole."""
    if any(script_of(c) in SHAPED for c in piece):
        return None
    out: list[tuple[int, int]] = []
    for i, char in enumerate(piece):
        if out and _joins_previous(char, piece[i - 1]):
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def fine(size: float) -> bool:
    return size < FINE_BELOW


def glyph_mask(piece: str, origin: tuple[float, float], size: tuple[int, int],
               font: ImageFont.FreeTypeFont, stroke: int, tracking: float) -> Image.Image:
    """`piece`'s coverage on an L mask of `size`, its baseline origin at `origin` (fractional):
    each cluster at x + the advance of the piece up to it (+ `tracking` per character)."""
    parts = clusters(piece)
    if parts is None:
        return _whole(piece, origin, size, font, stroke)
    k, (x, y) = SUBPIXELS, origin
    wide = Image.new("L", (size[0] * k, size[1]), 0)
    for start, end in parts:
        text = piece[start:end]
        if text.isspace():
            continue
        place = x + font.getlength(piece[:end]) - font.getlength(text) + tracking * start
        _add(wide, _cluster(text, y, size[1], font, stroke), place, k)
    return wide.reduce((k, 1))


def _whole(piece: str, origin: tuple[float, float], size: tuple[int, int],
           font: ImageFont.FreeTypeFont, stroke: int) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).text(origin, piece, font=font, fill=255, anchor="ls",
                              stroke_width=stroke, stroke_fill=255)
    return mask


@lru_cache(maxsize=4096)
def _extent(font: ImageFont.FreeTypeFont, text: str, stroke: int) -> tuple[float, float]:
    """How far a cluster inks left and right of its origin (a layout each: measured once)."""
    left, _, right, _ = font.getbbox(text, anchor="ls", stroke_width=stroke)
    return left, right


def _cluster(text: str, y: float, height: int, font: ImageFont.FreeTypeFont, stroke: int
             ) -> tuple[Image.Image, int]:
    """The cluster drawn on its own strip, and where its origin lies on the strip (px)."""
    left, right = _extent(font, text, stroke)
    lead = 1 - math.floor(min(left, 0.0))
    strip = Image.new("L", (lead + math.ceil(max(right, 0.0)) + 1, height), 0)
    ImageDraw.Draw(strip).text((lead, y), text, font=font, fill=255, anchor="ls",
                               stroke_width=stroke, stroke_fill=255)
    return strip, lead


def _add(wide: Image.Image, drawn: tuple[Image.Image, int], place: float, k: int) -> None:
    """Lay a cluster's strip on the k-times-wide canvas with its origin at `place` (px),
    keeping the larger coverage where glyphs overlap (as FreeType's own string drawing)."""
    strip, lead = drawn
    whole = math.floor(place)
    left = (whole - lead) * k + round((place - whole) * k)
    stretched = strip.resize((strip.width * k, strip.height), Image.Resampling.NEAREST)
    x0, x1 = max(left, 0), min(left + stretched.width, wide.width)
    if x1 <= x0:
        return
    part = stretched.crop((x0 - left, 0, x1 - left, strip.height))
    under = wide.crop((x0, 0, x1, strip.height))
    wide.paste(ImageChops.lighter(under, part), (x0, 0))
