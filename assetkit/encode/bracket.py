"""The search for the largest quality whose encode fits a byte cap, in one (format,
subsampling): a bracket of what is known, and probes chosen by a predictor, then bisection.

Shared by the full-size search and the mosaic search (`mosaic.py`), which is the same search
run on a small sample against the cap scaled to it."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from .sizemodel import SLOPE_RANGE, SizeModel

MODEL_STEPS = 6  # predicted probes per search before falling back to bisection


@dataclass
class Bracket:
    """What one search knows: the best fit, the lowest miss, all probes."""

    lo: int
    hi: int
    fit: int
    miss: int
    data: bytes | None = None
    probes: list[tuple[float, float]] = field(default_factory=list)  # (x, log size)

    @property
    def open(self) -> bool:
        return self.miss - self.fit > 1


def bracket(lo: int, hi: int) -> Bracket:
    return Bracket(lo, hi, fit=lo - 1, miss=hi + 1)


Predictor = Callable[[Bracket], int]  # the next quality to probe, given what a bracket knows


def model_predictor(model: SizeModel | None, axis, cap: int, px: int) -> Predictor:
    """The largest q the model says fits, refitted on the probes so far (secant on the two
    probes nearest the cap, else the nearest one with the model's slope)."""
    to_x, to_q = axis
    target = math.log(max(cap, 1) / px)

    def predict(br: Bracket) -> int:
        if not br.probes:
            if model is None:
                return br.hi  # cold: the top quality fits more often than not on small images
            b, c = model.b, model.c
        else:
            nearest = sorted(br.probes, key=lambda p: abs(p[1] - target))
            b = model.b if model else 0.6
            if len(nearest) > 1 and nearest[0][0] != nearest[1][0]:
                (x0, y0), (x1, y1) = nearest[:2]
                b = min(max((y1 - y0) / (x1 - x0), SLOPE_RANGE[0]), SLOPE_RANGE[1])
            c = nearest[0][1] - math.log(px) - b * nearest[0][0]
        q = to_q((target - c) / b)
        return math.floor(q + 1e-6) if math.isfinite(q) else br.hi

    return predict


def narrow(probe: Callable[[int], bytes], br: Bracket, predict: Predictor, axis, cap: float,
           until: Callable[[Bracket], bool] | None = None) -> Bracket:
    """Largest q in [lo, hi] whose encode fits: predicted probes inside the bracket, then
    bisection; stops when q fits and q+1 is known to miss, or q is the top (or `until`)."""
    steps = 0
    while br.open and not (until and until(br)):
        q = predict(br) if steps < MODEL_STEPS else (br.fit + br.miss) // 2
        q = min(max(q, br.fit + 1), br.miss - 1)
        data = probe(q)
        br.probes.append((axis[0](q), math.log(max(len(data), 1))))
        if len(data) <= cap:
            br.fit, br.data = q, data
        else:
            br.miss = q
        steps += 1
    return br
