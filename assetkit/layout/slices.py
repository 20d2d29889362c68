"""The one detail-page cutter (build and localize): where a tall page is cut into slices.

Rules, for a page of H rows and a slot's max slice height M: n = ceil(H / M) slices (more, up to
n / 4 or 2, only when n leave no cut in a blank band); each cut
aims at the even cut of what is left and lands in the middle of the blank band (rows
near-uniform across the width: a gap between content, never a photo or a line of text) nearest
to it within WINDOW x M; failing that, in the blank band nearest to it anywhere a cut may go (no
slice over M or, but the last, under M / 4, and the rest still able to fit). Where there is no
blank band at all the cut falls on the even cut, or the nearest row that does not split a line
of text, and is reported as cutting through content. The plan is pure on rows; `PageRows` reads
a page's pixels only where a cut is looked for (a page that needs no cut is never read), each
row once, with `blank_rows` and `text_rows`."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ..findings import Where
from ..model import Finding

BLANK_TOLERANCE = 6  # a row whose channels vary by at most this across the width is blank
WINDOW = 0.15  # how far (fraction of the max slice height) a cut may move to reach a blank band
MIN_FRACTION = 0.25  # no slice but the last is shorter than this fraction of the max height
CHUNK = 256  # rows PageRows reads at a time
THROUGH_CODES = {"content": "layout.slice-through-content", "text": "layout.slice-through-text"}

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PageCuts:
    """Slices [y0, y1) top to bottom, and the cuts that go through content: (row, what) with
    what = 'content' (no blank band in reach) or 'text' (a line of text is cut)."""

    slices: tuple[tuple[int, int], ...]
    through: tuple[tuple[int, str], ...] = ()


def blank_rows(image: Image.Image, tolerance: int = BLANK_TOLERANCE) -> np.ndarray:
    """One bool per row: the row is near-uniform across the width (a gap between content).
    Each channel is reduced as its own contiguous plane: ten times faster than reducing the
    interleaved RGB array."""
    blank = np.ones(image.height, dtype=bool)
    for band in (image if image.mode == "RGB" else image.convert("RGB")).split():
        plane = np.asarray(band)
        blank &= plane.max(axis=1).astype(np.int16) - plane.min(axis=1) <= tolerance
    return blank


def text_rows(image: Image.Image, boxes: Sequence[Box], tolerance: int = BLANK_TOLERANCE,
              top: int = 0) -> np.ndarray:
    """One bool per row: some text box has ink on this row (its own columns are not uniform);
    the rows between a paragraph's lines stay False. `image` may be a band of a page starting
    at the page's row `top` (the boxes are in page rows)."""
    ink = np.zeros(image.height, dtype=bool)
    for x0, y0, x1, y1 in boxes:
        box = (max(0, math.floor(x0)), max(0, math.floor(y0) - top),
               min(image.width, math.ceil(x1)), min(image.height, math.ceil(y1) - top))
        if box[2] > box[0] and box[3] > box[1]:
            ink[box[1]:box[3]] |= ~blank_rows(image.crop(box), tolerance)
    return ink


