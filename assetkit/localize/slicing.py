"""Where to cut a long detail page: in blank bands between content, never through a text line,
no slice taller than the slot allows (pure functions on rows)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image

BLANK_TOLERANCE = 6  # a row whose channels vary by at most this across the width is blank


def blank_rows(image: Image.Image, tolerance: int = BLANK_TOLERANCE) -> np.ndarray:
    """One bool per row: the row is near-uniform across the width (a gap between content)."""
    rows = np.asarray(image.convert("RGB"), dtype=np.int16)
    spread = rows.max(axis=1) - rows.min(axis=1)  # per row and channel
    return spread.max(axis=1) <= tolerance


def allowed_cuts(height: int, forbidden: Sequence[tuple[float, float]]) -> np.ndarray:
    """One bool per cut position 0..height: False inside a forbidden zone (a text box)."""
    ok = np.ones(height + 1, dtype=bool)
    for y0, y1 in forbidden:
        lo, hi = max(0, int(np.floor(y0)) + 1), min(height, int(np.ceil(y1)) - 1)
        if hi >= lo:
            ok[lo:hi + 1] = False
    return ok


def _best_cut(blank: np.ndarray, ok: np.ndarray, lo: int, hi: int) -> int | None:
    """The cut in [lo, hi]: the middle of the lowest blank band, else the lowest allowed row."""
    good = ok[lo:hi + 1] & np.append(blank, True)[lo:hi + 1]
    if good.any():
        end = lo + int(np.flatnonzero(good)[-1])
        start = end
        while start - 1 >= lo and good[start - 1 - lo]:
            start -= 1
        # the middle of the blank band leaves margin on both sides, unless the band runs to hi
        return end if end == hi else (start + end + 1) // 2
    allowed = np.flatnonzero(ok[lo:hi + 1])
    return lo + int(allowed[-1]) if allowed.size else None


def plan_cuts(blank: np.ndarray, max_height: int, forbidden: Sequence[tuple[float, float]] = (),
              start: int = 0, end: int | None = None) -> tuple[list[tuple[int, int]], bool]:
    """Slices [y0, y1) of rows start..end, each at most `max_height` tall, and whether every
    cut avoided the forbidden zones. Cuts prefer blank rows in the lower half of the allowed
    reach (so slices stay close to the maximum), then any blank row, then any allowed row."""
    end = len(blank) if end is None else end
    ok = allowed_cuts(len(blank), forbidden)
    slices, clean = [], True
    y = start
    while end - y > max_height:
        reach = y + max_height
        cut = _best_cut(blank, ok, y + max_height // 2, reach)
        if cut is None or not blank[min(cut, len(blank) - 1)]:
            wider = _best_cut(blank, ok, y + 1, reach)
            cut = wider if wider is not None and blank[min(wider, len(blank) - 1)] else cut
        if cut is None:
            cut, clean = reach, False
        slices.append((y, cut))
        y = cut
    slices.append((y, end))
    return slices, clean
