"""Free space in a slot: the empty rectangles left between placed units, for a unit that did
not fit in its own region. Pure geometry (numpy for the search)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..geometry import Box


def free_rectangles(area: Box, blocked: Sequence[Box]) -> list[Box]:
    """Maximal-ish empty rectangles of `area`: every rectangle whose sides lie on the area's or
    a blocked box's edges and that touches no blocked box, largest first (at most 64)."""
    inside = [b for b in blocked if b.intersect(area) is not None]
    xs = np.unique(np.clip([area.x0, area.x1, *(v for b in inside for v in (b.x0, b.x1))],
                           area.x0, area.x1))
    ys = np.unique(np.clip([area.y0, area.y1, *(v for b in inside for v in (b.y0, b.y1))],
                           area.y0, area.y1))
    xa, xb = np.triu_indices(len(xs), 1)
    ya, yb = np.triu_indices(len(ys), 1)
    x0, x1 = xs[xa][:, None], xs[xb][:, None]
    y0, y1 = ys[ya][None, :], ys[yb][None, :]
    ok = np.ones((len(xa), len(ya)), dtype=bool)
    for b in inside:
        ok &= ~((x0 < b.x1) & (x1 > b.x0) & (y0 < b.y1) & (y1 > b.y0))
    i, j = np.nonzero(ok)
    if i.size == 0:
        return []
    areas = (xs[xb][i] - xs[xa][i]) * (ys[yb][j] - ys[ya][j])
    best = np.argsort(-areas)[:64]
    return [Box(float(xs[xa][i[k]]), float(ys[ya][j[k]]), float(xs[xb][i[k]]),
                float(ys[yb][j[k]])) for k in best]


def best_spot(unit: Box, near: Box, spots: Sequence[Box], least: float,
              most: float | None) -> tuple[Box, float] | None:
    """The free rectangle where `unit` fits at a scale of at least `least` (at most `most`),
    nearest to `near` (its own region); (rectangle, scale) or None."""
    found = []
    for spot in spots:
        scale = min(spot.width / unit.width, spot.height / unit.height)
        scale = min(scale, most) if most is not None else scale
        if scale >= least:
            cx, cy = (spot.x0 + spot.x1) / 2, (spot.y0 + spot.y1) / 2
            nx, ny = (near.x0 + near.x1) / 2, (near.y0 + near.y1) / 2
            found.append(((cx - nx) ** 2 + (cy - ny) ** 2, spot, scale))
    if not found:
        return None
    _, spot, scale = min(found, key=lambda f: f[0])
    return spot, scale