class PageRows:
    """A page's rows as the cutter sees them (blank, text ink), read from the pixels CHUNK rows
    at a time on first use, or given (`PageRows.known`). Kept padded with a row that is
    neither blank nor text above and below the page, so cut position y reads index y and y+1."""

    def __init__(self, image: Image.Image | None, boxes: Sequence[Box] = (),
                 height: int | None = None) -> None:
        if height is None:
            if image is None:
                raise TypeError("PageRows needs the page image or its height")
            height = image.height
        self.image, self.boxes, self.height = image, tuple(boxes), height
        self._blank = np.zeros(self.height + 2, dtype=bool)
        self._text = np.zeros(self.height + 2, dtype=bool)
        self._unread = set(range(-(-self.height // CHUNK))) if image is not None else set()
        self._whole: tuple[np.ndarray, np.ndarray] | None = None

    @classmethod
    def known(cls, blank: np.ndarray, text: np.ndarray | None = None) -> PageRows:
        rows = cls(None, height=len(blank))
        rows._blank[1:-1] = blank
        if text is not None:
            rows._text[1:-1] = text
        return rows

    @property
    def rows_read(self) -> int:
        if self.image is None:
            return 0
        return sum(min(CHUNK, self.height - c * CHUNK)
                   for c in range(-(-self.height // CHUNK)) if c not in self._unread)

    def _ensure(self, lo: int, hi: int) -> None:
        """Reads the rows in [lo, hi) not read yet."""
        if not self._unread or self.image is None:
            return
        for chunk in range(max(lo, 0) // CHUNK, -(-min(hi, self.height) // CHUNK)):
            if chunk in self._unread:
                y0, y1 = chunk * CHUNK, min((chunk + 1) * CHUNK, self.height)
                band = self.image.crop((0, y0, self.image.width, y1))
                self._blank[y0 + 1:y1 + 1] = blank_rows(band)
                self._text[y0 + 1:y1 + 1] = text_rows(band, self.boxes, top=y0)
                self._unread.discard(chunk)

    def _positions(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """Per cut position lo..hi (a cut between rows y-1 and y): the cut is clean (either
        side blank, not both sides text ink), the cut splits a line of text (both sides text
        ink). Once every row is read, computed once for the whole page."""
        if self._unread:
            self._ensure(lo - 1, hi + 1)
            if self._unread:
                return self._between(lo, hi)
        if self._whole is None:
            self._whole = self._between(0, self.height)
        return self._whole[0][lo:hi + 1], self._whole[1][lo:hi + 1]

    def _between(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        split = self._text[lo:hi + 1] & self._text[lo + 1:hi + 2]
        clean = (self._blank[lo:hi + 1] | self._blank[lo + 1:hi + 2]) & ~split
        if lo == 0:
            clean[0] = False  # never at the page's top
        return clean, split

    def cuttable(self, lo: int, hi: int) -> np.ndarray:
        """One bool per cut position lo..hi: the cut passes through no content (either side
        is blank) and splits no line of text."""
        return self._positions(lo, hi)[0]

    def splits_text(self, lo: int, hi: int) -> np.ndarray:
        """One bool per cut position lo..hi: both sides are text ink."""
        return self._positions(lo, hi)[1]


def _bands(good: np.ndarray, lo: int) -> list[tuple[int, int]]:
    """Runs [a, b] of True in `good`, whose first element is position `lo`."""
    if len(good) < 64:  # the page's many short windows: a loop beats numpy's call overhead
        runs, start = [], None
        for i, g in enumerate(good.tolist()):
            if g and start is None:
                start = i
            elif not g and start is not None:
                runs.append((lo + start, lo + i - 1))
                start = None
        return runs + ([(lo + start, lo + len(good) - 1)] if start is not None else [])
    edges = np.diff(np.concatenate(([0], good.view(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return [(lo + int(a), lo + int(b)) for a, b in zip(starts, ends, strict=True)]


def _best_cut(rows: PageRows, lo: int, hi: int, target: int) -> int | None:
    """The middle of the blank band in [lo, hi] whose middle is nearest the target."""
    middles = [(a + b + 1) // 2 for a, b in _bands(rows.cuttable(lo, hi), lo)]
    return min(middles, key=lambda m: (abs(m - target), m)) if middles else None


def _fallback(rows: PageRows, lo: int, hi: int, target: int) -> tuple[int, str]:
    """The even cut, or the nearest row in reach that does not split a line of text."""
    split = rows.splits_text(lo, hi)
    if not split.any():
        return target, "content"
    free = lo + np.flatnonzero(~split)
    if not len(free):
        return target, "text"
    return int(free[np.argmin(np.abs(free - target))]), "content"  # the one above on a tie


def plan_slices(rows: PageRows, max_height: int, start: int = 0, end: int | None = None
                ) -> PageCuts:
    """Slices of rows start..end, each at most `max_height` tall (see the module's rules): the
    fewest slices whose cuts all land in blank bands; where the fewest leave no room for that,
    up to EXTRA_SLICES more, else the plan that cuts through the least (text last)."""
    end = rows.height if end is None else end
    fewest = math.ceil((end - start) / max_height)
    if fewest <= 1:
        return PageCuts(((start, end),))
    plans = []
    for count in range(fewest, fewest + 1 + max(2, fewest // 4)):
        plan = _plan(rows, max_height, start, end, count)
        if not plan.through:
            return plan
        plans.append(plan)
    return min(plans, key=lambda p: (sum(w == "text" for _, w in p.through), len(p.through),
                                      len(p.slices)))


def _plan(rows: PageRows, max_height: int, start: int, end: int, count: int) -> PageCuts:
    """`count` slices of rows start..end, each cut as near its even cut as the rules allow."""
    reach, shortest = round(WINDOW * max_height), math.ceil(MIN_FRACTION * max_height)
    slices, through, y = [], [], start
    for k in range(count - 1):
        parts = count - k
        target = y + round((end - y) / parts)
        lo = min(max(y + shortest, end - (parts - 1) * max_height), end - 1)
        hi = max(lo, min(y + max_height, end - 1))
        near = (max(lo, target - reach), min(hi, target + reach))
        cut = _best_cut(rows, *near, target) if near[0] <= near[1] else None
        cut = _best_cut(rows, lo, hi, target) if cut is None else cut
        if cut is None:
            cut, what = _fallback(rows, lo, hi, min(max(target, lo), hi))
            through.append((cut, what))
        slices.append((y, cut))
        y = cut
    slices.append((y, end))
    return PageCuts(tuple(slices), tuple(through))


def cut_findings(cuts: PageCuts, where: Where) -> list[Finding]:
    """A warning per cut that goes through content or through a line of text."""
    return [Finding(THROUGH_CODES[what], "warning",
                    f"the cut at row {row} goes through "
                    f"{'a line of text' if what == 'text' else 'content'}: no blank band where "
                    f"a cut may go", **where) for row, what in cuts.through]
