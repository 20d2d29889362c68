"""The mosaic that aims the cap solver on big images: which blocks it takes, and how well its
JPEG size predicts the whole image's, before and after one full-size encode."""
from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image, ImageDraw

from assetkit.encode import ENCODERS, fit_under_cap
from assetkit.encode.mosaic import (
    PERIOD,
    PRIOR,
    ROW,
    TILE,
    MosaicPredictor,
    _payload,
    sample,
    worth_sampling,
)
from assetkit.encode.sizemodel import prepass

encode = ENCODERS["jpeg"].encode
estimate = ENCODERS["jpeg"].estimate


def banner(seed: int, size=(1200, 800)) -> Image.Image:
    """Photo-like: gradients and grain, a flat product shape, text-like strokes."""
    rng = np.random.default_rng(seed)
    w, h = size
    x = np.linspace(0, 1, w)[None, :, None]
    y = np.linspace(0, 1, h)[:, None, None]
    base = 180 * x * np.array([1, 0.5, 0.3]) + 90 * y * np.array([0.2, 0.6, 1]) + 30
    pixels = np.clip(base + rng.normal(0, 6 + 6 * seed, (h, w, 3)), 0, 255).astype(np.uint8)
    image = Image.fromarray(pixels, "RGB")
    draw = ImageDraw.Draw(image)
    draw.ellipse((w // 3, h // 4, 2 * w // 3, 3 * h // 4), fill=(240, 240, 235))
    for i in range(12):
        top = 40 + i * (h // 14)
        draw.line((60, top, 60 + (i * 97) % (w // 2), top), fill=(20, 20, 20), width=5)
    return image


def test_the_mosaic_is_the_images_own_blocks_on_a_lattice():
    image = banner(1)
    mosaic = sample(image)
    assert mosaic.width == ROW * TILE and mosaic.height % TILE == 0
    blocks = (image.width // TILE) * (image.height // TILE)
    assert mosaic.width * mosaic.height // TILE ** 2 == blocks // PERIOD // ROW * ROW
    src, got = np.asarray(image), np.asarray(mosaic)
    # the first picked blocks, in order: row 0 takes columns 0, 8, 16...; row 1 starts at 5
    cols = image.width // TILE
    picked = [(r, c) for r in range(2) for c in range(cols) if (c + 3 * r) % PERIOD == 0]
    for i, (r, c) in enumerate(picked[:ROW]):
        want = src[r * TILE:(r + 1) * TILE, c * TILE:(c + 1) * TILE]
        assert np.array_equal(got[:TILE, i * TILE:(i + 1) * TILE], want)


def test_small_images_are_searched_without_a_mosaic():
    assert not worth_sampling(Image.new("RGB", (400, 300)))
    assert worth_sampling(Image.new("RGB", (640, 480)))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(("q", "sub"), [(75, "4:2:0"), (88, "4:2:0"), (92, "4:4:4")])
def test_mosaic_predicts_the_full_size_and_calibrates_exactly(seed, q, sub):
    image = banner(seed)
    predictor = MosaicPredictor(image, estimate)
    full = {k: len(encode(image, k, sub)) for k in (q - 1, q, q + 1)}
    for k in (q - 1, q, q + 1):
        predictor.size(k, sub)
    # before any full encode: within 0.15 in log payload (3.5 sd of the bench's spread)
    before = predictor.predicted(q, sub) - _payload(full[q], predictor.full_px)
    assert abs(before) < 0.15
    predictor.calibrate(q, sub, full[q])
    assert predictor.predicted(q, sub) == pytest.approx(_payload(full[q], predictor.full_px))
    # where the mosaic has the quality itself, the calibrated ratio carries to the neighbours
    # within a third of a quality step (JPEG sizes move in uneven steps with q: the mosaic's
    # steps are the image's)
    step = abs(math.log(full[q + 1] / full[q - 1])) / 2
    for k in (q - 1, q + 1):
        err = predictor.predicted(k, sub) - _payload(full[k], predictor.full_px)
        assert abs(err) < step / 3, (k, err, step)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_searches_aimed_by_the_mosaic_take_few_full_encodes(seed):
    """Across caps from q 60 to q 90 at 4:2:0: the exact answer in at most three full-size
    encodes on average (two are the minimum: the answer and the proof that q+1 misses; on
    these grainy pictures the mosaic's bias is smaller than the prior's, so the first probe
    often lands a step or two high and the calibrated second one is right), and a few
    1/8-size mosaic encodes."""
    image = banner(seed)
    hint = prepass(image).at_scale(1.0)
    full, sampled = [], []
    for q in range(60, 95, 5):
        cap = len(encode(image, q, "4:2:0")) + 5
        enc = fit_under_cap(image, ["jpeg"], cap, hint=hint)
        assert (enc.quality, enc.subsampling) == (q, "4:2:0")
        full.append(enc.encodes)
        sampled.append(enc.extra["sample_encodes"])
    assert max(full) <= 4 and sum(full) / len(full) <= 3.0, full
    assert max(sampled) < 0.6, sampled


def test_priors_are_the_measured_mosaic_bias():
    """The mosaic's blocks meet unrelated neighbours: its payload per pixel runs above the
    image's, 4:4:4 more than 4:2:0 (PRIOR records both)."""
    assert PRIOR["4:4:4"] < PRIOR["4:2:0"] < 0
