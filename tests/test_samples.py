"""Tests for assetkit.samples: the PSDs open with psd-tools, carry the roles and repeat exactly."""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from psd_tools import PSDImage
from psd_tools.api.layers import Layer

from assetkit import samples
from assetkit.document.writer import PixelLayer, write_layered_psd

ROLES = ["@bg", "@product", "@logo", "@headline", "@sub", "@cta"]
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def banner(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return samples.make_master_banner(tmp_path_factory.mktemp("campaign") / "banner.psd")


def _layer(psd: PSDImage, name: str) -> Layer:
    return next(layer for layer in psd if layer.name == name)


def _alpha(layer: Layer) -> np.ndarray:
    return np.asarray(layer.topil().getchannel("A"))


def test_banner_has_the_six_role_layers_bottom_to_top(banner: Path) -> None:
    psd = PSDImage.open(banner)
    assert psd.size == (2000, 2000)
    assert (psd.depth, psd.channels) == (8, 3)
    assert [layer.name for layer in psd] == ROLES
    assert {layer.kind for layer in psd} == {"pixel"}
    assert _layer(psd, "@bg").bbox == (0, 0, 2000, 2000)


def test_banner_composite_is_the_canvas_size(banner: Path) -> None:
    image = PSDImage.open(banner).composite()
    assert (image.mode, image.size) == ("RGB", (2000, 2000))


def test_product_is_a_cut_out_with_soft_edges(banner: Path) -> None:
    product = _layer(PSDImage.open(banner), "@product")
    alpha = _alpha(product)
    assert not product.has_mask()  # alpha lives in the transparency channel, as in Photoshop
    assert (alpha == 0).any() and (alpha == 255).any()
    assert ((alpha > 0) & (alpha < 255)).any()
    left, top, right, bottom = product.bbox
    assert (left + right) / 2 > 1200  # centre-right
    assert 0.15 < (right - left) * (bottom - top) / 2000**2 < 0.4  # roughly 30 % of the canvas


def test_text_layers_are_drawn_in_palette_colours(banner: Path) -> None:
    psd = PSDImage.open(banner)
    for name, colour in (("@headline", samples.NAVY), ("@sub", samples.NAVY)):
        pixels = np.asarray(_layer(psd, name).topil())
        inked = pixels[pixels[..., 3] > 0][:, :3]
        assert inked.size and (inked == colour).all()


def test_logo_layer_is_the_brand_master(banner: Path, tmp_path: Path) -> None:
    master = samples.make_logo_master(tmp_path / "logo.png")
    logo = np.asarray(_layer(PSDImage.open(banner), "@logo").topil())
    assert np.array_equal(logo, np.asarray(Image.open(master).convert("RGBA")))


def test_generating_twice_gives_identical_pixels(banner: Path) -> None:
    again = samples.banner_layers((2000, 2000))
    for layer, expected in zip(PSDImage.open(banner), again, strict=True):
        image = expected.image
        assert layer.name == expected.name
        assert layer.bbox == (expected.left, expected.top,
                              expected.left + image.width, expected.top + image.height)
        assert np.array_equal(np.asarray(layer.topil().convert(image.mode)), np.asarray(image))


def test_small_psd_is_byte_identical_across_runs(tmp_path: Path) -> None:
    first = samples.make_test_psd(tmp_path / "a.psd")
    second = samples.make_test_psd(tmp_path / "b.psd")
    assert _sha(first) == _sha(second)


@pytest.mark.parametrize(
    ("options", "names"),
    [
        ({}, ROLES),
        ({"product": False}, ["@bg", "@logo", "@headline", "@sub", "@cta"]),
        ({"product": False, "logo": False, "text": False}, ["@bg"]),
    ],
)
def test_make_test_psd(tmp_path: Path, options: dict[str, bool], names: list[str]) -> None:
    psd = PSDImage.open(samples.make_test_psd(tmp_path / "sub" / "t.psd", **options))
    assert psd.size == (600, 400)
    assert [layer.name for layer in psd] == names
    assert psd.composite().size == (600, 400)


def test_make_test_psd_scales_to_tiny_sizes(tmp_path: Path) -> None:
    psd = PSDImage.open(samples.make_test_psd(tmp_path / "tiny.psd", size=(24, 16)))
    assert psd.size == (24, 16) and [layer.name for layer in psd] == ROLES


def test_corrupt_psd_is_a_truncated_copy_that_renders_wrong(tmp_path: Path) -> None:
    good = samples.make_test_psd(tmp_path / "good.psd").read_bytes()
    bad = samples.make_corrupt_psd(tmp_path / "bad.psd").read_bytes()
    assert len(bad) < len(good) and good.startswith(bad)
    try:
        image = PSDImage.open(tmp_path / "bad.psd").composite()
    except (OSError, ValueError):
        return
    reference = PSDImage.open(tmp_path / "good.psd").composite()
    assert not np.array_equal(np.asarray(image), np.asarray(reference))


def test_garbage_psd_is_rejected(tmp_path: Path) -> None:
    path = samples.make_garbage_psd(tmp_path / "garbage.psd")
    assert path.suffix == ".psd" and path.stat().st_size > 0
    with pytest.raises((ValueError, OSError)):
        PSDImage.open(path)


def test_writer_groups_by_first_appearance_and_leaves_no_temp_files(tmp_path: Path) -> None:
    # Belongs with the writer (tests/document/test_writer.py); kept here with its only caller.
    dot = Image.new("RGBA", (10, 10), (255, 0, 0, 128))
    layers = [
        PixelLayer("base", Image.new("RGB", (40, 30), (0, 0, 255))),
        PixelLayer("a1", dot, 1, 2, group="A"),
        PixelLayer("b1", dot, 3, 4, opacity=128, group="B"),
        PixelLayer("a2", dot, 5, 6, group="A"),
        PixelLayer("top", dot),
    ]
    path = write_layered_psd(tmp_path / "deep" / "g.psd", (40, 30), layers)
    psd = PSDImage.open(path)
    assert [layer.name for layer in psd] == ["base", "A", "B", "top"]
    assert [layer.name for layer in psd[1]] == ["a1", "a2"]
    assert psd[2][0].opacity == 128 and psd[1][1].bbox == (5, 6, 15, 16)
    assert _alpha(psd[3]).max() == 128
    assert [p.name for p in path.parent.iterdir()] == ["g.psd"]


def test_committed_samples_have_the_roles() -> None:
    banner = REPO / "input" / "haneul-serum-launch.psd"
    detail = REPO / "input" / "haneul-detail-page.psd"
    if not (banner.exists() and detail.exists()):
        pytest.skip("the committed samples are missing: `assetkit init --sample DIR` writes them")
    assert [layer.name for layer in PSDImage.open(banner)] == ROLES
    page = PSDImage.open(detail)
    assert page.size == (860, 6000)
    assert {"@bg", "@product", "@logo", "@headline"} <= {layer.name for layer in page}
    assert banner.stat().st_size < 3_000_000 and detail.stat().st_size < 3_000_000


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
