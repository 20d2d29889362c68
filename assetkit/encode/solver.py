"""The cap solver: the best quality of the first allowed format that fits under a byte cap.

A pure function of (image, formats, cap, settings, hint). Never returns an over-cap encoding:
when nothing fits it raises CapUnreachable naming the smallest size reached and what was tried.
The quality is exact: the chosen q fits and q+1 was encoded and did not (or q is the top).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image

from ..errors import CapUnreachable
from ..model import frozen_map
from .bracket import Bracket, Predictor, bracket, model_predictor, narrow
from .mosaic import MosaicPredictor, worth_sampling
from .registry import ENCODERS, estimator
from .settings import MIN_QUALITY, PLAIN, Encoded, EncodeSettings
from .sizemodel import AXES, DEFAULT_AXIS, SUB444_FACTOR, SizeModel

MAX_QUALITY = 95
HIGH_QUALITY = 90  # JPEG uses 4:4:4 chroma if and only if it fits at or above this
SURE = 0.36  # log size margin (3 sd of the hint's error) beyond which the hint is trusted

__all__ = ["HIGH_QUALITY", "MAX_QUALITY", "MIN_QUALITY", "candidate_formats", "fit_under_cap"]


@dataclass
class _Search:
    """Counts encodes and remembers the smallest result, across formats."""

    image: Image.Image
    max_bytes: int
    settings: EncodeSettings
    encodes: int = 0
    samples: float = 0.0  # mosaic probes, in full-encode equivalents (pixels)
    smallest: int | None = None

    def run(self, fmt: str, q: int | None, sub: str | None) -> bytes:
        data = ENCODERS[fmt].encode(self.image, q, sub, self.settings)
        self.encodes += 1
        self.smallest = len(data) if self.smallest is None else min(self.smallest, len(data))
        return data

    def sample(self, image: Image.Image, q: int, sub: str) -> int:
        """The JPEG encoder's cheap size estimate for a sample of the image, counted by its
        share of the pixels."""
        self.samples += image.width * image.height / (self.image.width * self.image.height)
        return estimator().estimate(image, q, sub, self.settings)


def _through(probe: tuple[float, float], px: int, b: float, shift: float) -> SizeModel:
    """A model with slope b through a probe (x, log size) of the other subsampling."""
    x, y = probe
    return SizeModel(y + shift - math.log(px) - b * x, b)


@dataclass
class _Jpeg:
    """How one JPEG search aims its probes: the mosaic of a big image (`mosaic.py`), else the
    size model (the source's hint, refitted on the probes)."""

    search: _Search
    hint: SizeModel | None
    mosaic: MosaicPredictor | None

    @property
    def px(self) -> int:
        return self.search.image.width * self.search.image.height

    def probe(self, sub: str) -> Callable[[int], bytes]:
        def run(q: int) -> bytes:
            data = self.search.run("jpeg", q, sub)
            if self.mosaic is not None:
                self.mosaic.calibrate(q, sub, len(data))
            return data
        return run

    def predictor(self, sub: str, model: SizeModel | None) -> Predictor:
        cap = self.search.max_bytes
        if self.mosaic is None:
            return model_predictor(model, AXES["jpeg"], cap, self.px)
        mosaic, top_first = self.mosaic, self._margin(model, MAX_QUALITY) >= SURE

        def predict(br: Bracket) -> int:
            if top_first and not br.probes:
                return br.hi  # cheaper to encode the top at once than to search the mosaic
            return mosaic.next_q(br, sub, cap)
        return predict

    def _margin(self, model: SizeModel | None, q: int) -> float:
        """log(cap / the model's size at q); 0 without a model."""
        if model is None:
            return 0.0
        size = model.log_bpp(AXES["jpeg"][0](q)) + math.log(self.px)
        return math.log(max(self.search.max_bytes, 1)) - size

    def high_first(self, m444: SizeModel | None, br: Bracket) -> bool:
        """Whether to search 4:4:4 first: it is predicted to fit at 90 (a guess either way:
        the search proves the answer). The hint decides when it is sure, else the mosaic."""
        if m444 is None or self._margin(m444, MAX_QUALITY) >= SURE:
            return True
        if self._margin(m444, HIGH_QUALITY) <= -SURE:
            return False
        if self.mosaic is not None:
            return self.mosaic.fits(HIGH_QUALITY, "4:4:4", self.search.max_bytes)
        return model_predictor(m444, AXES["jpeg"], self.search.max_bytes, self.px)(br) \
            >= HIGH_QUALITY

    def find(self, sub: str, br: Bracket, model: SizeModel | None,
             until: Callable[[Bracket], bool] | None = None) -> Bracket:
        return narrow(self.probe(sub), br, self.predictor(sub, model), AXES["jpeg"],
                      self.search.max_bytes, until)


def _jpeg(search: _Search, hint: SizeModel | None) -> Encoded | None:
    """4:4:4 at the best q in [90, 95] if 4:4:4 fits at 90, else 4:2:0 at the best q.

    The hint only decides the order of probes: 4:4:4 first when it predicts 4:4:4 fits at 90;
    otherwise 4:2:0, switching to 4:4:4 as soon as 4:2:0 fits at 90 or more (4:4:4 is assumed
    never smaller than 4:2:0 at equal q, so a 4:2:0 miss at q >= 90 rules 4:4:4 out)."""
    image, min_q = search.image, search.settings.min_quality
    jpeg = _Jpeg(search, hint, MosaicPredictor(image, search.sample, hint)
                 if worth_sampling(image) else None)
    px, b = jpeg.px, hint.b if hint else 0.6
    full, sub = bracket(HIGH_QUALITY, MAX_QUALITY), bracket(min_q, MAX_QUALITY)
    shift = hint.sub444 if hint else SUB444_FACTOR
    m444 = hint.shifted(shift) if hint else None
    high_first = jpeg.high_first(m444, sub)
    model = hint
    if high_first:
        jpeg.find("4:4:4", full, m444)
        if full.data is not None:
            return Encoded(full.data, "jpeg", full.fit, "4:4:4", search.encodes)
        model = _through(full.probes[-1], px, b, -shift)
    else:
        jpeg.find("4:2:0", sub, model, until=lambda br: br.fit >= HIGH_QUALITY)
        if sub.fit >= HIGH_QUALITY:
            jpeg.find("4:4:4", full, _through(sub.probes[-1], px, b, shift))
            if full.data is not None:
                return Encoded(full.data, "jpeg", full.fit, "4:4:4", search.encodes)
    jpeg.find("4:2:0", sub, model)
    if sub.data is None:
        return None
    return Encoded(sub.data, "jpeg", sub.fit, "4:2:0", search.encodes)


def _lossy(fmt: str, search: _Search) -> Encoded | None:
    px = search.image.width * search.image.height
    axis = AXES.get(fmt, DEFAULT_AXIS)
    br = narrow(lambda q: search.run(fmt, q, None),
                bracket(search.settings.min_quality, MAX_QUALITY),
                model_predictor(None, axis, search.max_bytes, px), axis, search.max_bytes)
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
