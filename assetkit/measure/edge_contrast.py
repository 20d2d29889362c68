"""How well placed text reads against what is behind it, pure: the WCAG 2 contrast between a
piece's own colour and its backdrop along the edge of its silhouette (where the eye finds the
shapes of the glyphs), judged along each line of the piece in cells about a line high.

A stroke, a shadow or a glow drawn into the piece is part of its silhouette: text kept readable
by its outline on a backdrop of its own colour reads. A piece whose solid pixels fill most of
their box (a button, a badge, text on its own panel), or hold a contrast of their own (an emoji,
a pictogram, two-tone lettering), carries what reads in it: not judged."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

from .contrast import luminance8, luminance_ratio

UNREADABLE = 1.5  # a cell of text whose edge contrast is below this ratio does not read
SOLID = 128  # alpha from which a pixel is the piece's own (its silhouette)
PANEL = 0.75  # share of its box the silhouette fills from which a piece carries its own backdrop
SCREEN = 3  # stride of the backdrop sample that first looks for colours near the piece's own
OWN = 3.0  # contrast between a piece's own light and dark (5th, 95th percentile) that reads alone


LOST = 0.1  # share of a piece's length that stops reading where it is placed, and did read in
# its source, from which it is lost there (legibility.low-contrast; render backs it)
EPS = 1e-9  # shares are fractions of cell counts: 0.3 - 0.2 is a tenth


@dataclass(frozen=True)
class EdgeContrast:
    """A piece of text against its backdrop: the share of its cells that do not read (edge
    contrast below UNREADABLE), the lowest cell's ratio, how many cells were judged, the median
    colour behind its edge (None: not looked at), its tallest line of text in px, and the
    luminance range of its own colour (5th and 95th percentile)."""

    unreadable: float
    worst: float
    cells: int
    backdrop: tuple[int, int, int] | None = None
    line_px: int = 0
    ink: tuple[float, float] = (0.0, 1.0)


def lost(placed: EdgeContrast, source: EdgeContrast | None) -> float:
    """The share of a placed piece's length that does not read there, when it is LOST or more
    and LOST more than in its source; else 0.0, also where the source carried its own contrast
    (None: an emoji whose features a small slot blurs lost them to its size, not to what is
    behind it)."""
    if source is None:
        return 0.0
    share = placed.unreadable
    return share if share >= LOST - EPS and share - source.unreadable >= LOST - EPS else 0.0


def _line_of_rows(solid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the index of the line of text it belongs to (-1 for rows without ink), and
    each line's height: lines are runs of rows holding ink, a run under a third of the tallest
    (an accent, a row of dots) joined to the nearest taller one."""
    rows: np.ndarray = np.asarray(solid.any(axis=1))
    starts = np.flatnonzero(rows & ~np.concatenate([[False], rows[:-1]]))
    ends = np.flatnonzero(rows & ~np.concatenate([rows[1:], [False]])) + 1
    runs = ends - starts
    tall = np.flatnonzero(runs * 3 >= runs.max())
    centres = (starts + ends) / 2
    owner = tall[np.abs(centres[:, None] - centres[tall][None, :]).argmin(axis=1)]
    line = np.full(rows.shape, -1)
    heights = np.zeros(tall.size, dtype=int)
    for i, t in enumerate(tall):
        mine = owner == t
        top, bottom = starts[mine].min(), ends[mine].max()
        line[top:bottom] = np.where(rows[top:bottom], i, -1)
        heights[i] = bottom - top
    return line, heights


def edge_contrast(piece: Image.Image, backdrop: Image.Image) -> EdgeContrast | None:
    """`piece` (RGBA) over `backdrop` (RGB, the same size: what it is drawn over); None when it
    has no silhouette or carries its own backdrop. A cell's contrast is the median of its edge
    pixels' ratios (the upper one of an even count); a piece whose backdrop (a sample of it) holds
    nothing within 3:1 of its own colours reads without its cells being judged (`cells` 0)."""
    rgba = np.asarray(piece)
    solid = rgba[..., 3] >= SOLID
    rows, cols = np.flatnonzero(solid.any(axis=1)), np.flatnonzero(solid.any(axis=0))
    if rows.size == 0 or np.count_nonzero(solid) >= PANEL * (rows[-1] - rows[0] + 1) * (
            cols[-1] - cols[0] + 1):
        return None
    own = luminance8(rgba.reshape(-1, 4)[np.flatnonzero(solid)[::3]])
    dark, light = (float(v) for v in np.percentile(own, (5, 95)))
    if luminance_ratio(light, dark) >= OWN:
        return None
    line, heights = _line_of_rows(solid)
    back = np.asarray(backdrop)
    screened = clear_of((dark, light), backdrop)
    if screened is not None:  # nothing behind it comes near its own colours: it reads
        sample = back[::SCREEN, ::SCREEN].reshape(-1, 3)
        return replace(screened, backdrop=_median(sample), line_px=int(heights.max()))
    inner = np.zeros_like(solid)
    inner[1:-1, 1:-1] = (solid[1:-1, 1:-1] & solid[:-2, 1:-1] & solid[2:, 1:-1]
                         & solid[1:-1, :-2] & solid[1:-1, 2:])
    edge = np.flatnonzero(solid & ~inner)
    ey, ex = np.divmod(edge, solid.shape[1])
    ink = rgba.reshape(-1, 4)[edge]
    under = back.reshape(-1, 3)[edge]
    ratio = luminance_ratio(luminance8(ink), luminance8(under))
    cell = line[ey] * (solid.shape[1] + 1) + ex // np.maximum(heights[line[ey]], 1)
    order = np.lexsort((ratio, cell))
    _, first, counts = np.unique(cell[order], return_index=True, return_counts=True)
    medians = ratio[order][first + counts // 2]
    return EdgeContrast(float(np.mean(medians < UNREADABLE)), float(medians.min()),
                        int(first.size), _median(under), int(heights.max()), (dark, light))


def clear_of(ink: tuple[float, float], backdrop: Image.Image) -> EdgeContrast | None:
    """A piece of known own colours (`ink`: its luminance range, from the same unit measured
    before) that reads over `backdrop` without its cells being judged, as `edge_contrast`
    screens it; None when that takes judging (`edge_contrast`)."""
    clear = _clearance(*ink, luminance8(np.asarray(backdrop)[::SCREEN, ::SCREEN]))
    return EdgeContrast(0.0, clear, 0, ink=ink) if clear >= 2 * UNREADABLE else None


def _median(rgb: np.ndarray) -> tuple[int, int, int]:
    r, g, b = (int(v) for v in np.median(rgb, axis=0))
    return r, g, b


def _clearance(dark: float, light: float, under: np.ndarray) -> float:
    """The lowest contrast between any luminance in `under` and the range [dark, light]."""
    if np.any((under >= dark) & (under <= light)):
        return 1.0
    above, below = under[under > light], under[under < dark]
    return min(float(luminance_ratio(light, above.min())) if above.size else np.inf,
               float(luminance_ratio(dark, below.max())) if below.size else np.inf)
