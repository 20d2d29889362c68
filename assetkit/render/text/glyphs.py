"""Glyph coverage placed to a quarter pixel across the line.

FreeType (through Pillow) puts every glyph of a string on a whole pixel: up to half a pixel
off its advance, which at small sizes reads as uneven spacing ("G entle enoug h", "$ 12.50").
Text under FINE_BELOW px is drawn one cluster at a time instead: each cluster rendered hinted
at its size (rows stay crisp: baselines, x-heights) on a whole pixel, in one of SUBPIXELS
layers by the fraction of a pixel its advance leaves; each layer is then shifted across by its
fraction (a linear blend of the columns), as Photoshop's fractional widths place glyphs.
Clusters (UAX #29) sit where the font's kerned layout puts them; text a shaper may join or
reorder (right-to-left, Indic, Thai) is drawn as before."""
from __future__ import annotations

from PIL import Image, ImageChops, ImageDraw, ImageFont

from ...fonts.scripts import shaped
from .linebreak import graphemes
from .metrics import engine_name

FINE_BELOW = 50.0  # px: above it half a pixel is under 1 % of the size
SUBPIXELS = 4


def clusters(piece: str) -> tuple[tuple[int, int], ...] | None:
    """(start, end) of every grapheme cluster of `piece`, or None where a shaper may join or
    reorder its glyphs (right-to-left, Indic, Thai...): such text is drawn whole."""
    if any(shaped(c) for c in piece):
        return None
    return graphemes(piece)


def fine(size: float) -> bool:
    """Whether text of `size` px is placed here: under FINE_BELOW px, with raqm's fractional
    advances (Pillow's basic layout gives whole-pixel ones: nothing to place)."""
    return size < FINE_BELOW and engine_name() == "raqm"


def ink(draw: ImageDraw.ImageDraw, origin: tuple[float, float], text: str,
        font: ImageFont.FreeTypeFont, stroke: int) -> None:
    """Full coverage of `text` on an L mask, its baseline origin at `origin` (FreeType's
    drawing: every glyph on a whole pixel), with `stroke` px of faux bold."""
    draw.text(origin, text, font=font, fill=255, anchor="ls", stroke_width=stroke,
              stroke_fill=255)


def glyph_mask(piece: str, origin: tuple[float, float], size: tuple[int, int],
               font: ImageFont.FreeTypeFont, stroke: int, tracking: float
               ) -> Image.Image | None:
    """`piece`'s coverage on an L mask of `size`, its baseline origin at `origin` (fractional):
    each cluster where the kerned layout puts it (+ `tracking` per character before it), drawn
    on a whole pixel in the layer of its quarter, the layers then shifted and merged. None
    where the piece is to be drawn whole (clusters())."""
    parts = clusters(piece)
    if parts is None:
        return None
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
        ink(draws[phase], (whole, y), text, font, stroke)
    return _merged(layers, size, k)


def _offsets(font: ImageFont.FreeTypeFont, piece: str, parts: tuple[tuple[int, int], ...]
             ) -> list[float]:
    """Where each cluster starts. A word starts where the layout of the piece up to its end
    puts it (a space's width depends on the script around it); inside a word each pair is
    kerned as the font kerns it (a layout of two clusters, each measured once here)."""
    lengths: dict[str, float] = {}

    def length(text: str) -> float:
        if text not in lengths:
            lengths[text] = font.getlength(text)
        return lengths[text]

    out: list[float] = []
    at = 0.0
    for i, (start, end) in enumerate(parts):
        text = piece[start:end]
        if i == 0 or piece[parts[i - 1][0]:start].isspace():
            stop = next((a for a, b in parts[i:] if piece[a:b].isspace()), len(piece))
            at = font.getlength(piece[:stop]) - length(piece[start:stop])
        elif not text.isspace():
            previous = piece[parts[i - 1][0]:start]
            at += length(previous + text) - length(text)
        out.append(at)
    return out


def _merged(layers: dict[int, Image.Image], size: tuple[int, int], k: int) -> Image.Image:
    """Each quarter's layer moved right by its fraction of a pixel (a linear blend with its
    copy a pixel on), the layers merged as FreeType merges the glyphs of one string
    (a + b - ab: two half-covered edges sharing a column cover it three quarters)."""
    out = None
    for phase, layer in sorted(layers.items()):
        if phase:
            moved = Image.new("L", size, 0)
            moved.paste(layer.crop((0, 0, size[0] - 1, size[1])), (1, 0))
            layer = Image.blend(layer, moved, phase / k)
        out = layer if out is None else ImageChops.screen(out, layer)
    return out if out is not None else Image.new("L", size, 0)
