"""Does a layer's pixels look like text? Pure pixel measures (numpy), no PSD knowledge.

Agency files carry text already rasterized into pixel layers, alone or baked onto a panel or a
button. `text_ink` tells such a layer from a picture by the shape of its ink:

* **bare text** (the alpha is the glyphs): the ink lies in horizontal bands (lines) with empty
  rows between them; inside a band the column projection breaks into many runs (letters, Hangul
  syllables, words) of similar height whose ink is strokes, not solids: a run covers at most
  MAX_RUN_FILL of its box, the band box is MIN_COVER..MAX_COVER ink, and the mean horizontal
  stroke (ink per row crossing) is at most MAX_STROKE of the band's height. A product cut-out, a
  disc or a photo is one solid run; a soft shadow never reaches the ink threshold; a gradient
  band or a rule line is one wide run (or too thin); grain fills every column or makes specks.
* **text on a panel** (the alpha is an opaque rectangle, rounded rectangle or disc and the text
  is a contrasting colour in the rgb): inside the panel's opaque core the colours split into one
  dominant flat panel colour and a minority ink colour whose mask has the bare-text signature.

`line_height` is the median over lines of a line's *body height*: from the top of its tall runs
(the highest top of a run at least TALL of the band high: a capital or an ascender in Latin,
the syllable tops in Hangul) to
its baseline (the median of run bottoms, so descenders do not count). For Latin text with capitals
or ascenders this is about the cap height; for Hangul the syllable height; for all-lowercase text
without ascenders the x-height.

Work is done on the layer pooled (box mean) by an integer factor so that its long side is at most
WORK_PX; boxes and heights are reported in the layer's original pixel coordinates (bare-text boxes
refined against the full-size alpha, panel boxes to within the factor). On one core: about 1.5 ms
for a 3000 x 600 layer of bare text, 5-7 ms for a 3000 x 600 opaque photo or button
(the panel path pools the colour as well).

Limits: a hard drop shadow at >= 90 % opacity is ink, so it can add its offset to line_height;
text knocked out of a panel (holes in the alpha), a panel with a photo or a strong gradient, and a
single glyph ("A", one Hangul syllable) are not found.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ..geometry import Box

WORK_PX = 600  # the long side the measures run at
INK_LEVELS = (128, 224, 64)  # alpha levels tried in turn: 224 sheds a drop shadow, 64 finds
# hairlines and text baked at a low opacity
STRUCK_SPAN = 0.85  # of the ink's width: a row this full is a rule, not letters
STRUCK_DEPTH = 0.2  # of the ink's height: the most a rule through the text may take
PANEL_ALPHA = 250  # a panel's opaque core
MIN_LINE_PX = 4  # a band thinner than this at the working scale is a rule, not a line
MIN_RUNS = 2  # column runs in a line (a single blob is a shape)
MIN_ASPECT = 1.2  # line width / height; short words ("1+1", "할인") are about 2
TALL = 0.4  # a run at least this fraction of the band's height is a glyph, not punctuation
MAX_RUN_FILL = 0.8  # median ink fraction of a tall run's box (solids are above)
MIN_COVER, MAX_COVER = 0.08, 0.7  # ink fraction of a line's box
MAX_STROKE = 0.45  # mean horizontal ink run / line height
TEXT_SHARE = 0.7  # share of the ink that must lie in text lines
LINE_TOP_QUANTILE = 0.0  # the highest tall run: a line with one capital measures the cap
ROW_OFF = 0.015  # a row with at most this share of the busiest row's ink separates lines
PANEL_FILL = 0.5  # share of its box a panel's opaque core covers (a starburst ~0.65)
PANEL_FLAT = 0.5  # share of the panel near its dominant colour
PANEL_NEAR = 24.0  # RGB distance that counts as the panel's colour
MIN_CONTRAST = 48.0  # RGB distance of the ink from the panel colour
MAX_INK_SHARE = 0.45  # the ink is a minority of the panel
RING_STEPS = 64  # how far into the panel an outline (ink touching its rim) is followed


@dataclass(frozen=True)
class TextInk:
    """Text found in a layer: each line's ink box (layer pixels), the median line body height
    (px, see the module doc), a confidence 0..1, whether the text is a colour on a panel, and
    whether a rule is drawn through it (a struck-through old price)."""

    lines: tuple[Box, ...]
    line_height: float
    confidence: float
    on_panel: bool
    struck: bool = False


@dataclass(frozen=True)
class _Line:
    x0: int
    y0: int
    x1: int
    y1: int
    body: float  # top of tall runs to baseline, working px
    ink: int
    score: float


def _pool(a: np.ndarray, k: int) -> np.ndarray:
    """Box mean of `a` (H x W or H x W x C, uint8) over k x k blocks (edges zero-padded): k
    strided slices summed along each axis, much faster than a reshaped sum for small k."""
    if k == 1:
        return a.astype(np.float32)
    h, w = a.shape[:2]
    ph, pw = -h % k, -w % k
    if ph or pw:
        a = np.pad(a, ((0, ph), (0, pw)) + ((0, 0),) * (a.ndim - 2))
    rows = a[0::k].astype(np.float32)
    for i in range(1, k):
        rows += a[i::k]
    out = rows[:, 0::k].copy()
    for j in range(1, k):
        out += rows[:, j::k]
    out *= 1.0 / (k * k)
    return out


def _runs(on: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends (exclusive) of the True runs of a 1-D bool array."""
    edges = np.diff(np.concatenate(([0], on.view(np.int8), [0])))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def _bands(mask: np.ndarray) -> list[tuple[int, int]]:
    """Row ranges of the ink's lines: runs of rows with more than ROW_OFF of the busiest row's
    ink, a sliver (under 0.4 of a neighbour's height, e.g. the dots of "i", accents, a cut-off
    ascender tip) that is not a line itself joined to the band it nearly touches."""
    rows = mask.sum(1)
    starts, ends = _runs(rows > ROW_OFF * rows.max())
    bands = [[int(s), int(e)] for s, e in zip(starts, ends, strict=True)]
    merged = True
    while merged and len(bands) > 1:
        merged = False
        order = sorted(range(len(bands)), key=lambda i: bands[i][1] - bands[i][0])
        for i in order:
            h = bands[i][1] - bands[i][0]
            best = None
            if _line(mask, bands[i][0], bands[i][1]) is not None:
                continue  # a short line of its own (a caption under a picture)
            for j in (i - 1, i + 1):
                if 0 <= j < len(bands):
                    nh = bands[j][1] - bands[j][0]
                    gap = bands[i][0] - bands[j][1] if j < i else bands[j][0] - bands[i][1]
                    if h < 0.4 * nh and gap <= max(2.0, 0.5 * nh) and (
                            best is None or gap < best[0]):
                        best = (gap, j)
            if best is not None:
                j = best[1]
                bands[j] = [min(bands[i][0], bands[j][0]), max(bands[i][1], bands[j][1])]
                del bands[i]
                merged = True
                break
    return [(s, e) for s, e in bands]


