"""The background crop's preference for text left in the plate (a type layer, or pixels that
read as text): where the crop can slide (the plate is wider or taller than the slot's aspect),
the position that keeps the most of that text whole in the frame, then cuts the fewest
through, nearest the focus-centred one, among those that keep the focus at least KEEP of the
crop's side from its edges (a slide of at most a quarter of the side from a centred crop). The
layout still reports what stays cut (layout.cut) or wholly outside (layout.left-out); this only
chooses among crops that keep the focus well inside. `plate_crop` is the crop as the layout
takes it, and as the coded-text contrast preference judges its candidates (crop_contrast.py).

Once the units are placed, `clear_crop` moves a crop that leaves such text under a placed unit
or cuts it (layout.covered, layout.cut) to where the fewest are, nearest the units' own place
in the plate: a detail page's hero units over the hero's own background, not over a section
of copy from the middle of the page where the focus fell."""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..geometry import Box, cover_box, free_axis
from .account import text_verdicts
from .types import Placement

KEEP = 0.25  # of the crop's free side: the least room between the focus and an edge
EDGE = 0.5  # source px of rounding tolerated where a box meets the crop's edge
BATCH = 16  # candidate crops judged at once at first (the best ranked), 4x more each time
BUDGET = 2_000_000  # at most candidates x texts x (units + zones + 1) judged at once


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
    return _moved(crop, axis, best)


def _errors(texts: Sequence[Box], crops: Sequence[Box], placed: Sequence[Box],
            zones: Sequence[Box], size: tuple[int, int]) -> np.ndarray:
    """For each crop: how many of `texts` it leaves under a placed unit or cut (each counted
    once per fault, as `faults` reports them)."""
    left, cut, under = text_verdicts(texts, crops, placed, zones, size)
    return ((cut & ~left).sum(axis=1) + ((under >= 0) & ~left).sum(axis=1)).astype(int)


def _moved(crop: Box, axis: int, start: float) -> Box:
    shift = start - (crop.x0 if axis == 0 else crop.y0)
    return Box(crop.x0 + shift, crop.y0, crop.x1 + shift, crop.y1) if axis == 0 else \
        Box(crop.x0, crop.y0 + shift, crop.x1, crop.y1 + shift)


def _starts(texts: Sequence[Box], boxes: Sequence[Box], axis: int, side: float,
            scale: float) -> list[float]:
    """Where the crop's start along `axis` makes some text just meet the frame's edges or a
    placed unit's or zone's edge (`boxes`, slot px): the ends of every stretch of starts
    with the same faults."""
    out = []
    for t in texts:
        a, b = (t.x0, t.x1) if axis == 0 else (t.y0, t.y1)
        out += [a, b, a - side, b - side]
        for q in boxes:
            qa, qb = ((q.x0, q.x1) if axis == 0 else (q.y0, q.y1))
            out += [a - qb / scale, b - qa / scale]
    return out


def clear_crop(crop: Box, source: tuple[int, int], texts: Sequence[Box],
               placements: Sequence[Placement], size: tuple[int, int], zones: Sequence[Box],
               judge: Callable[[Box], float] | None = None) -> Box:
    """`crop`, or, when it leaves text of the plate (`texts`) under a placed unit or cuts it,
    the crop slid along its free axis to where the fewest such faults are; among those, the
    one that shows the most of the placed units' own place in the plate (their boxes there, by
    area), then the nearest to `crop`. `judge` (the coded-text contrast of a crop, 1 enough):
    no move to a crop it scores below `crop` (see the module doc)."""
    axis = free_axis((crop.width, crop.height), source)
    placed = [p.dst for p in placements]
    if axis is None or not texts:
        return crop
    here = int(_errors(texts, [crop], placed, zones, size)[0])
    if here == 0:
        return crop
    side = crop.width if axis == 0 else crop.height
    room, start = source[axis] - side, (crop.x0 if axis == 0 else crop.y0)
    own = np.array([((b.x0, b.x1) if axis == 0 else (b.y0, b.y1)) + (b.area,)
                    for b in (p.src for p in placements)], dtype=float).reshape(-1, 3)
    starts = np.unique(np.clip([
        0.0, room, start, *_starts(texts, [*placed, *zones], axis, side, size[axis] / side),
        *own[:, 0], *(own[:, 1] - side), *(own[:, 0] - side), *own[:, 1]], 0.0, room))
    # how much of the units' own boxes each crop shows, by area
    inside = np.clip(np.minimum(own[:, 1], starts[:, None] + side)
                     - np.maximum(own[:, 0], starts[:, None]), 0.0, None)
    shown = (inside * (own[:, 2] / np.maximum(own[:, 1] - own[:, 0], 1e-9))).sum(axis=1)
    ranked = starts[np.lexsort((np.abs(starts - start), -np.round(shown, 3)))]
    floor = min(judge(crop), 1.0) if judge is not None else 0.0
    most = max(1, BUDGET // (len(texts) * (len(placed) + len(zones) + 1)))
    best, fewest = crop, here
    i, batch = 0, BATCH
    while i < len(ranked) and fewest > 0:  # the best ranked first, in growing batches
        crops = [_moved(crop, axis, o) for o in ranked[i:i + min(batch, most)]]
        errors = _errors(texts, crops, placed, zones, size)
        for j in np.argsort(errors, kind="stable"):  # the fewest, best ranked, judged fit
            if errors[j] >= fewest:
                break
            if judge is None or judge(crops[j]) >= floor:
                best, fewest = crops[j], int(errors[j])
                break
        i, batch = i + len(crops), batch * 4
    return best
