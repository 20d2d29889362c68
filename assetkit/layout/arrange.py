"""Several units sharing one template region (two products, sub copy and a price): arranged as
in the source, side by side or one under the other, with the gaps between them closed up to a
small margin. Pure geometry."""
from __future__ import annotations

from collections.abc import Sequence

from ..geometry import Box

GAP = 0.25  # the largest gap kept between arranged units, of their median size on that axis


def _side_by_side(boxes: Sequence[Box]) -> bool:
    """Whether the boxes sit in a row (their vertical spans overlap more than their horizontal)."""
    def spans(lo, hi) -> float:
        return sum(max(0.0, min(hi(a), hi(b)) - max(lo(a), lo(b)))
                   for i, a in enumerate(boxes) for b in boxes[i + 1:])
    return spans(lambda b: b.y0, lambda b: b.y1) > spans(lambda b: b.x0, lambda b: b.x1)


def arrange(boxes: Sequence[Box]) -> tuple[Box, tuple[Box, ...]]:
    """(the arrangement's bounding box, each box moved into it), boxes in the same order.

    One box is returned as is. Several are laid along the axis they are spread on in the source,
    in source order along it, each gap at most GAP x their median size on that axis; across the
    axis each keeps its offset from the others."""
    if len(boxes) < 2:
        return boxes[0], tuple(boxes)
    row = _side_by_side(boxes)
    lo = (lambda b: b.x0) if row else (lambda b: b.y0)
    size = sorted((b.width if row else b.height) for b in boxes)[len(boxes) // 2]
    order = sorted(range(len(boxes)), key=lambda i: lo(boxes[i]))
    moved: dict[int, Box] = {}
    cursor = None
    for i in order:
        b = boxes[i]
        start = lo(b) if cursor is None else min(max(cursor, lo(b)), cursor + GAP * size)
        shift = start - lo(b)
        moved[i] = Box(b.x0 + shift, b.y0, b.x1 + shift, b.y1) if row else Box(
            b.x0, b.y0 + shift, b.x1, b.y1 + shift)
        end = moved[i].x1 if row else moved[i].y1
        cursor = end if cursor is None else max(cursor, end)
    out = tuple(moved[i] for i in range(len(boxes)))
    union = Box(min(b.x0 for b in out), min(b.y0 for b in out), max(b.x1 for b in out),
                max(b.y1 for b in out))
    return union, out
