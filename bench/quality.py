"""Luma SSIM (7x7 uniform window, data range 255, sample covariance: skimage's defaults)
against a float Lanczos reference of the same crop."""
from __future__ import annotations

from functools import cache

import numpy as np
from PIL import Image
from scipy.ndimage import uniform_filter

WIN = 7
C1, C2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
LUMA = (0.299, 0.587, 0.114)  # BT.601


def luma(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., 0] * LUMA[0] + rgb[..., 1] * LUMA[1] + rgb[..., 2] * LUMA[2]


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a.astype(np.float64), b.astype(np.float64)
    n = WIN * WIN
    cov = n / (n - 1)
    ux, uy = uniform_filter(a, WIN), uniform_filter(b, WIN)
    vx = cov * (uniform_filter(a * a, WIN) - ux * ux)
    vy = cov * (uniform_filter(b * b, WIN) - uy * uy)
    vxy = cov * (uniform_filter(a * b, WIN) - ux * uy)
    s = ((2 * ux * uy + C1) * (2 * vxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2))
    pad = (WIN - 1) // 2
    return float(s[pad:-pad, pad:-pad].mean())


class Reference:
    """Float Lanczos resamples of one composite, per channel, cached per size/box."""

    def __init__(self, image: Image.Image) -> None:
        self.channels = [c.convert("F") for c in image.convert("RGB").split()]

    @cache  # noqa: B019 - one Reference per source, dropped after use
    def _resized(self, size: tuple[int, int], box: tuple | None) -> np.ndarray:
        planes = [np.asarray(c.resize(size, Image.Resampling.LANCZOS, box=box))
                  for c in self.channels]
        return luma(np.dstack(planes))

    def luma(self, job: dict) -> np.ndarray:
        size = tuple(job["size"])
        if job["box"] is not None:
            return self._resized(size, tuple(job["box"]))
        y0, y1 = job["cut"]
        return self._resized(size, None)[y0:y1]


def score(reference: Reference, job: dict, data: bytes) -> float:
    import io

    with Image.open(io.BytesIO(data)) as im:
        got = luma(np.asarray(im.convert("RGB"), dtype=np.float64))
    return ssim(got, np.clip(reference.luma(job), 0, 255))
