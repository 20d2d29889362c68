"""A model of encoded size against quality, used to predict the quality that fills a byte cap.

JPEG size is close to log-linear in libjpeg's quantisation scale S(q) (5000/q below 50,
200 - 2q above): log(bytes/px) ~ c + b * x(q) with x = -log S(q). The per-source pre-pass fits
c, b and the effect of scale on a downscaled copy of the composite *before* variants are
dispatched, so every variant's search starts from the same hint whatever order they finish in.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image

PREPASS_SIDE = 512  # long side of the pre-pass copy
PREPASS_QUALITIES = (70, 90)
SLOPE_RANGE = (0.15, 2.0)  # plausible b; secant slopes outside are clamped
SUB444_FACTOR = math.log(1.25)  # 4:4:4 costs about a quarter more than 4:2:0 at the same q


def jpeg_x(q: float) -> float:
    """-log of libjpeg's quantisation scale for quality q (grows with q)."""
    scale = 5000 / q if q < 50 else 200 - 2 * q
    return -math.log(max(scale, 1e-3))


def jpeg_q(x: float) -> float:
    """Inverse of jpeg_x (a real-valued quality)."""
    scale = math.exp(-x)
    return 5000 / scale if scale > 100 else (200 - scale) / 2


def generic_x(q: float) -> float:
    """WebP/AVIF: log size is roughly linear in q itself."""
    return q / 20


def generic_q(x: float) -> float:
    return x * 20


AXES = {"jpeg": (jpeg_x, jpeg_q)}
DEFAULT_AXIS = (generic_x, generic_q)


@dataclass(frozen=True)
class SizeModel:
    """log(bytes / px) = c + b * x(q) for one image (or a prediction for one)."""

    c: float
    b: float = 0.6
    sub444: float = SUB444_FACTOR  # log(4:4:4 size / 4:2:0 size) at the same q, this image

    def log_bpp(self, x: float) -> float:
        return self.c + self.b * x

    def shifted(self, dc: float) -> SizeModel:
        return SizeModel(self.c + dc, self.b, self.sub444)


@dataclass(frozen=True)
class SourceHint:
    """A source's pre-pass: the JPEG 4:2:0 model at the pre-pass scale, and how log(bytes/px)
    changes with log(scale) below it (`k_down`) and above it (`k_up`): more detail per pixel
    the more a variant is downscaled, but the curve flattens towards 1:1."""

    model: SizeModel
    scale: float  # linear scale of the pre-pass copy against the source
    k_down: float = -0.5
    k_up: float = -0.2

    def at_scale(self, scale: float) -> SizeModel:
        """The predicted model for a variant drawn from the source at linear `scale`."""
        step = math.log(max(scale, 1e-6)) - math.log(self.scale)
        return self.model.shifted((self.k_down if step < 0 else self.k_up) * step)


def _log_bpp(image: Image.Image, q: int, subsampling: str = "4:2:0") -> float:
    from .jpeg import encode

    return math.log(len(encode(image, q, subsampling)) / (image.width * image.height))


def prepass(image: Image.Image) -> SourceHint:
    """Fit the source's size model before any variant is dispatched: the whole composite
    downscaled to <= 512 px at two qualities (offset and slope), and a 1:1 centre crop (how
    bytes per pixel change with scale), a half-size copy, and the copy at 4:4:4 (what colour
    detail costs). 5 small encodes, about 20-40 ms."""
    scale = min(1.0, PREPASS_SIDE / max(image.size))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    small = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=1.0)  # a model: cheap
    lo, hi = PREPASS_QUALITIES
    y_lo, y_hi = _log_bpp(small, lo), _log_bpp(small, hi)
    b = min(max((y_hi - y_lo) / (jpeg_x(hi) - jpeg_x(lo)), SLOPE_RANGE[0]), SLOPE_RANGE[1])
    # how much 4:4:4 costs over 4:2:0 on this picture (colour detail), at the top qualities
    sub444 = min(max(_log_bpp(small, hi, "4:4:4") - y_hi, 0.0), math.log(3.0))
    model = SizeModel(y_hi - b * jpeg_x(hi), b, sub444)
    k_down = _elasticity(_log_bpp(small.reduce(2), hi) - y_hi, math.log(0.5)) \
        if min(small.size) >= 16 else -0.5
    if scale > 0.5:  # the copy is nearly full size already
        return SourceHint(model, scale, k_down, k_down)
    w, h = min(image.width, PREPASS_SIDE), min(image.height, PREPASS_SIDE)
    x0, y0 = (image.width - w) // 2, (image.height - h) // 2
    y_full = _log_bpp(image.crop((x0, y0, x0 + w, y0 + h)), hi)
    return SourceHint(model, scale, k_down, _elasticity(y_full - y_hi, -math.log(scale)))


def _elasticity(dy: float, dlog_scale: float) -> float:
    return max(-1.0, min(0.3, dy / dlog_scale))