def _line(mask: np.ndarray, y0: int, y1: int) -> _Line | None:
    """The band mask[y0:y1] as a text line, or None when it lacks the signature (module doc)."""
    xs = np.flatnonzero(mask[y0:y1].any(0))
    x0, x1 = int(xs[0]), int(xs[-1]) + 1
    band = mask[y0:y1, x0:x1]
    cols = np.asarray(band.any(0))
    h, w = band.shape
    ink = int(band.sum())
    if h < MIN_LINE_PX or w < MIN_ASPECT * h:
        return None
    starts, ends = _runs(cols)
    if len(starts) < MIN_RUNS:
        return None
    first = np.where(cols, band.argmax(0), h)
    last = np.where(cols, h - band[::-1].argmax(0), 0)
    tops = np.minimum.reduceat(first, starts)
    bottoms = np.maximum.reduceat(last, starts)
    run_ink = np.add.reduceat(band.sum(0), starts)
    heights = bottoms - tops
    tall = heights >= TALL * h
    if tall.sum() < MIN_RUNS or tall.mean() < 0.5:
        return None
    fill = run_ink[tall] / ((ends - starts)[tall] * heights[tall])
    cover = ink / (w * h)
    crossings = int(np.count_nonzero(np.diff(band.view(np.int8), axis=1) == 1) + band[:, 0].sum())
    stroke = ink / max(crossings, 1) / h
    if (np.median(fill) > MAX_RUN_FILL or not MIN_COVER <= cover <= MAX_COVER
            or stroke > MAX_STROKE):
        return None
    top = float(np.quantile(tops[tall], LINE_TOP_QUANTILE))
    base = float(np.median(bottoms[tall]))
    # more glyphs, a longer line and thinner strokes make text surer
    score = (min(1.0, 0.4 + 0.12 * int(tall.sum())) * min(1.0, 0.5 + w / h / 8)
             * min(1.0, 1.5 - stroke / MAX_STROKE))
    return _Line(x0, y0, x1, y1, max(base - top, 1.0), ink, score)


