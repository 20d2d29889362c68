"""The background crop's preference for text left in the plate (a type layer, or pixels that
read as text): where the crop can slide (the plate is wider or taller than the slot's aspect),
the position at most SLIDE of the crop's side from the one centred on the focus that keeps the
most of that text whole in the frame, then cuts the fewest through, nearest the focus. The
layout still reports what stays cut or outside (layout.cut); this only chooses among crops
that keep the focus well inside."""
from __future__ import annotations

from collections.abc import Sequence

from ..geometry import Box

SLIDE = 0.25  # of the crop's free side
EDGE = 0.5  # source px of rounding tolerated where a box meets the crop's edge


def _spans(crop: Box, source: tuple[int, int], text: Sequence[Box]
           ) -> tuple[int, list[tuple[float, float]]] | None:
    """The crop's free axis (0: x, 1: y) and the text boxes' extents along it."""
    if crop.width < source[0] - 1:
        return 0, [(b.x0, b.x1) for b in text]
    if crop.height < source[1] - 1:
        return 1, [(b.y0, b.y1) for b in text]
    return None


def whole_text_crop(crop: Box, source: tuple[int, int], text: Sequence[Box]) -> Box:
    """`crop` slid along its free axis to keep text left in the plate whole (see the module
    doc); `crop` itself when no slide does better."""
    found = _spans(crop, source, text) if text else None
    if found is None:
        return crop
    axis, spans = found
    start, side = (crop.x0, crop.width) if axis == 0 else (crop.y0, crop.height)
    lo = max(0.0, start - SLIDE * side)
    hi = min(source[axis] - side, start + SLIDE * side)

    def score(o: float) -> tuple[int, int, float]:
        inside = sum(o - EDGE <= a and b <= o + side + EDGE for a, b in spans)
        apart = sum(b <= o + EDGE or a >= o + side - EDGE for a, b in spans)
        return -inside, len(spans) - inside - apart, abs(o - start)

    edges = [o for a, b in spans for o in (a, b - side, b, a - side) if lo <= o <= hi]
    best = min([start, lo, hi, *edges], key=score)
    if score(best)[:2] >= score(start)[:2]:
        return crop
    shift = best - start
    return Box(crop.x0 + shift, crop.y0, crop.x1 + shift, crop.y1) if axis == 0 else \
        Box(crop.x0, crop.y0 + shift, crop.x1, crop.y1 + shift)
