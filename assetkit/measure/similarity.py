"""Image similarity (numpy only): luma SSIM with a box window, and trimming to the ink."""
from __future__ import annotations

import numpy as np
from PIL import Image

from ..render.flatten import opaque

WHITE = (255, 255, 255)


def luma(image: Image.Image) -> np.ndarray:
    """Rec. 601 luma of an image's RGB channels, float64 0..255."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.float64)
    return rgb @ np.array([0.299, 0.587, 0.114])


def _box_mean(a: np.ndarray, k: int) -> np.ndarray:
    c = np.cumsum(np.cumsum(np.pad(a, ((1, 0), (1, 0))), axis=0), axis=1)
    return (c[k:, k:] - c[:-k, k:] - c[k:, :-k] + c[:-k, :-k]) / (k * k)


def ssim(a: Image.Image, b: Image.Image, window: int = 7) -> float:
    """Mean luma SSIM (Wang et al. 2004) of two same-size images: box window, range 255."""
    if a.size != b.size:
        raise ValueError(f"ssim needs same-size images, got {a.size} and {b.size}")
    x, y = luma(a), luma(b)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = _box_mean(x, window), _box_mean(y, window)
    vx = _box_mean(x * x, window) - mx * mx
    vy = _box_mean(y * y, window) - my * my
    cov = _box_mean(x * y, window) - mx * my
    s = ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return float(s.mean())


def on_white(image: Image.Image) -> Image.Image:
    """RGB pixels of `image`, transparent parts laid on white."""
    return opaque(image, WHITE)


def ink_mask(image: Image.Image, threshold: int = 24) -> np.ndarray:
    """Pixels of `image` on white that differ from white by more than `threshold` in a channel
    (JPEG noise around a logo saved without transparency stays below it)."""
    rgb = np.asarray(on_white(image), dtype=np.int16)
    return (255 - rgb).max(axis=2) > threshold


def ink_box(image: Image.Image, threshold: int = 24) -> tuple[int, int, int, int] | None:
    """The bounding box (x0, y0, x1, y1) of `image`'s ink on white, or None when it has none."""
    ink = ink_mask(image, threshold)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return None
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1