def _text_lines(mask: np.ndarray) -> tuple[list[_Line], float] | None:
    """The text lines of a working-scale mask and the confidence, when at least TEXT_SHARE of
    its ink lies in lines with the text signature."""
    total = int(mask.sum())
    if total == 0:
        return None
    lines = [ln for s, e in _bands(mask) if (ln := _line(mask, s, e)) is not None]
    share = sum(ln.ink for ln in lines) / total
    if not lines or share < TEXT_SHARE:
        return None
    score = sum(ln.score * ln.ink for ln in lines) / sum(ln.ink for ln in lines)
    return lines, score * min(1.0, share / 0.9)


def _refine(full: np.ndarray, box: tuple[int, int, int, int], k: int) -> Box:
    """A working-scale box (times k) shrunk to the full-size ink `full` it holds."""
    h, w = full.shape
    x0, y0 = max(0, box[0] * k - k), max(0, box[1] * k - k)
    x1, y1 = min(w, box[2] * k + k), min(h, box[3] * k + k)
    sub = full[y0:y1, x0:x1]
    ys, xs = np.flatnonzero(sub.any(1)), np.flatnonzero(sub.any(0))
    if ys.size == 0:
        return Box(x0, y0, x1, y1)
    return Box(x0 + int(xs[0]), y0 + int(ys[0]), x0 + int(xs[-1]) + 1, y0 + int(ys[-1]) + 1)


def _result(lines: list[_Line], confidence: float, k: int,
            full: np.ndarray | None, on_panel: bool) -> TextInk:
    lines = sorted(lines, key=lambda ln: (ln.y0, ln.x0))
    boxes = tuple(_refine(full, (ln.x0, ln.y0, ln.x1, ln.y1), k) if full is not None
                  else Box(ln.x0 * k, ln.y0 * k, ln.x1 * k, ln.y1 * k) for ln in lines)
    height = float(np.median([ln.body for ln in lines])) * k
    return TextInk(boxes, height, round(min(1.0, max(0.0, confidence)), 3), on_panel)


def _erode(mask: np.ndarray, steps: int) -> np.ndarray:
    """`mask` eroded `steps` times by the 4-neighbourhood, outside the array counting as empty."""
    out = mask
    for _ in range(steps):
        out = ~_dilate(~out)
        out[0] = out[-1] = False
        out[:, 0] = out[:, -1] = False
    return out


def _dilate(mask: np.ndarray) -> np.ndarray:
    """`mask` dilated once by the 4-neighbourhood."""
    out = mask.copy()
    out[1:] |= mask[:-1]
    out[:-1] |= mask[1:]
    out[:, 1:] |= mask[:, :-1]
    out[:, :-1] |= mask[:, 1:]
    return out


def _panel_ink(core: np.ndarray, rgb: np.ndarray, k: int) -> np.ndarray | None:
    """The minority contrasting colour inside a flat panel's opaque `core` (working scale; `rgb`
    full size, pooled by `k` here), or None when the core is not a flat-coloured simple shape."""
    ys, xs = np.flatnonzero(core.any(1)), np.flatnonzero(core.any(0))
    if ys.size < MIN_LINE_PX or xs.size < MIN_LINE_PX:
        return None
    y0, y1, x0, x1 = int(ys[0]), int(ys[-1]) + 1, int(xs[0]), int(xs[-1]) + 1
    inside = _erode(core[y0:y1, x0:x1], 2)
    n = int(inside.sum())
    if core.sum() < PANEL_FILL * (y1 - y0) * (x1 - x0) or n < 16:
        return None
    sub = _pool(rgb[y0 * k:y1 * k, x0 * k:x1 * k, :3], k)[:y1 - y0, :x1 - x0]
    r, g, b = sub[..., 0], sub[..., 1], sub[..., 2]
    # the dominant colour: the fullest cell of a 32-level-per-channel histogram, averaged
    key = ((r * (1 / 8)).astype(np.int32) << 10) | ((g * (1 / 8)).astype(np.int32) << 5) \
        | (b * (1 / 8)).astype(np.int32)
    mode = inside & (key == np.bincount(key[inside]).argmax())
    dist = np.sqrt((r - r[mode].mean()) ** 2 + (g - g[mode].mean()) ** 2
                   + (b - b[mode].mean()) ** 2)
    d_in = dist[inside]
    if np.count_nonzero(d_in < PANEL_NEAR) < PANEL_FLAT * n:
        return None
    top = int(0.995 * (n - 1))
    far = float(np.partition(d_in, top)[top])
    if far < MIN_CONTRAST:
        return None
    ink = inside & (dist > far / 2)
    # an outline in the ink's colour (a bordered button): drop the ink connected to the rim
    rim = inside & ~_erode(inside, 1)
    ring = ink & rim
    for _ in range(RING_STEPS if ring.any() else 0):
        grown = _dilate(ring) & ink
        if np.count_nonzero(grown) == np.count_nonzero(ring):
            break
        ring = grown
    ink &= ~ring
    n = int(inside.sum())
    if not 0.005 * n <= ink.sum() <= MAX_INK_SHARE * n:
        return None
    out = np.zeros_like(core)
    out[y0:y1, x0:x1] = ink
    return out


