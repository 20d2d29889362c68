"""The cap solver: never over the cap, the best quality that fits, exact about what it tried."""
from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, JpegImagePlugin

from assetkit.encode import ENCODERS, fit_under_cap
from assetkit.encode.solver import HIGH_QUALITY, MAX_QUALITY, MIN_QUALITY, candidate_formats
from assetkit.errors import CapUnreachable


def noisy_image(size=(64, 48), seed=3) -> Image.Image:
    """Random pixels over a gradient: sizes grow steadily with quality, nothing compresses away."""
    rng = np.random.default_rng(seed)
    w, h = size
    ramp = np.linspace(0, 160, w, dtype=np.float32)[None, :, None]
    pixels = ramp + rng.normal(0, 40, (h, w, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def smooth_image(size=(96, 64)) -> Image.Image:
    w, h = size
    x = np.linspace(0, 255, w, dtype=np.float32)[None, :]
    y = np.linspace(0, 255, h, dtype=np.float32)[:, None]
    pixels = np.dstack([x + 0 * y, y + 0 * x, (x + y) / 2])
    return Image.fromarray(pixels.astype(np.uint8), "RGB")


NOISE = noisy_image()


def size_at(fmt: str, quality: int | None, sub: str | None = None, image=NOISE) -> int:
    return len(ENCODERS[fmt].encode(image, quality, sub))


def jpeg_sampling(data: bytes) -> str:
    with Image.open(io.BytesIO(data)) as im:
        return {0: "4:4:4", 2: "4:2:0"}[JpegImagePlugin.get_sampling(im)]


def fit_or_none(formats, cap):
    try:
        return fit_under_cap(NOISE, formats, cap)
    except CapUnreachable as exc:
        assert exc.smallest is not None and exc.smallest > cap
        return None


# The smallest and largest sizes the solver can reach on NOISE, measured here, not by the solver.
JPEG_SMALLEST = min(size_at("jpeg", q, "4:2:0") for q in range(MIN_QUALITY, MAX_QUALITY + 1))
JPEG_LARGEST = size_at("jpeg", MAX_QUALITY, "4:4:4")
CAPS = st.integers(min_value=JPEG_SMALLEST // 2, max_value=JPEG_LARGEST + 2000)


@settings(max_examples=30, deadline=None, database=None)
@given(cap=CAPS, formats=st.sampled_from([["jpeg"], ["webp"], ["png"], ["jpeg", "png"],
                                          ["png", "jpeg"]]))
def test_never_exceeds_the_cap(cap, formats):
    enc = fit_or_none(formats, cap)
    if enc is None:
        return
    assert len(enc.data) <= cap
    assert enc.format in formats
    with Image.open(io.BytesIO(enc.data)) as im:
        assert im.format.lower() == enc.format
        assert im.size == NOISE.size


@settings(max_examples=30, deadline=None, database=None)
@given(cap=CAPS, fmt=st.sampled_from(["jpeg", "webp"]))
def test_picks_the_largest_quality_that_fits(cap, fmt):
    enc = fit_or_none([fmt], cap)
    if enc is None:
        return
    assert MIN_QUALITY <= enc.quality <= MAX_QUALITY
    # the bytes are what the encoder gives at the reported settings
    assert ENCODERS[fmt].encode(NOISE, enc.quality, enc.subsampling) == enc.data
    if enc.quality < MAX_QUALITY:
        assert size_at(fmt, enc.quality + 1, enc.subsampling) > cap


@settings(max_examples=30, deadline=None, database=None)
@given(cap=CAPS)
def test_jpeg_uses_444_only_at_high_quality(cap):
    enc = fit_or_none(["jpeg"], cap)
    if enc is None:
        return
    assert jpeg_sampling(enc.data) == enc.subsampling
    if enc.subsampling == "4:4:4":
        assert enc.quality >= HIGH_QUALITY
    else:
        assert enc.subsampling == "4:2:0"
        assert size_at("jpeg", HIGH_QUALITY, "4:4:4") > cap  # 4:4:4 at 90 would not have fit


def test_both_chroma_branches_are_reached():
    low = fit_under_cap(NOISE, ["jpeg"], size_at("jpeg", 60, "4:2:0"))
    assert (low.subsampling, jpeg_sampling(low.data)) == ("4:2:0", "4:2:0")
    assert low.quality < HIGH_QUALITY
    high = fit_under_cap(NOISE, ["jpeg"], JPEG_LARGEST)
    assert (high.subsampling, jpeg_sampling(high.data)) == ("4:4:4", "4:4:4")
    assert high.quality == MAX_QUALITY


def _rank(enc) -> tuple[bool, int]:
    return enc.subsampling == "4:4:4", enc.quality


@settings(max_examples=30, deadline=None, database=None)
@given(caps=st.tuples(CAPS, CAPS), fmt=st.sampled_from(["jpeg", "webp"]))
def test_monotone_in_cap(caps, fmt):
    small, large = sorted(caps)
    lo, hi = fit_or_none([fmt], small), fit_or_none([fmt], large)
    if lo is None:
        return
    assert hi is not None, "a larger cap must fit whatever a smaller cap fits"
    assert _rank(hi) >= _rank(lo)


def test_cap_below_the_smallest_size_raises_naming_it():
    cap = JPEG_SMALLEST - 1
    with pytest.raises(CapUnreachable) as info:
        fit_under_cap(NOISE, ["jpeg"], cap)
    exc = info.value
    # the solver must have gone down to the lowest quality, so it saw at most that size
    assert JPEG_SMALLEST <= exc.smallest <= size_at("jpeg", MIN_QUALITY, "4:2:0")
    message = str(exc)
    assert f"{exc.smallest:,} bytes" in message
    assert f"{cap:,} bytes" in message
    assert "jpeg" in message


def test_cap_unreachable_names_every_format_tried():
    cap = 100  # below any JPEG or PNG of 64x48 noise
    with pytest.raises(CapUnreachable) as info:
        fit_under_cap(NOISE, ["jpeg", "png"], cap)
    assert "jpeg" in str(info.value) and "png" in str(info.value)
    assert len(info.value.tried) == 2


def test_same_input_same_bytes():
    for formats in (["jpeg"], ["webp"], ["png"]):
        cap = JPEG_LARGEST // 2 if formats != ["png"] else 10**7
        first = fit_under_cap(noisy_image(), formats, cap)
        again = fit_under_cap(noisy_image(), formats, cap)
        assert first.data == again.data
        assert (first.quality, first.subsampling) == (again.quality, again.subsampling)


def test_png_round_trips_losslessly():
    enc = fit_under_cap(NOISE, ["png"], 10**7)
    assert enc.format == "png" and enc.quality is None
    with Image.open(io.BytesIO(enc.data)) as im:
        assert im.format == "PNG"
        assert im.convert("RGB").tobytes() == NOISE.tobytes()


def test_webp_round_trips_close_to_the_input():
    image = smooth_image()
    enc = fit_under_cap(image, ["webp"], 10**7)
    assert enc.format == "webp" and enc.quality == MAX_QUALITY
    with Image.open(io.BytesIO(enc.data)) as im:
        assert im.format == "WEBP"
        assert im.size == image.size
        back = np.asarray(im.convert("RGB"), dtype=np.float32)
    error = np.abs(back - np.asarray(image, dtype=np.float32)).mean()
    assert error < 3, f"mean abs error {error:.2f}"


def test_gif_only_when_nothing_else_is_allowed():
    assert candidate_formats(["jpeg", "png", "gif"], ["jpeg", "png", "webp", "gif"]) == [
        "jpeg", "png"]
    assert candidate_formats(["gif"], ["jpeg", "png", "webp", "gif"]) == ["gif"]
    assert candidate_formats(["png", "jpeg"], ["jpeg", "png"]) == ["jpeg", "png"]
    assert candidate_formats(["webp"], ["jpeg", "png"]) == []


def test_noisy_picture_larger_than_its_pixel_count_encodes():
    # Pillow sizes its one-shot buffer for progressive JPEG at w*h bytes; 4:4:4 noise at high
    # quality is larger than that and must still encode (not fail with "broken data stream").
    image = Image.fromarray(np.random.default_rng(7).integers(0, 256, (250, 300, 3),
                                                             dtype=np.uint8), "RGB")
    enc = fit_under_cap(image, ["jpeg"], 10 * 2**20)
    assert (enc.quality, enc.subsampling) == (MAX_QUALITY, "4:4:4")
    assert len(enc.data) > image.width * image.height
    with Image.open(io.BytesIO(enc.data)) as im:
        assert im.size == image.size
