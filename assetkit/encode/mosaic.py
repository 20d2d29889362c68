"""Predicting a big image's JPEG size from a mosaic of its own blocks.

The mosaic is every 8th 16x16 block of the image (one JPEG MCU at 4:2:0), picked on a
diagonal lattice so that every row and column of blocks is represented, packed into rows of
32 blocks. Each block's DCT coefficients are the ones it has in the whole image; only DC
prediction and run lengths across block boundaries differ. So the mosaic's payload per pixel
tracks the image's (bench workload: log error sd 0.04 around a steady bias that the prior
removes), and once one full-size encode is known, the ratio between the two carries to
nearby qualities almost exactly (sd 0.006 per quality step, against size steps of 1.5-7 %).
The mosaic is encoded baseline with optimized Huffman tables: as good a predictor as a
progressive encode, at 1/8 of the pixels and 2.3x less time per pixel.

The solver encodes the mosaic where the crossing of the cap is (a few points, joined linearly
in libjpeg's scale axis), probes the full image there, and recalibrates on every full probe.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from PIL import Image

from .bracket import Bracket, model_predictor
from .sizemodel import AXES, SizeModel

TILE, PERIOD, ROW = 16, 8, 32  # block side, one block in PERIOD, blocks per mosaic row
MIN_BLOCKS = PERIOD * ROW * 4  # fewer: the image is small enough to search at full size
HEADER = 1100  # bytes of a progressive JPEG that do not grow with pixels (markers, tables, tag)
# log(image payload/px, progressive / mosaic payload/px, baseline-optimized) before any full
# probe, per subsampling: the bench workload's means (sd 0.039 and 0.044)
PRIOR = {"4:2:0": -0.100, "4:4:4": -0.127}
AXIS = AXES["jpeg"]
NEAR, SPAN = 1, 6  # the crossing needs a mosaic point this near, or two this close around
SPAN_STEPS = 3  # mosaic encodes per prediction, at most, to bracket the crossing


def worth_sampling(image: Image.Image) -> bool:
    """Whether the image has enough blocks for a mosaic (else it is cheap to search as is)."""
    return (image.height // TILE) * (image.width // TILE) >= MIN_BLOCKS


def sample(image: Image.Image) -> Image.Image:
    """The mosaic of an RGB image with at least a few blocks."""
    rows, cols = image.height // TILE, image.width // TILE
    pixels = np.asarray(image)[:rows * TILE, :cols * TILE]
    blocks = pixels.reshape(rows, TILE, cols, TILE, 3).swapaxes(1, 2)
    y, x = np.mgrid[0:rows, 0:cols]
    picked = blocks[(x + 3 * y) % PERIOD == 0]
    n = len(picked) // ROW * ROW
    packed = picked[:n].reshape(n // ROW, ROW, TILE, TILE, 3).swapaxes(1, 2)
    return Image.fromarray(np.ascontiguousarray(packed.reshape(n // ROW * TILE, ROW * TILE, 3)),
                           "RGB")


def _payload(size: float, px: int) -> float:
    return math.log(max(size - HEADER, 1.0) / px)


def _interpolate(points: list[tuple[float, float]], x: float, slope: float) -> float:
    """Piecewise-linear y(x) through points sorted by x; beyond them the end segment's slope
    (or `slope` with a single point)."""
    if len(points) == 1:
        return points[0][1] + slope * (x - points[0][0])
    i = next((i for i in range(1, len(points) - 1) if x < points[i][0]), len(points) - 1)
    (x0, y0), (x1, y1) = points[i - 1], points[i]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


@dataclass
class MosaicPredictor:
    """Where to probe the full image next: the mosaic's size curve (a few encodes spanning the
    crossing, joined linearly in libjpeg's scale axis) plus the full image's offset from it,
    measured at every full-size probe and prior-set before the first.

    `encode(image, q, subsampling)` gives the mosaic's JPEG size (the caller counts what it
    costs: a baseline encode, calibrated against the full image's progressive ones);
    `hint` is the full image's 4:2:0 size model, if any, used to aim the mosaic's first probe."""

    image: Image.Image
    encode: Callable[[Image.Image, int, str], int]
    hint: SizeModel | None = None
    sizes: dict[tuple[str, int], int] = field(default_factory=dict)  # mosaic encodes
    full: dict[tuple[str, int], int] = field(default_factory=dict)  # full-size probes

    @cached_property
    def mosaic(self) -> Image.Image:
        # the blocks as the JPEG encoder sees them: any other mode is converted to RGB
        return sample(self.image if self.image.mode == "RGB" else self.image.convert("RGB"))

    @property
    def px(self) -> int:
        return self.mosaic.width * self.mosaic.height

    @property
    def full_px(self) -> int:
        return self.image.width * self.image.height

    @property
    def slope(self) -> float:
        return self.hint.b if self.hint is not None else 0.6

    def size(self, q: int, sub: str) -> int:
        if (sub, q) not in self.sizes:
            self.sizes[sub, q] = self.encode(self.mosaic, q, sub)
        return self.sizes[sub, q]

    def calibrate(self, q: int, sub: str, full_bytes: int) -> None:
        """Record a full-size probe."""
        self.full[sub, q] = full_bytes

    def fits(self, q: int, sub: str, cap: int) -> bool:
        """Whether the full image is predicted to fit `cap` at q (one mosaic encode)."""
        self.size(q, sub)
        return self.predicted(q, sub) <= _payload(cap, self.full_px)

    def _curve(self, sub: str) -> list[tuple[float, float]]:
        return sorted((AXIS[0](k), _payload(v, self.px)) for (s, k), v in self.sizes.items()
                      if s == sub)

    def _offsets(self, sub: str, curve) -> tuple[list[tuple[float, float]], float]:
        """log(full payload/px) - log(mosaic payload/px): measured where the full image was
        probed (x, offset), and the offset to use where nothing was measured (carried over
        from the other subsampling, else the prior)."""
        measured = sorted((AXIS[0](k), _payload(v, self.full_px)
                           - _interpolate(curve, AXIS[0](k), self.slope))
                          for (s, k), v in self.full.items() if s == sub)
        other = "4:2:0" if sub == "4:4:4" else "4:4:4"
        fallback = PRIOR[sub]
        if not measured and any(s == other for s, _ in self.full):
            theirs, _ = self._offsets(other, self._curve(other))
            fallback = theirs[-1][1] + PRIOR[sub] - PRIOR[other]
        return measured, fallback

    def prediction(self, sub: str) -> Callable[[int], float]:
        """The full image's predicted log payload per pixel, as a function of q."""
        curve = self._curve(sub)
        measured, fallback = self._offsets(sub, curve)

        def at(q: int) -> float:
            x = AXIS[0](q)
            offset = fallback
            if measured:
                offset = _interpolate(measured, min(max(x, measured[0][0]), measured[-1][0]),
                                      0.0)
            return _interpolate(curve, x, self.slope) + offset
        return at

    def predicted(self, q: int, sub: str) -> float:
        return self.prediction(sub)(q)

    def _crossing(self, br: Bracket, sub: str, target: float) -> float:
        """The real quality in the bracket at which the prediction meets `target` (by
        bisection: the prediction grows with q)."""
        y = self.prediction(sub)
        lo, hi = br.lo, br.hi
        if y(lo) > target:
            return lo - 0.5
        if y(hi) <= target:
            return hi + 0.5
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if y(mid) <= target else (lo, mid)
        return lo + (target - y(lo)) / max(y(hi) - y(lo), 1e-9)

    def next_q(self, br: Bracket, sub: str, cap: int) -> int:
        """The quality nearest where the full image is predicted to fill the cap, rounded so
        that the probe lands on the answer or the one above it, whichever way it errs. The
        mosaic is encoded where the curve would otherwise be extrapolated: a first point aimed
        by the hint, then points that bracket the crossing."""
        target = _payload(cap, self.full_px)
        if not self._curve(sub):
            self.size(self._first_guess(br, sub, cap), sub)
        for _ in range(SPAN_STEPS):
            r = min(max(self._crossing(br, sub, target), br.fit + 0.5), br.miss - 0.5)
            q = self._missing_point(sub, r, br)
            if q is None:
                break
            self.size(q, sub)
        return round(r)

    def _missing_point(self, sub: str, r: float, br: Bracket) -> int | None:
        """Where the mosaic needs an encode for the curve at r to be trusted, if anywhere: r
        should be within NEAR of a mosaic point or between two at most SPAN apart."""
        known = sorted(k for s, k in self.sizes if s == sub)
        below, above = [k for k in known if k <= r], [k for k in known if k >= r]
        if min(abs(k - r) for k in known) <= NEAR or (
                below and above and above[0] - below[-1] <= SPAN):
            return None
        q = min(max(round(r), br.lo), br.hi)
        if q in known:
            q = min(max(q + (1 if r > q else -1), br.lo), br.hi)
        return None if q in known else q

    def _first_guess(self, br: Bracket, sub: str, cap: int) -> int:
        """The hint's quality for the cap, moved to the mosaic; through the other
        subsampling's mosaic encode when there is one."""
        model = None
        if self.hint is not None:
            sub444 = self.hint.sub444 if sub == "4:4:4" else -self.hint.sub444
            other = [(k, v) for (s, k), v in self.sizes.items() if s != sub]
            if other:
                k, size = other[-1]
                c = math.log(size / self.px) + sub444 - self.hint.b * AXIS[0](k)
                model = SizeModel(c, self.hint.b)
            else:
                model = self.hint.shifted(-PRIOR[sub] + max(sub444, 0.0))
        mosaic_cap = HEADER + math.exp(_payload(cap, self.full_px) - PRIOR[sub]) * self.px
        q = model_predictor(model, AXIS, int(mosaic_cap), self.px)(br)
        return min(max(q, br.lo), br.hi)
