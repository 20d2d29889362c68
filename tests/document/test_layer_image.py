"""`layer_image` gives exactly psd-tools' `topil()` pixels, the document's profile applied
where it is not the standard sRGB one (as the stored composite is read): by its own faster read
for 8-bit RGB layers, by topil for everything else (CMYK, grey, 16/32-bit)."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from psd_tools import PSDImage
from psd_tools.constants import Resource

from assetkit.document.icc import is_srgb
from assetkit.document.pixels import layer_image
from assetkit.document.writer import PixelLayer, write_layered_psd
from tests.conftest import all_real_psds, real_psd
from tests.factories import block, ellipse, gradient


def _same(a: Image.Image | None, b: Image.Image | None) -> None:
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert (a.mode, a.size) == (b.mode, b.size)
        assert a.tobytes() == b.tobytes()


def _pixel_layers(psd: PSDImage):
    return [la for la in psd.descendants() if la.kind in ("pixel", "type", "smartobject")]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> PSDImage:
    stripes = block((333, 91), (40, 200, 10), stripes=True)  # transparent columns
    layers = [PixelLayer("@bg", gradient((701, 503))),  # opaque RGB
              PixelLayer("@product", ellipse((211, 317), (200, 30, 120)), 300, 100),
              PixelLayer("@cta", stripes, -20, 450),  # partly off the canvas
              PixelLayer("@sub", Image.new("RGBA", (50, 20), (9, 8, 7, 128)), 10, 10)]
    return PSDImage.open(write_layered_psd(tmp_path_factory.mktemp("psd") / "g.psd",
                                           (701, 503), layers))


def test_an_8bit_rgb_layer_is_read_without_topil_to_the_same_pixels(generated, monkeypatch):
    expected = [la.topil() for la in _pixel_layers(generated)]
    assert len(expected) == 4
    monkeypatch.setattr(type(_pixel_layers(generated)[0]), "topil",
                        lambda *a, **k: pytest.fail("the fast read fell back to topil"))
    for layer, want in zip(_pixel_layers(generated), expected, strict=True):
        got = layer_image(layer)
        assert got is not None and got.mode in ("RGB", "RGBA")
        _same(got, want)


def _srgb(psd: PSDImage) -> bool:
    profile = psd.image_resources.get_data(Resource.ICC_PROFILE)
    return bool(profile) and is_srgb(profile)


@pytest.mark.parametrize("name", all_real_psds())
def test_every_real_layer_reads_as_topil_reads_it(name):
    psd = PSDImage.open(real_psd(name))
    for layer in _pixel_layers(psd):
        _same(layer_image(layer), layer.topil(apply_icc=not _srgb(psd)))


def test_the_srgb_profile_psd_tools_would_apply_changes_no_pixel_by_more_than_a_level(
        fixtures_dir):
    """Where topil puts sRGB pixels through the standard sRGB profile, the result is theirs to
    within a level (the emoji fixture: 3 pixels of alpha 1/255, 0 -> 1)."""
    docs = [PSDImage.open(real_psd(name)) for name in all_real_psds()]
    srgb = [psd for psd in docs if _srgb(psd)]
    assert len(srgb) >= 5  # most Photoshop files embed it
    for psd in srgb:
        for layer in _pixel_layers(psd):
            ours, theirs = layer_image(layer), layer.topil()
            if ours is None or theirs is None:
                assert ours is None and theirs is None
                continue
            a, b = (np.asarray(im.convert("RGBA"), dtype=np.int16) for im in (ours, theirs))
            assert np.array_equal(a[..., 3], b[..., 3])
            assert int(np.abs(a - b).max()) <= 1


def test_a_real_layer_with_a_profile_is_read_without_topil_to_the_same_pixels(monkeypatch):
    psd = PSDImage.open(real_psd("psdjs-example.psd"))  # 8-bit RGB with an embedded profile
    layers = [la for la in _pixel_layers(psd) if la.has_pixels()]
    expected = [la.topil() for la in layers]
    assert len(expected) >= 3
    monkeypatch.setattr(type(layers[0]), "topil",
                        lambda *a, **k: pytest.fail("the fast read fell back to topil"))
    for layer, want in zip(layers, expected, strict=True):
        _same(layer_image(layer), want)
