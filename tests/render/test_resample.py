"""The resampler choice: libvips by default when pyvips can load, Pillow when asked, and a build's
choice held for its variants whatever the process environment says."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageFilter

from assetkit.render import resample


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.delenv("ASSETKIT_RESAMPLER", raising=False)
    resample.default_backend.cache_clear()
    yield monkeypatch
    resample.default_backend.cache_clear()


def test_default_is_libvips_and_the_environment_can_force_pillow(fresh):
    pytest.importorskip("pyvips")
    assert resample.default_backend() == "vips"
    fresh.setenv("ASSETKIT_RESAMPLER", "pillow")
    resample.default_backend.cache_clear()
    assert resample.default_backend() == "pillow"


def test_a_build_s_choice_holds_whatever_the_environment_says(fresh):
    """The parent decides once (SourceJob.resampler); a worker's Resampler uses that choice even
    where its environment forces the other."""
    pytest.importorskip("pyvips")
    fresh.setenv("ASSETKIT_RESAMPLER", "pillow")
    resample.default_backend.cache_clear()
    image = Image.new("RGB", (400, 300), (10, 120, 200))
    assert resample.Resampler("vips").resize(image, (40, 30)).size == (40, 30)
    assert resample.Resampler("vips").name == "vips" and resample.default_backend() == "pillow"


def test_both_resamplers_agree_closely_and_upscales_use_pillow(fresh):
    pytest.importorskip("pyvips")
    rng = np.random.default_rng(7)
    image = Image.fromarray(rng.integers(0, 256, (300, 400, 3), dtype=np.uint8), "RGB")
    image = image.filter(ImageFilter.GaussianBlur(3))
    vips_r, pil_r = resample.Resampler("vips"), resample.Resampler("pillow")
    vips = np.asarray(vips_r.resize(image, (133, 100), (0, 0, 400, 300)), dtype=int)
    up = vips_r.resize(image, (800, 600))
    pil = np.asarray(pil_r.resize(image, (133, 100), (0, 0, 400, 300)), dtype=int)
    up_pil = pil_r.resize(image, (800, 600))
    assert vips.shape == pil.shape == (100, 133, 3)
    assert np.abs(vips - pil).mean() < 1.0
    assert up.tobytes() == up_pil.tobytes()  # enlargements are Pillow's LANCZOS either way
