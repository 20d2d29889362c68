"""Where the localized text's pixels really went: each set text's rendered ink (alpha > 8)
against its box (localize.overflow), the canvas (localize.off-canvas) and the ink of the other
visible layers it did not touch in the source (localize.collision); every one an error.

The fitter decides from advance widths and line heights whether a text fits; these findings
come from the pixels drawn, so a glyph that overhangs, a box that itself runs off the canvas
or a stroke that reaches a neighbour is never reported as fitting."""
from __future__ import annotations

import functools
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ..geometry import Box
from ..model import Finding
from ..scene import Layer, Scene
from .page import SetText

INK_ALPHA = 8  # a pixel is ink above this alpha (the variant checks' rule)
# Ink may pass its box edge by a tenth of the font size (at least 1 px): glyph overshoot and
# accents reach past the line box in Photoshop too; anything more overflows. Above the box, three
# tenths: a point text's box starts at its source ink (Latin cap height) and Hangul rises higher.
BOX_SLACK, TOP_SLACK = 0.1, 0.3
NO_PIXELS = ("group", "artboard", "adjustment")


@dataclass(frozen=True)
class Ink:
    """A layer's ink: a boolean mask whose top-left pixel is at `origin` (document px)."""

    mask: np.ndarray
    origin: tuple[int, int]

    @classmethod
    def of(cls, image: Image.Image, offset: tuple[int, int]) -> Ink:
        return cls(np.asarray(image.getchannel("A")) > INK_ALPHA, offset)

    def bounds(self) -> Box | None:
        rows, cols = np.flatnonzero(self.mask.any(axis=1)), np.flatnonzero(self.mask.any(axis=0))
        if rows.size == 0:
            return None
        x, y = self.origin
        return Box(x + cols[0], y + rows[0], x + cols[-1] + 1, y + rows[-1] + 1)

    def window(self, box: Box) -> np.ndarray:
        """The mask over the integer box `box` (False outside the layer)."""
        x0, y0, x1, y1 = (int(v) for v in box.as_tuple())
        out = np.zeros((y1 - y0, x1 - x0), bool)
        ox, oy = self.origin
        h, w = self.mask.shape
        sx0, sy0, sx1, sy1 = max(x0, ox), max(y0, oy), min(x1, ox + w), min(y1, oy + h)
        if sx1 > sx0 and sy1 > sy0:
            out[sy0 - y0:sy1 - y0, sx0 - x0:sx1 - x0] = self.mask[sy0 - oy:sy1 - oy,
                                                                   sx0 - ox:sx1 - ox]
        return out


def _sides(ink: Box, limit: Box, slack: float, top: float | None = None) -> list[str]:
    """'N px left/above/right/below' for every side where `ink` passes `limit` by > slack
    (by > `top` above it, when given)."""
    out = [(limit.x0 - ink.x0, "left of", slack),
           (limit.y0 - ink.y0, "above", slack if top is None else top),
           (ink.x1 - limit.x1, "right of", slack), (ink.y1 - limit.y1, "below", slack)]
    return [f"{math.ceil(d)} px {side}" for d, side, most in out if d > most]


def _finding(code: str, item: SetText | Layer, message: str, source: str) -> Finding:
    layer = item.layer if isinstance(item, SetText) else item
    return Finding(code, "error", f"text of layer '{layer.path_str}' {message}", source=source,
                   layer=layer.path_str)


def box_findings(texts: Sequence[SetText], canvas: tuple[int, int], source: str,
                 reported: Collection[str] = frozenset()) -> list[Finding]:
    """localize.overflow (glyph ink past the text's box) and localize.off-canvas (past the
    canvas); `reported` names layers the fitter already reported as overflowing."""
    found = []
    page = Box(0, 0, *canvas)
    for item in texts:
        bounds = Ink.of(item.image, item.offset).bounds()
        if bounds is None:
            continue
        size = item.fit.size_px or 0
        over = _sides(bounds, item.box, max(1.0, BOX_SLACK * size), max(1.0, TOP_SLACK * size))
        if over and item.layer.path_str not in reported:
            found.append(_finding("localize.overflow", item, f"is drawn past its box "
                                  f"({', '.join(over)} it)", source))
        off = _sides(bounds, page, 0)
        if off:
            found.append(_finding("localize.off-canvas", item, f"runs off the canvas "
                                  f"({', '.join(off)} it)", source))
    return found


def kept_off_canvas(scene: Scene, kept: Sequence[Layer], ink_of: Callable[[Layer], Ink],
                    source: str) -> list[Finding]:
    """localize.off-canvas for type layers the page keeps with their own pixels (a warped or
    masked layer): the localized page shows them cut just the same."""
    page = Box(0, 0, *scene.size)
    found = []
    for layer in kept:
        bounds = ink_of(layer).bounds()
        off = _sides(bounds, page, 0) if bounds is not None else []
        if off:
            found.append(_finding("localize.off-canvas", layer, f"(kept as it is) runs off the "
                                  f"canvas ({', '.join(off)} it)", source))
    return found


