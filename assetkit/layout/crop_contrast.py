"""The background crop's preference for coded text: where a slot has coded-text areas and the
crop can slide (the plate is wider or taller than the slot's aspect), the crop whose pixels
under the areas give the coded text its WCAG contrast, nearest to the focus. The checks still
measure the result (coded.low-contrast); this only chooses among crops that cover the slot,
each judged as the layout will take it: slid to keep the plate's text whole (crop_text.py)."""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from PIL import Image

from ..geometry import Box, aspect_crop_size, free_axis, resolve_box
from ..measure.contrast import luminance, luminance_ratio
from ..model import Slot
from .crop_text import plate_crop

STEPS = 11  # candidate positions along the free axis
WORK = 256  # px: the long side the plate is measured at
CHUNKS = 8  # column blocks of an area measured apart


def _score(lum: np.ndarray, scale: float, crop: Box, slot: Slot, size: tuple[int, int]) -> float:
    """min over areas of (contrast under it / its minimum), at most 1."""
    score = 1.0
    fx, fy = crop.width / size[0], crop.height / size[1]
    for area in slot.coded_text:
        a = resolve_box(area.box, size)
        x0, x1 = (round((crop.x0 + v * fx) * scale) for v in (a.x0, a.x1))
        y0, y1 = (round((crop.y0 + v * fy) * scale) for v in (a.y0, a.y1))
        patch = lum[max(0, y0):max(y0 + 1, y1), max(0, x0):max(x0 + 1, x1)]
        if patch.size == 0:
            continue
        # the worst of a few column blocks: a string spans the area, a mean would hide a part
        blocks = np.array_split(patch, min(CHUNKS, patch.shape[1]), axis=1)
        bg = np.array([float(b.mean()) for b in blocks])
        if area.scrim is not None:  # its mean opacity over the area
            alpha = area.scrim.opacity * (1.0 if area.scrim.direction == "flat" else 0.5)
            bg = bg * (1 - alpha) + float(luminance(area.scrim.colour)) * alpha
        ratio = float(luminance_ratio(bg, float(luminance(area.colour))).min())
        score = min(score, ratio / area.min_contrast())
    return score


def contrast_judge(plate: Image.Image | None, slot: Slot, size: tuple[int, int]
                   ) -> Callable[[Box], float] | None:
    """How well a crop of `plate` serves the slot's coded-text areas: min over areas of the
    contrast under it / its minimum, at most 1 (1: every area has its contrast); None for a
    slot without coded text or a source without a plate."""
    if plate is None or not slot.coded_text:
        return None
    w, h = plate.size
    scale = WORK / max(w, h)
    small = plate.convert("RGB").resize((max(1, round(w * scale)), max(1, round(h * scale))))
    lum = luminance(np.asarray(small))
    return lambda crop: _score(lum, scale, crop, slot, size)


def prefer_contrast(plate: Image.Image | None, slot: Slot, size: tuple[int, int],
                    focus: tuple[float, float], text: Sequence[Box] = (),
                    judge: Callable[[Box], float] | None = None) -> tuple[float, float]:
    """`focus`, or the focus of the sliding crop that best serves the coded-text areas (only
    when the crop at `focus` falls short of an area's contrast); `text`: the boxes of the text
    left in the plate, which the crop slides to keep whole; `judge`: contrast_judge's, made
    already (the crop is judged once the units are placed too)."""
    if plate is None or not slot.coded_text:
        return focus
    w, h = plate.size
    cw, ch = aspect_crop_size((w, h), size[0] / size[1])
    free = free_axis((cw, ch), (w, h))
    judge = judge or contrast_judge(plate, slot, size)
    if free is None or judge is None:
        return focus
    here = judge(plate_crop((w, h), size, focus, text))
    if here >= 1.0:
        return focus
    span, side = ((cw, w) if free == 0 else (ch, h))
    options = []
    for t in np.linspace(0, 1, STEPS):
        point = list(focus)
        point[free] = float((span / 2 + t * (side - span)) / side)
        candidate = (point[0], point[1])
        score = judge(plate_crop((w, h), size, candidate, text))
        options.append((-score, abs(candidate[free] - focus[free]), candidate))
    best = min(options)
    return best[2] if -best[0] > here else focus