def _unstruck(mask: np.ndarray) -> np.ndarray | None:
    """`mask` without a rule drawn through the middle of its text (a struck-through old
    price): runs of at most STRUCK_DEPTH of the ink's height, inside its middle half, whose
    rows are ink across STRUCK_SPAN of its width. None when there is no such rule (an
    underline or an overline is not a strike)."""
    cols = np.flatnonzero(mask.any(axis=0))
    rows = np.flatnonzero(mask.any(axis=1))
    if cols.size == 0:
        return None
    width, height = cols[-1] - cols[0] + 1, rows[-1] - rows[0] + 1
    ruled = mask.sum(axis=1) >= STRUCK_SPAN * width
    middle = np.zeros_like(ruled)
    middle[rows[0] + height // 4:rows[0] + (3 * height) // 4 + 1] = True
    if not (ruled & middle).any() or ruled.sum() > STRUCK_DEPTH * height or (ruled & ~middle).any():
        return None
    out = mask.copy()
    starts, ends = _runs(ruled)
    for a, b in zip(starts, ends, strict=True):  # the glyphs' strokes carried across the rule
        above = mask[a - 1] if a > 0 else np.zeros_like(mask[0])
        below = mask[b] if b < mask.shape[0] else np.zeros_like(mask[0])
        out[a:b] = above & below
    return out


def text_ink(alpha: np.ndarray, rgb: np.ndarray | None = None) -> TextInk | None:
    """Whether a layer's pixels look like text (see the module doc) and, if so, its lines.

    `alpha` is the layer's H x W uint8 alpha, `rgb` (optional) its H x W x 3 colour; without
    `rgb` only bare text (the alpha is the glyphs) can be found."""
    alpha = np.asarray(alpha)
    if alpha.ndim != 2 or alpha.size == 0:
        return None
    k = max(1, math.ceil(max(alpha.shape) / WORK_PX))
    small = _pool(alpha, k)
    for level in INK_LEVELS:
        found = _text_lines(small >= level)
        unstruck = _unstruck(small >= level) if found is None else None
        struck = unstruck is not None and (found := _text_lines(unstruck)) is not None
        if found is not None:
            full = alpha >= level if k > 1 else None
            return replace(_result(found[0], found[1], k, full, on_panel=False), struck=struck)
    if rgb is None:
        return None
    ink = _panel_ink(small >= PANEL_ALPHA, np.asarray(rgb), k)
    found = _text_lines(ink) if ink is not None else None
    if found is None:
        return None
    return _result(found[0], found[1] * 0.9, k, None, on_panel=True)


def encloses(panel_alpha: np.ndarray, panel_origin: tuple[int, int], inner: Box,
             fill: float = 0.9) -> bool:
    """Whether a layer's opaque ink (alpha >= 128; `panel_alpha` placed at `panel_origin` in
    document pixels) encloses `inner` (document pixels): `inner` lies within the ink's bounding
    box and at least `fill` of its area is ink."""
    ox, oy = panel_origin
    ink = np.asarray(panel_alpha) >= 128
    ys, xs = np.flatnonzero(ink.any(1)), np.flatnonzero(ink.any(0))
    if ys.size == 0 or inner.width <= 0 or inner.height <= 0:
        return False
    x0, y0 = round(inner.x0 - ox), round(inner.y0 - oy)
    x1, y1 = round(inner.x1 - ox), round(inner.y1 - oy)
    if x0 < xs[0] or y0 < ys[0] or x1 > xs[-1] + 1 or y1 > ys[-1] + 1 or x1 <= x0 or y1 <= y0:
        return False
    return bool(ink[y0:y1, x0:x1].sum() >= fill * (x1 - x0) * (y1 - y0))