def _dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    """`mask` grown by `radius` px in every direction (a square), via an integral image."""
    if radius <= 0 or not mask.any():
        return mask
    padded = np.pad(mask.astype(np.int32), radius)
    total = padded.cumsum(0).cumsum(1)
    total = np.pad(total, ((1, 0), (1, 0)))
    k = 2 * radius + 1
    h, w = mask.shape
    sums = (total[k:k + h, k:k + w] - total[:h, k:k + w] - total[k:k + h, :w] + total[:h, :w])
    return sums > 0


def collision_findings(texts: Sequence[SetText], drawn: Mapping[int, Ink],
                       neighbours: Sequence[Layer], ink_of: Callable[[Layer], Ink],
                       source: str) -> list[Finding]:
    """localize.collision: a set text's drawn ink (with its effects, `drawn`) on a neighbour's
    ink (its new text when it was set too, with its effects, else its own pixels, `ink_of`)
    where the source layer, grown by its effects' reach (and the neighbour's, when that was
    re-set too), did not touch that neighbour's source ink at all (a re-set neighbour's shadow
    that fell on the text in the source still falls on it)."""
    found, pairs = [], set()
    for item in texts:
        window = drawn[item.layer.id].bounds()
        if window is None:
            continue
        mine = drawn[item.layer.id].window(window)
        for other in neighbours:
            if (other.id == item.layer.id or (other.id, item.layer.id) in pairs
                    or other.bbox is None or _apart(other, window)):
                continue
            now = drawn.get(other.id) or ink_of(other)
            hits = int((mine & now.window(window)).sum())
            # the neighbour's effects count where it was re-set: then its new ink has them
            reach = item.layer.effect_reach + (other.effect_reach if other.id in drawn else 0)
            if not hits or _touched(ink_of(item.layer), reach, ink_of(other)):
                continue
            pairs.add((item.layer.id, other.id))
            found.append(_finding("localize.collision", item, f"now covers {hits} px of layer "
                                  f"'{other.path_str}', which it did not touch in the "
                                  f"source", source))
    return found


def _apart(layer: Layer, window: Box) -> bool:
    reach = layer.effect_reach
    box = layer.bbox
    if box is None:  # an empty layer touches nothing
        return True
    return Box(box.x0 - reach, box.y0 - reach, box.x1 + reach, box.y1 + reach
               ).intersect(window) is None


def _touched(before: Ink, reach: int, other: Ink) -> bool:
    bounds = before.bounds()
    if bounds is None:
        return False
    grown = Box(bounds.x0 - reach, bounds.y0 - reach, bounds.x1 + reach, bounds.y1 + reach)
    return bool((_dilate(before.window(grown), reach) & other.window(grown)).any())


def layer_ink(doc) -> Callable[[Layer], Ink]:
    """A layer's source ink, its mask applied, each layer read once (`doc.layer_pixels`; `doc`
    may be the run's render.compositor.PixelCache, shared with the page's compositing)."""

    @functools.cache
    def ink(layer_id: int) -> Ink:
        pixels = doc.layer_pixels(layer_id)
        if pixels is None:  # nothing to draw: no ink
            return Ink(np.zeros((0, 0), bool), (0, 0))
        alpha = np.asarray(pixels.image.getchannel("A"))
        if pixels.mask is not None and not pixels.prerendered:
            alpha = np.minimum(alpha, _mask_over(pixels))
        return Ink(alpha > INK_ALPHA, pixels.offset)

    return lambda layer: ink(layer.id)


def _mask_over(pixels) -> np.ndarray:
    """The layer mask over the layer's own pixels (its default value outside the mask)."""
    w, h = pixels.image.size
    canvas = Image.new("L", (w, h), pixels.mask_default)
    mx, my = pixels.mask_offset
    canvas.paste(pixels.mask, (mx - pixels.offset[0], my - pixels.offset[1]))
    return np.asarray(canvas)


def ink_findings(doc, scene: Scene, texts: Sequence[SetText], translated: Collection[int],
                 source: str, reported: Collection[str] = frozenset()) -> list[Finding]:
    """Every ink finding of one localized page: `doc` gives each layer's source pixels;
    `translated` layers that were not set keep their own pixels and are measured on those."""
    ink_of = layer_ink(doc)
    set_ids = {t.layer.id for t in texts}
    kept = [la for la in scene.layers if la.visible and la.id in translated
            and la.id not in set_ids and la.bbox is not None]
    found = box_findings(texts, scene.size, source, reported)
    found += kept_off_canvas(scene, kept, ink_of, source)
    drawn = {t.layer.id: Ink.of(*t.drawn()) for t in texts}
    neighbours = [la for la in scene.layers if la.visible and la.kind not in NO_PIXELS]
    return found + collision_findings(texts, drawn, neighbours, ink_of, source)
