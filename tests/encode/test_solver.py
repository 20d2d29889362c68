"""Cap solver properties: never over the cap, exact quality (q_lost 0), monotone in the cap,
the 4:4:4 rule, CapUnreachable below the floor, and a hint that changes the cost, not the result."""
from __future__ import annotations

import io
import math
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from assetkit.encode import ENCODERS, EncodeSettings, fit_under_cap
from assetkit.encode.mosaic import worth_sampling
from assetkit.encode.sizemodel import SizeModel, prepass
from assetkit.encode.solver import HIGH_QUALITY, MAX_QUALITY, MIN_QUALITY
from assetkit.errors import CapUnreachable

CI = settings.get_profile("assetkit-encode-ci")
SIZE = (40, 30)


class FakeJpeg:
    """A JPEG stand-in with a known size curve: bytes grow with q, 4:4:4 never smaller."""

    lossy = True

    def __init__(self, base: float, slope: float, chroma: float, wiggle: tuple[int, ...]):
        self.base, self.slope, self.chroma, self.wiggle = base, slope, chroma, wiggle

    def available(self) -> bool:
        return True

    def size(self, q: int, sub: str | None) -> int:
        scale = 5000 / q if q < 50 else 200 - 2 * q
        n = self.base * math.exp(-self.slope * math.log(scale)) + self.wiggle[q % len(self.wiggle)]
        n += 31 * q  # strictly increasing in q, whatever the wiggle (< 31)
        return int(n * (self.chroma if sub == "4:4:4" else 1.0))

    def encode(self, image, quality, subsampling, settings=None) -> bytes:
        return bytes(self.size(quality, subsampling))

    def estimate(self, image, quality, subsampling, settings=None) -> int:
        return self.size(quality, subsampling)


def expected(fake: FakeJpeg, cap: int, min_q: int = MIN_QUALITY) -> tuple[int, str] | None:
    """The rule, by exhaustion: 4:4:4 at the best q >= 90 if it fits at 90, else 4:2:0."""
    full = [q for q in range(HIGH_QUALITY, MAX_QUALITY + 1) if fake.size(q, "4:4:4") <= cap]
    if full:
        return max(full), "4:4:4"
    sub = [q for q in range(min_q, MAX_QUALITY + 1) if fake.size(q, "4:2:0") <= cap]
    return (max(sub), "4:2:0") if sub else None


fakes = st.builds(FakeJpeg, base=st.floats(2e3, 5e5), slope=st.floats(0.3, 1.4),
                  chroma=st.floats(1.05, 1.6),
                  wiggle=st.tuples(*[st.integers(0, 30)] * 3))
hints = st.one_of(st.none(), st.builds(SizeModel, c=st.floats(-12, 6), b=st.floats(0.15, 2.0)))
BLANK = Image.new("RGB", SIZE)
BIG_BLANK = Image.new("RGB", (640, 480))


@contextmanager
def jpeg_is(fake: FakeJpeg):
    """Swap the registered JPEG encoder (a fixture would be shared across hypothesis examples)."""
    real = ENCODERS["jpeg"]
    ENCODERS["jpeg"] = fake
    try:
        yield
    finally:
        ENCODERS["jpeg"] = real


@CI
@given(fake=fakes, cap_frac=st.floats(0.0, 1.3), hint=hints)
def test_the_rule_exactly_whatever_the_hint(fake, cap_frac, hint):
    with jpeg_is(fake):
        check_the_rule(fake, cap_frac, hint)


@CI
@given(fake=fakes, cap_frac=st.floats(0.0, 1.3), hint=hints)
def test_the_rule_exactly_on_the_mosaic_path(fake, cap_frac, hint):
    """A big image's search is aimed by its mosaic (here with sizes unrelated to the full
    image's, the worst case for the prediction): the result is still the rule's."""
    assert worth_sampling(BIG_BLANK)
    with jpeg_is(fake):
        check_the_rule(fake, cap_frac, hint, BIG_BLANK)


def check_the_rule(fake: FakeJpeg, cap_frac: float, hint: SizeModel | None,
                   image: Image.Image = BLANK) -> None:
    cap = int(fake.size(MAX_QUALITY, "4:4:4") * cap_frac)
    want = expected(fake, cap)
    if want is None:
        with pytest.raises(CapUnreachable) as info:
            fit_under_cap(image, ["jpeg"], cap, hint=hint)
        assert info.value.smallest > cap
        return
    enc = fit_under_cap(image, ["jpeg"], cap, hint=hint)
    assert (enc.quality, enc.subsampling) == want
    assert len(enc.data) <= cap  # never over the cap
    assert enc.quality == MAX_QUALITY or fake.size(enc.quality + 1, enc.subsampling) > cap
    assert enc.encodes <= 14


@CI
@given(fake=fakes, caps=st.tuples(st.floats(0.05, 1.3), st.floats(0.05, 1.3)), hint=hints)
def test_monotone_in_cap(fake, caps, hint):
    top = fake.size(MAX_QUALITY, "4:4:4")
    small, large = sorted(int(top * c) for c in caps)
    with jpeg_is(fake):
        try:
            lo = fit_under_cap(BLANK, ["jpeg"], small, hint=hint)
        except CapUnreachable:
            return
        hi = fit_under_cap(BLANK, ["jpeg"], large, hint=hint)
    rank = {"4:2:0": 0, "4:4:4": 1}
    assert (rank[hi.subsampling], hi.quality) >= (rank[lo.subsampling], lo.quality)


