"""The resampler choice: libvips by default when pyvips can load, Pillow when asked, and a build's
choice held for its variants whatever the process environment says."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFilter

from assetkit.render import resample
from assetkit.render.resample import lanczos_whole


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


@pytest.mark.parametrize("mode", ["RGBa", "RGB", "L"])
def test_whole_image_lanczos_keeps_pillows_bytes_with_its_reduced_copies(mode):
    """lanczos_whole is Pillow's resize with reducing_gap=2.0, byte for byte, for every size
    (enlarged, reduced by 1, 2, 3... in either direction), each reduced copy made once."""
    rng = np.random.default_rng(20)
    bands = len(mode)
    for size in [(617, 403), (97, 1010)]:
        data = rng.integers(0, 256, (size[1], size[0], bands) if bands > 1 else size[::-1],
                            dtype=np.uint8)
        image = Image.fromarray(data, "RGBA" if mode == "RGBa" else mode)
        image = image.convert("RGBa") if mode == "RGBa" else image
        reduced: dict = {}
        targets = [(size[0] // d, size[1] // e) for d in (1, 2, 3, 5, 9) for e in (1, 2, 4, 7)]
        for target in [*targets, (size[0] + 13, size[1] * 2), (31, 29), (31, 29)]:
            expected = image.resize(target, Image.Resampling.LANCZOS, reducing_gap=2.0)
            assert lanczos_whole(image, target, reduced).tobytes() == expected.tobytes()
        assert {(2, 2), (4, 1), (1, 3)} <= set(reduced)  # this size's reduced copies


def test_libvips_reads_a_known_plate_where_it_is_with_the_same_bytes(monkeypatch):
    """A plate whose packed RGB bytes sit in a buffer (the recompose parts' mmap) is handed
    to libvips from there: no copy, the same pixels out, switching images back and forth."""
    pytest.importorskip("pyvips")
    rng = np.random.default_rng(3)
    plate = Image.fromarray(rng.integers(0, 256, (300, 400, 3), dtype=np.uint8), "RGB")
    other = Image.fromarray(rng.integers(0, 256, (300, 400, 3), dtype=np.uint8), "RGB")
    packed = memoryview(bytearray(plate.tobytes()))
    expected = resample.Resampler("vips").resize(plate, (133, 100), (10, 0, 390, 290))
    resampler = resample.Resampler("vips")
    resampler.knows(plate, packed)
    copied = []
    tobytes = Image.Image.tobytes
    monkeypatch.setattr(Image.Image, "tobytes",
                        lambda self, *a: copied.append(self) or tobytes(self, *a))
    for _ in range(2):
        made = resampler.resize(plate, (133, 100), (10, 0, 390, 290))
        assert made.tobytes() == expected.tobytes()
        resampler.resize(other, (50, 40))
    assert not any(c is plate for c in copied) and sum(c is other for c in copied) == 2


PRELOAD_PROBE = """
import os, sys
from PIL import Image
from assetkit.pipeline.pool import VariantPool
from assetkit.render.resample import Resampler, libvips_running, preload



def shrink(image):
    return Resampler("vips").resize(image, (30, 20))


threads = len(os.listdir("/proc/self/task"))
preload("vips")
assert "pyvips" in sys.modules, "preload loads libvips"
assert not libvips_running() and len(os.listdir("/proc/self/task")) == threads
with VariantPool(2, "fork") as pool:  # workers forked now inherit libvips and use it
    assert pool.method == "fork"
    image = Image.new("RGB", (300, 200), (200, 30, 40))
    small = pool.submit(shrink, image)
    assert small.result(timeout=60).getpixel((5, 5)) == (200, 30, 40)
Resampler("vips").resize(Image.new("RGB", (300, 200)), (30, 20))  # libvips runs here now
assert libvips_running()
with VariantPool(2, "fork") as pool:
    assert pool.method == "forkserver", pool.method
print("ok")
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_preloaded_libvips_is_inherited_by_forked_workers_until_it_runs_here():
    """A parent loads libvips before forking (each worker would load it again, ~30 ms of
    CPU), which starts no thread; once libvips has run in the parent, pools fork no more."""
    pytest.importorskip("pyvips")
    done = subprocess.run([sys.executable, "-c", PRELOAD_PROBE], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "ASSETKIT_RESAMPLER": ""})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
