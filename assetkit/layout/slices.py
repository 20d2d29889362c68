"""The one detail-page cutter (build and localize): where a tall page is cut into slices.

Rules, for a page of H rows and a slot's max slice height M: n = ceil(H / M) slices (more, up to
n / 4 or 2, only when n leave no cut in a blank band); each cut
aims at the even cut of what is left and lands in the middle of the blank band (rows
near-uniform across the width: a gap between content, never a photo or a line of text) nearest
to it within WINDOW x M; failing that, in the blank band nearest to it anywhere a cut may go (no
slice over M or, but the last, under M / 4, and the rest still able to fit). Where there is no
blank band at all the cut falls on the even cut, or the nearest row that does not split a line
of text, and is reported as cutting through content. Pure functions on rows; the pixels are
read once by `blank_rows`."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ..model import Finding

BLANK_TOLERANCE = 6  # a row whose channels vary by at most this across the width is blank
WINDOW = 0.15  # how far (fraction of the max slice height) a cut may move to reach a blank band
MIN_FRACTION = 0.25  # no slice but the last is shorter than this fraction of the max height


@dataclass(frozen=True)
class PageCuts:
    """Slices [y0, y1) top to bottom, and the cuts that go through content: (row, what) with
    what = 'content' (no blank band in reach) or 'text' (a line of text is cut)."""

    slices: tuple[tuple[int, int], ...]
    through: tuple[tuple[int, str], ...] = ()


def blank_rows(image: Image.Image, tolerance: int = BLANK_TOLERANCE) -> np.ndarray:
    """One bool per row: the row is near-uniform across the width (a gap between content).
    Each channel is reduced as its own contiguous plane: ten times faster than reducing the
    interleaved RGB array (0.4 s for a 860x12000 page), which a build does per detail slot."""
    blank = np.ones(image.height, dtype=bool)
    for band in image.convert("RGB").split():
        plane = np.asarray(band)
        blank &= plane.max(axis=1).astype(np.int16) - plane.min(axis=1) <= tolerance
    return blank


def text_rows(image: Image.Image, boxes: Sequence[tuple[float, float, float, float]],
              tolerance: int = BLANK_TOLERANCE) -> np.ndarray:
    """One bool per row: some text box has ink on this row (its own columns are not uniform);
    the rows between a paragraph's lines stay False."""
    ink = np.zeros(image.height, dtype=bool)
    for x0, y0, x1, y1 in boxes:
        box = (max(0, math.floor(x0)), max(0, math.floor(y0)),
               min(image.width, math.ceil(x1)), min(image.height, math.ceil(y1)))
        if box[2] > box[0] and box[3] > box[1]:
            ink[box[1]:box[3]] |= ~blank_rows(image.crop(box), tolerance)
    return ink


def _cuttable(blank: np.ndarray, text: np.ndarray) -> np.ndarray:
    """One bool per cut position 0..len: a cut between rows y-1 and y passes through no content
    (either side is blank) and splits no line of text (not both sides text ink)."""
    after_blank, after_text = np.append(blank, False), np.append(text, False)
    clean = after_blank[:-1] | after_blank[1:]
    split = after_text[:-1] & after_text[1:]
    return np.concatenate(([False], clean & ~split))


def _bands(good: np.ndarray, lo: int, hi: int) -> list[tuple[int, int]]:
    """Runs [a, b] of True in good[lo..hi]."""
    runs, start = [], None
    for y in range(lo, hi + 1):
        if good[y] and start is None:
            start = y
        if not good[y] and start is not None:
            runs.append((start, y - 1))
            start = None
    if start is not None:
        runs.append((start, hi))
    return runs


def _best_cut(cuttable: np.ndarray, lo: int, hi: int, target: int) -> int | None:
    """The middle of the blank band in [lo, hi] whose middle is nearest the target."""
    middles = [(a + b + 1) // 2 for a, b in _bands(cuttable, lo, hi)]
    return min(middles, key=lambda m: (abs(m - target), m)) if middles else None


def _fallback(text: np.ndarray, lo: int, hi: int, target: int) -> tuple[int, str]:
    """The even cut, or the nearest row in reach that does not split a line of text."""
    rows = range(lo, hi + 1)
    free = [y for y in rows if not (text[y - 1] and y < len(text) and text[y])]
    if not free:
        return target, "text"
    return min(free, key=lambda y: (abs(y - target), y)), "content"


def plan_slices(blank: np.ndarray, max_height: int, text: np.ndarray | None = None,
                start: int = 0, end: int | None = None) -> PageCuts:
    """Slices of rows start..end, each at most `max_height` tall (see the module's rules): the
    fewest slices whose cuts all land in blank bands; where the fewest leave no room for that,
    up to EXTRA_SLICES more, else the plan that cuts through the least (text last)."""
    end = len(blank) if end is None else end
    text = np.zeros(len(blank), dtype=bool) if text is None else text
    fewest = math.ceil((end - start) / max_height)
    if fewest <= 1:
        return PageCuts(((start, end),))
    cuttable = _cuttable(blank, text)
    plans = []
    for count in range(fewest, fewest + 1 + max(2, fewest // 4)):
        plan = _plan(cuttable, text, max_height, start, end, count)
        if not plan.through:
            return plan
        plans.append(plan)
    return min(plans, key=lambda p: (sum(w == "text" for _, w in p.through), len(p.through),
                                      len(p.slices)))


def _plan(cuttable: np.ndarray, text: np.ndarray, max_height: int, start: int, end: int,
          count: int) -> PageCuts:
    """`count` slices of rows start..end, each cut as near its even cut as the rules allow."""
    reach, shortest = round(WINDOW * max_height), math.ceil(MIN_FRACTION * max_height)
    slices, through, y = [], [], start
    for k in range(count - 1):
        parts = count - k
        target = y + round((end - y) / parts)
        lo = min(max(y + shortest, end - (parts - 1) * max_height), end - 1)
        hi = max(lo, min(y + max_height, end - 1))
        near = (max(lo, target - reach), min(hi, target + reach))
        cut = _best_cut(cuttable, *near, target) if near[0] <= near[1] else None
        cut = _best_cut(cuttable, lo, hi, target) if cut is None else cut
        if cut is None:
            cut, what = _fallback(text, lo, hi, min(max(target, lo), hi))
            through.append((cut, what))
        slices.append((y, cut))
        y = cut
    slices.append((y, end))
    return PageCuts(tuple(slices), tuple(through))


def cut_findings(cuts: PageCuts, where: Mapping[str, str | None]) -> list[Finding]:
    """A warning per cut that goes through content or through a line of text."""
    return [Finding(f"layout.slice-through-{what}", "warning",
                    f"the cut at row {row} goes through "
                    f"{'a line of text' if what == 'text' else 'content'}: no blank band where "
                    f"a cut may go", **where) for row, what in cuts.through]