@CI
@given(fake=fakes, min_q=st.integers(30, 80))
def test_cap_below_the_minimum_quality_is_unreachable(fake, min_q):
    cap = fake.size(min_q, "4:2:0") - 1
    with jpeg_is(fake), pytest.raises(CapUnreachable) as info:
        fit_under_cap(BLANK, ["jpeg"], cap, settings=EncodeSettings(min_quality=min_q))
    assert info.value.smallest == fake.size(min_q, "4:2:0")
    assert info.value.tried == (f"jpeg q{min_q}-{MAX_QUALITY}",)
    assert f"{cap:,} bytes" in str(info.value)


def photo(seed: int = 1, size: tuple[int, int] = (160, 120)) -> Image.Image:
    rng = np.random.default_rng(seed)
    w, h = size
    x = np.linspace(0, 1, w)[None, :, None]
    y = np.linspace(0, 1, h)[:, None, None]
    base = 200 * x * np.array([1, 0.6, 0.2]) + 120 * y * np.array([0.1, 0.5, 1])
    pixels = base + rng.normal(0, 18, (h, w, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


PHOTO = photo()
PHOTO_TOP = len(ENCODERS["jpeg"].encode(PHOTO, MAX_QUALITY, "4:4:4"))


@CI
@given(frac=st.floats(0.1, 1.2))
def test_real_jpeg_never_over_and_q_lost_zero(frac):
    cap = int(PHOTO_TOP * frac)
    try:
        enc = fit_under_cap(PHOTO, ["jpeg"], cap, hint=prepass(PHOTO).at_scale(1.0))
    except CapUnreachable as exc:
        assert exc.smallest > cap
        assert len(ENCODERS["jpeg"].encode(PHOTO, MIN_QUALITY, "4:2:0")) > cap
        return
    assert len(enc.data) <= cap
    assert ENCODERS["jpeg"].encode(PHOTO, enc.quality, enc.subsampling) == enc.data
    if enc.quality < MAX_QUALITY:
        assert len(ENCODERS["jpeg"].encode(PHOTO, enc.quality + 1, enc.subsampling)) > cap
    cold = fit_under_cap(PHOTO, ["jpeg"], cap)
    assert (cold.data, cold.quality, cold.subsampling) == (enc.data, enc.quality, enc.subsampling)


@pytest.mark.parametrize(("q", "sub"), [(80, "4:2:0"), (92, "4:4:4")])
def test_big_images_search_their_mosaic_and_stay_exact(q, sub):
    image = photo(2, (900, 600))  # enough 16x16 blocks for a mosaic
    assert worth_sampling(image)
    cap = len(ENCODERS["jpeg"].encode(image, q, sub)) + 10
    enc = fit_under_cap(image, ["jpeg"], cap, hint=prepass(image).at_scale(1.0))
    assert (enc.quality, enc.subsampling) == (q, sub)
    assert len(ENCODERS["jpeg"].encode(image, q + 1, sub)) > cap  # q_lost 0, checked
    assert 0 < enc.extra["sample_encodes"] < 0.6  # a few mosaic encodes, 1/8 of the pixels
    assert enc.encodes <= 3  # full-size encodes: the answer, q+1, at most one more


@pytest.mark.parametrize("mode", ["RGBA", "L", "P", "CMYK", "LA"])
def test_big_images_of_any_mode_are_solved_as_the_encoder_sees_them(mode):
    """The mosaic is cut from the pixels the JPEG encoder encodes (RGB): other modes give
    the RGB image's answer, not an error."""
    rgb = photo(3, (800, 600))
    image = rgb.convert(mode)
    as_encoded = image.convert("RGB")
    cap = len(ENCODERS["jpeg"].encode(as_encoded, 85, "4:2:0")) + 10
    enc = fit_under_cap(image, ["jpeg"], cap)
    assert (enc.quality, enc.subsampling) == (85, "4:2:0")
    assert enc.data == ENCODERS["jpeg"].encode(as_encoded, 85, "4:2:0")
    assert enc.extra["sample_encodes"] > 0  # the mosaic path was taken


def test_png_falls_back_to_a_palette_when_lossless_is_over_the_cap():
    lossless = len(ENCODERS["png"].encode(PHOTO, None, None))
    enc = fit_under_cap(PHOTO, ["png"], lossless - 1)
    assert enc.format == "png" and enc.extra["palette"] in (256, 128, 64, 32)
    assert len(enc.data) < lossless
    with Image.open(io.BytesIO(enc.data)) as im:
        assert im.mode == "P"


def test_first_format_that_fits_wins_and_tried_is_recorded():
    enc = fit_under_cap(PHOTO, ["png", "jpeg"], len(ENCODERS["jpeg"].encode(PHOTO, 60, "4:2:0")))
    assert enc.format == "jpeg"
    assert enc.extra["tried"] == ("png", f"jpeg q{MIN_QUALITY}-{MAX_QUALITY}")


def test_prepass_is_a_pure_function_of_the_pixels():
    assert prepass(photo(3, (700, 500))) == prepass(photo(3, (700, 500)))


def test_prepass_measures_what_4_4_4_costs_on_this_picture():
    """Colour detail makes 4:4:4 dearer than 4:2:0; a grey picture has none to keep."""
    colourful = prepass(photo(5, (700, 500))).model.sub444
    grey = prepass(photo(5, (700, 500)).convert("L").convert("RGB")).model.sub444
    assert colourful > grey + 0.1 and 0 <= grey < 0.1
