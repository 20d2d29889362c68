"""The cap solver: the best quality of the first allowed format that fits under a byte cap.

A pure function of (image, formats, cap, settings, hint). Never returns an over-cap encoding:
when nothing fits it raises CapUnreachable naming the smallest size reached and what was tried.
The quality is exact: the chosen q fits and q+1 was encoded and did not (or q is the top).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PIL import Image

from ..errors import CapUnreachable
from ..model import Encoded, frozen_map
from .registry import ENCODERS
from .settings import MIN_QUALITY, PLAIN, EncodeSettings
from .sizemodel import AXES, DEFAULT_AXIS, SLOPE_RANGE, SUB444_FACTOR, SizeModel

MAX_QUALITY = 95
HIGH_QUALITY = 90  # JPEG uses 4:4:4 chroma if and only if it fits at or above this
MODEL_STEPS = 6  # model-guided probes per search before falling back to bisection
SAMPLE_MIN_PX = 400_000  # above this a band sample (1/8 of the rows) re-centres the hint
SAMPLE_BAND, SAMPLE_PERIOD = 32, 256

__all__ = ["HIGH_QUALITY", "MAX_QUALITY", "MIN_QUALITY", "candidate_formats", "fit_under_cap"]


@dataclass
class _Search:
    """Counts encodes and remembers the smallest result, across formats."""

    image: Image.Image
    max_bytes: int
    settings: EncodeSettings
    encodes: int = 0
    samples: float = 0.0  # band-sample probes, in full-encode equivalents (pixels)
    smallest: int | None = None

    def run(self, fmt: str, q: int | None, sub: str | None) -> bytes:
        data = ENCODERS[fmt].encode(self.image, q, sub, self.settings)
        self.encodes += 1
        self.smallest = len(data) if self.smallest is None else min(self.smallest, len(data))
        return data


@dataclass
class _Bracket:
    """What one (format, subsampling) search knows: the best fit, the lowest miss, all probes."""

    lo: int
    hi: int
    fit: int
    miss: int
    data: bytes | None = None
    probes: list[tuple[float, float]] = field(default_factory=list)  # (x, log size)

    @property
    def open(self) -> bool:
        return self.miss - self.fit > 1


def _predict(model: SizeModel | None, br: _Bracket, axis, cap: int, px: int) -> int:
    """The largest q the model says fits, refitted on the probes so far (secant on the two
    probes that bracket the cap, else the nearest one with the model's slope)."""
    to_x, to_q = axis
    target = math.log(max(cap, 1) / px)
    if not br.probes:
        if model is None:
            return br.hi  # cold: the top quality fits more often than not on small variants
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


def _search(probe: Callable[[int], bytes], br: _Bracket, model: SizeModel | None, axis,
            cap: int, px: int, until: Callable[[_Bracket], bool] | None = None) -> _Bracket:
    """Largest q in [lo, hi] whose encode fits: model-guided probes inside the bracket, then
    bisection; stops when q fits and q+1 is known to miss, or q is the top (or `until`)."""
    steps = 0
    while br.open and not (until and until(br)):
        if steps < MODEL_STEPS:
            q = _predict(model, br, axis, cap, px)
        else:
            q = (br.fit + br.miss) // 2
        q = min(max(q, br.fit + 1), br.miss - 1)
        data = probe(q)
        br.probes.append((axis[0](q), math.log(max(len(data), 1))))
        if len(data) <= cap:
            br.fit, br.data = q, data
        else:
            br.miss = q
        steps += 1
    return br


def _bracket(lo: int, hi: int) -> _Bracket:
    return _Bracket(lo, hi, fit=lo - 1, miss=hi + 1)


def _band_sample(image: Image.Image) -> Image.Image:
    """Every PERIOD rows, a BAND-row strip (aligned to JPEG blocks), stacked: 1/8 of the
    pixels with the statistics of the whole image."""
    tops = range((SAMPLE_PERIOD - SAMPLE_BAND) // 2, image.height - SAMPLE_BAND + 1,
                 SAMPLE_PERIOD)
    sample = Image.new("RGB", (image.width, SAMPLE_BAND * len(tops)))
    for i, top in enumerate(tops):
        sample.paste(image.crop((0, top, image.width, top + SAMPLE_BAND)), (0, i * SAMPLE_BAND))
    return sample


def _sampled(search: _Search, hint: SizeModel) -> SizeModel:
    """The hint re-centred on this image's own content: one 4:2:0 encode of a band sample at
    the quality the hint predicts."""
    image, axis = search.image, AXES["jpeg"]
    sample = _band_sample(image)
    q = _predict(hint, _bracket(search.settings.min_quality, MAX_QUALITY), axis,
                 search.max_bytes, image.width * image.height)
    q = min(max(q, search.settings.min_quality), MAX_QUALITY)
    data = ENCODERS["jpeg"].encode(sample, q, "4:2:0", search.settings)
    search.samples += sample.width * sample.height / (image.width * image.height)
    return SizeModel(math.log(len(data) / (sample.width * sample.height)) - hint.b * axis[0](q),
                     hint.b, hint.sub444)


def _through(probe: tuple[float, float], px: int, b: float, shift: float) -> SizeModel:
    """A model with slope b through a probe (x, log size) of the other subsampling."""
    x, y = probe
    return SizeModel(y + shift - math.log(px) - b * x, b)


def _jpeg(search: _Search, hint: SizeModel | None) -> Encoded | None:
    """4:4:4 at the best q in [90, 95] if 4:4:4 fits at 90, else 4:2:0 at the best q.

    The hint only decides the order of probes: 4:4:4 first when it predicts 4:4:4 fits at 90;
    otherwise 4:2:0, switching to 4:4:4 as soon as 4:2:0 fits at 90 or more (4:4:4 is assumed
    never smaller than 4:2:0 at equal q, so a 4:2:0 miss at q >= 90 rules 4:4:4 out)."""
    image, cap, min_q = search.image, search.max_bytes, search.settings.min_quality
    px, axis = image.width * image.height, AXES["jpeg"]
    if hint is not None and px >= SAMPLE_MIN_PX:
        hint = _sampled(search, hint)
    b = hint.b if hint else 0.6

    def probe(sub: str) -> Callable[[int], bytes]:
        return lambda q: search.run("jpeg", q, sub)

    full, sub = _bracket(HIGH_QUALITY, MAX_QUALITY), _bracket(min_q, MAX_QUALITY)
    shift = hint.sub444 if hint else SUB444_FACTOR
    m444 = hint.shifted(shift) if hint else None
    high_first = m444 is None or _predict(m444, sub, axis, cap, px) >= HIGH_QUALITY
    model = hint
    if high_first:
        _search(probe("4:4:4"), full, m444, axis, cap, px)
        if full.data is not None:
            return Encoded(full.data, "jpeg", full.fit, "4:4:4", search.encodes)
        model = _through(full.probes[-1], px, b, -shift)
    else:
        _search(probe("4:2:0"), sub, model, axis, cap, px,
                until=lambda br: br.fit >= HIGH_QUALITY)
        if sub.fit >= HIGH_QUALITY:
            seed = _through(sub.probes[-1], px, b, shift)
            _search(probe("4:4:4"), full, seed, axis, cap, px)
            if full.data is not None:
                return Encoded(full.data, "jpeg", full.fit, "4:4:4", search.encodes)
    _search(probe("4:2:0"), sub, model, axis, cap, px)
    if sub.data is None:
        return None
    return Encoded(sub.data, "jpeg", sub.fit, "4:2:0", search.encodes)


def _lossy(fmt: str, search: _Search) -> Encoded | None:
    px = search.image.width * search.image.height
    axis = AXES.get(fmt, DEFAULT_AXIS)
    br = _search(lambda q: search.run(fmt, q, None),
                 _bracket(search.settings.min_quality, MAX_QUALITY), None, axis,
                 search.max_bytes, px)
    return None if br.data is None else Encoded(br.data, fmt, br.fit, None, search.encodes)


def _palette(fmt: str, search: _Search) -> Encoded | None:
    """Lossless first (PNG), then palettes from the most colours down (PNG/GIF)."""
    from .png import PALETTE_STEPS

    steps: tuple[int | None, ...] = ((None,) if fmt == "png" else ()) + PALETTE_STEPS
    for colours in steps:
        data = search.run(fmt, colours, None)
        if len(data) <= search.max_bytes:
            extra = {} if colours is None else {"palette": colours}
            return Encoded(data, fmt, None, None, search.encodes, frozen_map(extra))
    return None


def candidate_formats(slot_formats: Sequence[str], preference: Sequence[str]) -> list[str]:
    """Slot formats in the campaign's preference order, available here; GIF only when nothing
    else is allowed."""
    allowed = [f for f in preference if f in slot_formats and ENCODERS[f].available()]
    return [f for f in allowed if f != "gif"] or allowed


def _tried(fmt: str, settings: EncodeSettings) -> str:
    return f"{fmt} q{settings.min_quality}-{MAX_QUALITY}" if ENCODERS[fmt].lossy else fmt


def fit_under_cap(image: Image.Image, formats: Sequence[str], max_bytes: int,
                  *, min_quality: int | None = None, settings: EncodeSettings = PLAIN,
                  hint: SizeModel | None = None) -> Encoded:
    """Encode `image` in the first of `formats` that fits under `max_bytes` at the best quality.

    `hint` (a JPEG 4:2:0 size model for this image, e.g. from the source's pre-pass) only
    changes how many encodes the search needs, never the result."""
    if min_quality is not None:
        settings = EncodeSettings(settings.srgb, settings.dither, min_quality)
    search = _Search(image, max_bytes, settings)
    tried = []
    for fmt in formats:
        tried.append(_tried(fmt, settings))
        if fmt == "jpeg":
            result = _jpeg(search, hint)
        elif ENCODERS[fmt].lossy:
            result = _lossy(fmt, search)
        else:
            result = _palette(fmt, search)
        if result is not None:
            return Encoded(result.data, result.format, result.quality, result.subsampling,
                           search.encodes, frozen_map({**result.extra, "tried": tuple(tried),
                                       "sample_encodes": round(search.samples, 3)}))
    raise CapUnreachable(
        f"no allowed format fits {_kb(max_bytes)} KB ({max_bytes:,} bytes): smallest reached "
        f"{_kb(search.smallest or 0)} KB ({search.smallest or 0:,} bytes) "
        f"(tried {', '.join(tried) or 'nothing'})",
        search.smallest, tuple(tried))


def _kb(n: int) -> str:
    return f"{n / 1024:.1f}".removesuffix(".0")
