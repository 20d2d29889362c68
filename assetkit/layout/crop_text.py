"""The background crop's preference for text left in the plate (a type layer, or pixels that
read as text): where the crop can slide (the plate is wider or taller than the slot's aspect),
the position that keeps the most of that text whole in the frame, then cuts the fewest
through, nearest the focus-centred one, among those that keep the focus at least KEEP of the
crop's side from its edges (a slide of at most a quarter of the side from a centred crop). The
layout still reports what stays cut (layout.cut) or wholly outside (layout.left-out); this only
chooses among crops that keep the focus well inside. `plate_crop` is the crop as the layout
takes it, and as the coded-text contrast preference judges its candidates (crop_contrast.py)."""
from __future__ import annotations

from collections.abc import Sequence

from ..geometry import Box, cover_box, free_axis

KEEP = 0.25  # of the crop's free side: the least room between the focus and an edge
EDGE = 0.5  # source px of rounding tolerated where a box meets the crop's edge


def plate_crop(source: tuple[int, int], size: tuple[int, int], focus: tuple[float, float],
               text: Sequence[Box]) -> Box:
    """The background crop of a `size` slot from a `source`-sized plate at `focus`, as the
    layout takes it: the cover crop there, slid to keep `text` (the plate's) whole."""
    return whole_text_crop(cover_box(source, size, focus), source, text, focus)


def whole_text_crop(crop: Box, source: tuple[int, int], text: Sequence[Box],
                    focus: tuple[float, float]) -> Box:
    """`crop` (the cover crop at `focus`, fractions of the source) slid along its free axis
    to keep text left in the plate whole (see the module doc); `crop` itself when no slide
    does better."""
    axis = free_axis((crop.width, crop.height), source)
    text = [b for b in text if b.area > 0]
    if axis is None or not text:
        return crop
    spans = [(b.x0, b.x1) if axis == 0 else (b.y0, b.y1) for b in text]
    start, side = (crop.x0, crop.width) if axis == 0 else (crop.y0, crop.height)
    centre = focus[axis] * source[axis]
    lo = max(0.0, centre - (1 - KEEP) * side)
    hi = min(source[axis] - side, centre - KEEP * side)

    def score(o: float) -> tuple[int, int, float]:
        inside = sum(o - EDGE <= a and b <= o + side + EDGE for a, b in spans)
        apart = sum(b <= o + EDGE or a >= o + side - EDGE for a, b in spans)
        return -inside, len(spans) - inside - apart, abs(o - start)

    places = [o for a, b in spans for o in (a, b - side, b, a - side) if lo <= o <= hi]
    if lo > hi or not places:
        return crop
    best = min([*places, lo, hi], key=score)
    if score(best)[:2] >= score(start)[:2]:
        return crop
    shift = best - start
    return Box(crop.x0 + shift, crop.y0, crop.x1 + shift, crop.y1) if axis == 0 else \
        Box(crop.x0, crop.y0 + shift, crop.x1, crop.y1 + shift)
