"""Glyph coverage placed to a quarter pixel across the line.

FreeType (through Pillow) puts every glyph of a string on a whole pixel: up to half a pixel
off its advance, which at small sizes reads as uneven spacing ("G entle enoug h", "$ 12.50").
Text under FINE_BELOW px is drawn one cluster at a time instead: each cluster rendered hinted
at its size (rows stay crisp: baselines, x-heights) on a whole pixel, in one of SUBPIXELS
layers by the fraction of a pixel its advance leaves; each layer is then shifted across by its
fraction (a linear blend of the columns), as Photoshop's fractional widths place glyphs.
Clusters sit where the font's kerned layout puts them; scripts whose glyphs a shaper joins are
drawn whole, as before."""
from __future__ import annotations

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
    each cluster where the kerned layout puts it (+ `tracking` per character before it), drawn
    on a whole pixel in the layer of its quarter, the layers then shifted and merged."""
    parts = clusters(piece)
    if parts is None:
        return _whole(piece, origin, size, font, stroke)
    k, (x, y) = SUBPIXELS, origin
    layers: dict[int, Image.Image] = {}
    draws: dict[int, ImageDraw.ImageDraw] = {}
    for (start, end), before in zip(parts, _offsets(font, piece, parts), strict=True):
        text = piece[start:end]
        if text.isspace():
            continue
        whole, phase = divmod(round((x + before + tracking * start) * k), k)
        if phase not in layers:
            layers[phase] = Image.new("L", size, 0)
            draws[phase] = ImageDraw.Draw(layers[phase])
        draws[phase].text((whole, y), text, font=font, fill=255, anchor="ls",
                          stroke_width=stroke, stroke_fill=255)
    return _merged(layers, size, k)


@lru_cache(maxsize=8192)
def _length(font: ImageFont.FreeTypeFont, text: str) -> float:
    return font.getlength(text)


def _offsets(font: ImageFont.FreeTypeFont, piece: str, parts: list[tuple[int, int]]
             ) -> list[float]:
    """Where each cluster starts. A word starts where the layout of the piece up to its end
    puts it (a space's width depends on the script around it); inside a word each pair is
    kerned as the font kerns it (a layout of two clusters, remembered per face and size)."""
    out: list[float] = []
    at = 0.0
    for i, (start, end) in enumerate(parts):
        text = piece[start:end]
        if i == 0 or piece[parts[i - 1][0]:start].isspace():
            stop = next((a for a, b in parts[i:] if piece[a:b].isspace()), len(piece))
            at = font.getlength(piece[:stop]) - _length(font, piece[start:stop])
        elif not text.isspace():
            previous = piece[parts[i - 1][0]:start]
            at += _length(font, previous + text) - _length(font, text)
        out.append(at)
    return out


def _merged(layers: dict[int, Image.Image], size: tuple[int, int], k: int) -> Image.Image:
    """Each quarter's layer moved right by its fraction of a pixel (a linear blend with its
    copy a pixel on), the layers merged keeping the larger coverage (as FreeType does)."""
    out = None
    for phase, layer in sorted(layers.items()):
        if phase:
            moved = Image.new("L", size, 0)
            moved.paste(layer.crop((0, 0, size[0] - 1, size[1])), (1, 0))
            layer = Image.blend(layer, moved, phase / k)
        out = layer if out is None else ImageChops.lighter(out, layer)
    return out if out is not None else Image.new("L", size, 0)


def _whole(piece: str, origin: tuple[float, float], size: tuple[int, int],
           font: ImageFont.FreeTypeFont, stroke: int) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).text(origin, piece, font=font, fill=255, anchor="ls",
                              stroke_width=stroke, stroke_fill=255)
    return mask
