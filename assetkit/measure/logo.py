"""How close is a logo image to the brand's master? Aspect, shape (luma SSIM) and colour (CIEDE2000),
measured on both images laid on white and registered by their ink moments.

Why moments: a logo scaled to 36 px tall and saved as JPEG gains or loses a pixel of bounding
box, which alone is a 3% aspect error. The spread of its ink (the standard deviation of darkness
along x and along y) scales exactly with the logo and is sub-pixel accurate, so it gives the
aspect ratio and the registration (centroid and per-axis scale) of the candidate."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from .colour import delta_e
from .similarity import ink_box, ink_mask, on_white, ssim

COMPARE_HEIGHT = 64  # px: both logos are registered and their colours compared at this height
SSIM_HEIGHT = 32  # px: shapes are compared at half that, where a logo re-rasterised at another
# size (its letters drifting by a pixel) still scores >= 0.72, and a re-set wordmark <= 0.40
MAX_ASPECT_ERROR = 0.01  # the "aspect ratio within 1% of the master"
MIN_SSIM = 0.65  # luma SSIM at SSIM_HEIGHT
MAX_COLOUR_DE = 5.0  # median CIEDE2000 over the master's ink core


@dataclass(frozen=True)
class LogoMatch:
    """How a candidate logo compares with a master (see the README, "## Checks")."""

    aspect_error: float  # candidate aspect / master aspect - 1 (ink spread)
    ssim: float
    colour_de: float

    @property
    def aspect_ok(self) -> bool:
        return abs(self.aspect_error) <= MAX_ASPECT_ERROR

    @property
    def looks_ok(self) -> bool:
        return self.ssim >= MIN_SSIM and self.colour_de <= MAX_COLOUR_DE


@dataclass(frozen=True)
class _Moments:
    cx: float
    cy: float
    sx: float
    sy: float


def _moments(image: Image.Image) -> _Moments:
    dark = ink_weight(image)
    total = dark.sum()
    ys, xs = np.indices(dark.shape, dtype=np.float64)
    cx, cy = (xs * dark).sum() / total + 0.5, (ys * dark).sum() / total + 0.5
    sx = np.sqrt((((xs + 0.5 - cx) ** 2) * dark).sum() / total)
    sy = np.sqrt((((ys + 0.5 - cy) ** 2) * dark).sum() / total)
    return _Moments(cx, cy, sx, sy)


def ink_weight(image: Image.Image) -> np.ndarray:
    """Each pixel's ink, whatever its colour: the largest channel difference from white (255
    minus the smallest channel), which is linear in anti-aliased coverage and unchanged by a hue
    rotation, so a recoloured logo registers like the original. JPEG noise on the white (below
    the ink threshold) weighs nothing."""
    weight = 255.0 - np.asarray(image, dtype=np.float64).min(axis=2)
    weight[~ink_mask(image)] = 0.0
    return weight


def _registered(candidate: Image.Image, cm: _Moments, mm: _Moments, k: float,
                size: tuple[int, int]) -> Image.Image:
    """The candidate resampled into the master's frame scaled by `k` (per-axis scale and
    centroid matched), white outside."""
    reduce = k * (mm.sx / cm.sx + mm.sy / cm.sy) / 2
    if reduce < 1:  # a prefiltered (LANCZOS) downscale first: the affine step does not filter
        small = candidate.resize((max(1, round(candidate.width * reduce)),
                                  max(1, round(candidate.height * reduce))),
                                 Image.Resampling.LANCZOS)
        rx, ry = small.width / candidate.width, small.height / candidate.height
        candidate, cm = small, _Moments(cm.cx * rx, cm.cy * ry, cm.sx * rx, cm.sy * ry)
    ax, ay = cm.sx / (mm.sx * k), cm.sy / (mm.sy * k)
    data = (ax, 0.0, cm.cx - ax * mm.cx * k, 0.0, ay, cm.cy - ay * mm.cy * k)
    return candidate.transform(size, Image.Transform.AFFINE, data, Image.Resampling.BICUBIC,
                               fillcolor=(255, 255, 255))


def _trimmed(image: Image.Image) -> Image.Image:
    box = ink_box(image)
    if box is None:
        raise ValueError("the image has no ink on white")
    return on_white(image).crop(box)


def compare_logo(candidate: Image.Image, master: Image.Image) -> LogoMatch:
    """Aspect error, luma SSIM and median colour difference of `candidate` against `master`."""
    cand, mast = _trimmed(candidate), _trimmed(master)
    cm, mm = _moments(cand), _moments(mast)
    aspect_error = (cm.sx / cm.sy) / (mm.sx / mm.sy) - 1
    k = COMPARE_HEIGHT / mast.height
    size = (max(1, round(mast.width * k)), COMPARE_HEIGHT)
    ref = mast.resize(size, Image.Resampling.LANCZOS)
    got = _registered(cand, cm, mm, k, size)
    core = _core(ref)
    de = delta_e(np.asarray(ref), np.asarray(got))
    colour = float(np.median(de[core])) if core.any() else 0.0
    half = (max(1, round(size[0] * SSIM_HEIGHT / COMPARE_HEIGHT)), SSIM_HEIGHT)
    shape = ssim(ref.resize(half, Image.Resampling.LANCZOS),
                 got.resize(half, Image.Resampling.LANCZOS))
    return LogoMatch(float(aspect_error), shape, colour)


def _core(image: Image.Image) -> np.ndarray:
    """Ink pixels at least 2 px from the ink's edge: colour there survives resampling and JPEG
    chroma subsampling, edges do not."""
    ink = Image.fromarray(ink_mask(image).astype(np.uint8) * 255)
    return np.asarray(ink.filter(ImageFilter.MinFilter(5))) > 0
