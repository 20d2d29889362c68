"""Stages a variant goes through after render, shared by build and localize. Pure: pixels and a
slot in, encoded pieces and findings out; nothing is written (pipeline/write.py writes).

- `detail_page`: a page at the slot's width, cut by the one page cutter (layout/slices.py);
- `encode_page`: every slice under the slot's per-slice cap; a slice that cannot fit is cut
  again, smaller, by the same cutter while its pieces stay >= MIN_SLICE tall;
- `encode_piece`: one image under the cap, or `encode.cap-unreachable`."""
from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from ..encode import fit_under_cap
from ..encode.settings import EncodeSettings
from ..encode.sizemodel import SizeModel
from ..errors import CapUnreachable
from ..findings import Where
from ..layout.slices import PageCuts, PageRows, plan_slices
from ..model import Finding, SliceInfo
from ..render.resample import Resampler
from .write import Written

MIN_SLICE = 200  # px: a slice over the cap is cut smaller until its pieces would be shorter


@dataclass(frozen=True)
class Page:
    """A detail page at the slot's width: its pixels, its rows as the cutter reads them, the
    cuts."""

    image: Image.Image
    rows: PageRows
    cuts: PageCuts


@dataclass(frozen=True)
class Encoding:
    """How pieces are encoded for one slot: formats in preference order, the cap in bytes, the
    encoder settings and the size model's hint (None: search without one)."""

    formats: Sequence[str]
    cap: int
    settings: EncodeSettings
    hint: SizeModel | None = None


def detail_page(image: Image.Image, size: tuple[int, int], max_height: int,
                text_boxes: Sequence[tuple[float, float, float, float]],
                resampler: Resampler) -> Page:
    """`image` at `size` (the slot's width), cut into slices; `text_boxes` are in `size` px."""
    page = resampler.resize(image, size) if size != image.size else image
    rows = PageRows(page, text_boxes)
    return Page(page, rows, plan_slices(rows, max_height))


def encode_piece(image: Image.Image, how: Encoding, where: Where,
                 slice: SliceInfo | None = None) -> tuple[Written | None, list[Finding]]:
    """One image under the cap, or nothing and `encode.cap-unreachable`."""
    try:
        enc = fit_under_cap(image, how.formats, how.cap, settings=how.settings, hint=how.hint)
    except CapUnreachable as exc:
        return None, [Finding("encode.cap-unreachable", "error", str(exc), **where)]
    return Written(enc, image.size, how.cap, slice), []


def encode_page(page: Page, how: Encoding, where: Where
                ) -> tuple[list[Written], list[Finding]]:
    """Every slice of `page` under the cap, top to bottom (numbered once all are known)."""
    queue, done, findings = deque(page.cuts.slices), [], []
    while queue:
        y0, y1 = queue.popleft()
        crop = page.image.crop((0, y0, page.image.width, y1))
        try:
            enc = fit_under_cap(crop, how.formats, how.cap, settings=how.settings,
                                hint=how.hint)
        except CapUnreachable as exc:
            # as many pieces as the smallest size reached says, so few encodes fail again
            parts = max(2, math.ceil((exc.smallest or 0) / how.cap * 1.15))
            if (y1 - y0) / parts >= MIN_SLICE:
                smaller = plan_slices(page.rows, math.ceil((y1 - y0) / parts), y0, y1)
                queue.extendleft(reversed(smaller.slices))
            else:
                findings.append(Finding("encode.cap-unreachable", "error",
                                        f"slice {y0}-{y1}: {exc}", **where))
            continue
        done.append((y0, y1, enc))
    return [Written(enc, (page.image.width, y1 - y0), how.cap, SliceInfo(i, len(done), y0, y1))
            for i, (y0, y1, enc) in enumerate(done)], findings
