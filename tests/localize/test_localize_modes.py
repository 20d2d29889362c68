"""The localized PSD in every colour mode and depth: RGB, grayscale and CMYK at 8 and 16 bit keep
the source's mode and depth (a PSB stays a PSB); other modes and depths get the slices and a
`localize.psd-unsupported` warning naming the mode instead of the PSD."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from psd_tools import PSDImage

from assetkit.commands.localize import LocalizeOptions, localize
from assetkit.document import open_document
from tests.conftest import real_psd
from tests.typefactory import make_text_psd

DETAIL = "naver-smartstore/detail"


class Hangul:
    """Translates every text to the same Korean phrase (no network, no memory)."""

    name = "hangul-stub"

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        return ["오늘 무료 배송" for _ in texts]


def _localize(psd, out):
    return localize([psd], to="ko", translator=Hangul(), only=[DETAIL], out=out,
                    options=LocalizeOptions(source_root=psd.parent))


def _composite_gap(written: Path, page) -> float:
    """Mean absolute difference (0..255) between the written preview, as assetkit reads it
    (CMYK through the same profile), and the localized page."""
    stored = np.asarray(open_document(written).flatten().convert("RGB"), dtype=np.float32)
    return float(np.abs(stored - np.asarray(page.convert("RGB"), dtype=np.float32)).mean())


@pytest.mark.parametrize("depth", [8, 16])
@pytest.mark.parametrize("mode", ["rgb", "gray", "cmyk"])
def test_localized_psd_keeps_the_sources_mode_and_depth(mode, depth, tmp_path):
    source = make_text_psd(tmp_path / f"page-{mode}-{depth}.psd", mode, depth)
    result = _localize(source, tmp_path / "out")
    (done,) = result.sources
    assert not result.failures and int(result.exit_code()) == 0, result.findings
    assert done.psd == tmp_path / "out" / source.stem / f"{source.stem}.ko.psd"
    written = PSDImage.open(done.psd)
    original = PSDImage.open(source)
    assert (written.color_mode, written.depth, written.version) == (
        original.color_mode, depth, 1)
    (text,) = [layer for layer in written.descendants() if layer.kind == "type"]
    assert not text.visible
    (group,) = [layer for layer in written if layer.name == "@i18n/ko"]
    (pixels,) = list(group)
    assert pixels.name == text.name and pixels.numpy().shape[2] >= 1
    assert _composite_gap(done.psd, done.page) < 2.0
    assert done.outputs and all(o.path.endswith(".jpg") for o in done.outputs)


def test_a_grayscale_psb_with_a_type_layer_gives_a_psb(tmp_path):
    source = make_text_psd(tmp_path / "page-gray.psb", "gray", 8, psb=True)
    result = _localize(source, tmp_path / "out")
    (done,) = result.sources
    assert not result.failures and int(result.exit_code()) == 0, result.findings
    assert done.psd == tmp_path / "out" / "page-gray" / "page-gray.ko.psb"
    assert not done.psd.with_suffix(".psd").exists()
    written = PSDImage.open(done.psd)
    assert (written.version, written.color_mode.name, written.depth) == (2, "GRAYSCALE", 8)
    assert [layer.name for layer in written][-1] == "@i18n/ko"
    assert _composite_gap(done.psd, done.page) < 2.0


@pytest.mark.parametrize(("mode", "depth", "named"), [
    ("lab", 8, "LAB"), ("indexed", 8, "INDEXED"), ("bitmap", None, "BITMAP"),
    ("duotone", 8, "DUOTONE"), ("multichannel", 8, "MULTICHANNEL"), ("rgb", 32, "RGB 32-bit"),
    ("gray", 32, "GRAYSCALE 32-bit")])
def test_other_modes_and_depths_get_slices_and_a_warning(mode, depth, named, tmp_path):
    source = make_text_psd(tmp_path / f"page-{mode}.psd", mode, depth)
    result = _localize(source, tmp_path / "out")
    (done,) = result.sources
    assert not result.failures and done.psd is None
    assert not list((tmp_path / "out" / source.stem).glob("*.ko.ps[db]"))
    assert done.outputs and all((tmp_path / "out" / o.path).is_file() for o in done.outputs)
    (finding,) = [f for f in result.findings if f.code == "localize.psd-unsupported"]
    assert finding.severity == "warning" and finding.source == source.stem
    assert finding.message == (
        f"{named} documents get no localized PSD (RGB, grayscale and CMYK at 8 or 16 bit "
        f"only); the slices are written")


def test_the_grayscale_psb_fixture_localizes_without_a_crash(tmp_path):
    source = real_psd("agpsd-psb-gray-smartobject-text.psb")
    brand = tmp_path / "brand.yaml"  # a face for its font, so its text is re-set
    brand.write_text("name: Test\nfonts:\n  aliases: {GargleRg-Italic: NotoSansKR-Regular}\n",
                     encoding="utf-8")
    result = localize([source], to="ko", translator=Hangul(), only=[DETAIL],
                      out=tmp_path / "out",
                      options=LocalizeOptions(brand_path=brand, source_root=source.parent))
    (done,) = result.sources
    assert not result.failures and len(done.texts) == 1, result.findings
    assert done.psd is not None and done.psd.suffix == ".psb"
    written = PSDImage.open(done.psd)
    assert (written.version, written.color_mode.name) == (2, "GRAYSCALE")
    (group,) = [layer for layer in written if layer.name == "@i18n/ko"]
    assert len(list(group)) == 1
