"""Does an image hold text? A heuristic on pixels alone (numpy, no OCR, no network).

Text is rows of glyph-sized, high-contrast connected components: ink is a pixel whose alpha
is set where the image is partly transparent (text on its own layer), or whose luminance differs
from the mean of its 31 x 31 neighbourhood by more than CONTRAST (dark on light, light on dark);
8-connected components of ink from GLYPH_MIN_PX to GLYPH_MAX_PX tall, at most three times as wide
as tall (a merged Latin pair, a Hangul syllable) and with at least MIN_AREA pixels are glyphs;
glyphs whose vertical centres differ by under a third of the taller one's height, of heights
within a factor of two, and at most one and a half heights apart, chain into a line. LINE_GLYPHS
glyphs in one line make text. Photos (smooth gradients, noise, a product on a backdrop) give
components that are tiny (noise) or large (objects), not rows of letters."""
from __future__ import annotations

import numpy as np
from PIL import Image

CONTRAST = 48  # luminance levels
WINDOW = 31
GLYPH_MIN_PX, GLYPH_MAX_PX = 6, 160
MIN_AREA = 12
LINE_GLYPHS = 5


def _local_mean(gray: np.ndarray) -> np.ndarray:
    r = WINDOW // 2
    padded = np.pad(gray, r, mode="edge")
    total = np.pad(padded.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    h, w = gray.shape
    k = WINDOW
    sums = total[k:k + h, k:k + w] - total[:h, k:k + w] - total[k:k + h, :w] + total[:h, :w]
    return sums / (k * k)


def ink_masks(image: Image.Image) -> list[np.ndarray]:
    """The candidate ink masks of an RGBA image: its alpha (when partly transparent), and the
    dark and light pixels against their neighbourhood where it is opaque."""
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float64)
    alpha = rgba[..., 3]
    gray = rgba[..., :3] @ np.array([0.299, 0.587, 0.114])
    masks = []
    opaque = alpha > 128
    if (~opaque).mean() > 0.05:
        masks.append(opaque)
    diff = gray - _local_mean(gray)
    masks += [(diff < -CONTRAST) & opaque, (diff > CONTRAST) & opaque]
    return masks


def components(mask: np.ndarray) -> np.ndarray:
    """(x0, y0, x1, y1, area) of every 8-connected component of `mask`: runs of each row joined
    with the runs they touch in the next row (labels settled by repeated minimum passes)."""
    h, w = mask.shape
    edges = np.diff(np.pad(mask.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)  # row-major: the n-th end closes the n-th start
    if rows.size == 0:
        return np.zeros((0, 5), int)
    key = w + 2
    start_keys, end_keys = rows * key + starts, rows * key + ends
    lo = np.searchsorted(end_keys, (rows + 1) * key + starts, "left")
    hi = np.searchsorted(start_keys, (rows + 1) * key + ends, "right")
    count = np.maximum(hi - lo, 0)
    a = np.repeat(np.arange(rows.size), count)
    b = np.repeat(lo, count) + (np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count))
    labels = np.arange(rows.size)
    while a.size:
        low = np.minimum(labels[a], labels[b])
        before = labels.copy()
        np.minimum.at(labels, a, low)
        np.minimum.at(labels, b, low)
        labels = labels[labels]
        if np.array_equal(before, labels):
            break
    order = np.argsort(labels, kind="stable")
    firsts = np.flatnonzero(np.r_[True, np.diff(labels[order]) != 0])
    x0 = np.minimum.reduceat(starts[order], firsts)
    x1 = np.maximum.reduceat(ends[order], firsts)
    y0 = np.minimum.reduceat(rows[order], firsts)
    y1 = np.maximum.reduceat(rows[order], firsts) + 1
    area = np.add.reduceat((ends - starts)[order], firsts)
    return np.stack([x0, y0, x1, y1, area], axis=1)


def glyphs(boxes: np.ndarray) -> np.ndarray:
    w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    keep = ((h >= GLYPH_MIN_PX) & (h <= GLYPH_MAX_PX) & (w <= 3 * h)
            & (boxes[:, 4] >= MIN_AREA))
    return boxes[keep]


def longest_line(boxes: np.ndarray) -> int:
    """The most glyphs chained into one line (see the module's rule)."""
    if len(boxes) == 0:
        return 0
    boxes = boxes[np.argsort(boxes[:, 0], kind="stable")]
    cy = (boxes[:, 1] + boxes[:, 3]) / 2
    h = boxes[:, 3] - boxes[:, 1]
    parent = list(range(len(boxes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(boxes)):
        # only glyphs starting within 1.5 tall heights to the right can follow glyph i
        reach = boxes[i, 2] + 1.5 * GLYPH_MAX_PX
        for j in range(i + 1, int(np.searchsorted(boxes[:, 0], reach, "right"))):
            tall = max(h[i], h[j])
            if (abs(cy[i] - cy[j]) < tall / 3 and tall <= 2 * min(h[i], h[j])
                    and boxes[j, 0] - boxes[i, 2] <= 1.5 * tall):
                parent[root(j)] = root(i)
    sizes = np.bincount([root(i) for i in range(len(boxes))])
    return int(sizes.max())


def holds_text(image: Image.Image) -> bool:
    """Whether `image` shows a line of at least LINE_GLYPHS glyphs (see the module's rule)."""
    return any(longest_line(glyphs(components(mask))) >= LINE_GLYPHS
               for mask in ink_masks(image))
