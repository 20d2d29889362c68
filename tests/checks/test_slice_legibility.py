"""Legibility of localized detail slices at their real pixel size and on a phone."""
from __future__ import annotations

from pathlib import Path

import pytest

from assetkit.checks.slice_legibility import PageText, slice_findings
from assetkit.commands.localize import LocalizeOptions, localize
from assetkit.config import load_catalog
from assetkit.config.brand import load_brand
from assetkit.geometry import Box
from assetkit.model import BrandRules, SliceInfo
from tests.conftest import real_psd

PAGE_WIDTH = 1920
DETAIL = [(p.id, s) for p in load_catalog() for s in p.slots if s.detail is not None]


def _slices(height: int, count: int) -> list[SliceInfo]:
    step = height // count
    return [SliceInfo(i, count, i * step, (i + 1) * step) for i in range(count)]


@pytest.mark.parametrize(("platform", "slot"), DETAIL, ids=[f"{p}/{s.id}" for p, s in DETAIL])
def test_12_px_text_on_a_1920_px_page_is_too_small_on_every_detail_slice(platform, slot):
    scale = slot.detail.width / PAGE_WIDTH
    texts = [PageText(f"line {i}", Box(100, 400 + 1000 * i, 900, 416 + 1000 * i), 12.0)
             for i in range(3)]
    slices = _slices(round(3000 * scale), 3)
    found = slice_findings(texts, scale, slices, slot, None, {"source": "page"})
    assert 780 <= slot.detail.width <= 860
    small = [f for f in found if f.code == "legibility.text-too-small"]
    mobile = [f for f in found if f.code == "legibility.mobile"]
    assert [f.layer for f in small] == [f.layer for f in mobile] == ["line 0", "line 1", "line 2"]
    assert all(f.severity == "warning" for f in found)
    px = 12 * scale
    assert small[0].message == (f"slice 1 of 3: text of layer 'line 0' renders {px:.1f} px tall "
                                f"(12 px x {scale:.3f}), below the 9 px minimum")
    assert mobile[0].message == (
        f"slice 1 of 3: text of layer 'line 0' shows at {12 * 390 / PAGE_WIDTH:.1f} CSS px on a "
        f"390 px wide phone ({px:.1f} px on the {slot.detail.width} px slice), below 12 CSS px")


def test_text_large_enough_gives_nothing_and_the_brand_may_raise_the_mobile_floor():
    _, slot = DETAIL[0]
    scale = slot.detail.width / PAGE_WIDTH
    texts = [PageText("headline", Box(0, 100, 800, 200), 60.0)]  # 12.2 CSS px on a phone
    slices = _slices(1000, 1)
    assert slice_findings(texts, scale, slices, slot, None, {}) == []
    brand = BrandRules(mobile_min_css_px=14)
    (mobile,) = slice_findings(texts, scale, slices, slot, brand, {})
    assert mobile.code == "legibility.mobile" and mobile.message.endswith("below 14 CSS px")
    brand = BrandRules(min_text_px=40)
    assert [f.code for f in slice_findings(texts, scale, slices, slot, brand, {})] == [
        "legibility.text-too-small"]


def test_the_brand_yaml_reads_mobile_min_css_px(tmp_path: Path):
    path = tmp_path / "brand.yaml"
    path.write_text("name: x\nmobile_min_css_px: 14\n", encoding="utf-8")
    assert load_brand(path).mobile_min_css_px == 14


def test_localize_reports_each_slice_against_the_brand_floors(tmp_path):
    class Short:
        name = "short"

        def translate(self, texts, source, target):
            return ["저장" for _ in texts]

    brand = tmp_path / "brand.yaml"
    brand.write_text("name: t\nmin_text_px: 40\nmobile_min_css_px: 16\n", encoding="utf-8")
    psd = real_psd("psdjs-example.psd")
    result = localize([psd], to="ko", translator=Short(),
                      only=["naver-smartstore/detail"], out=tmp_path / "out",
                      options=LocalizeOptions(brand_path=brand, source_root=psd.parent))
    codes = sorted({(f.code, f.layer, f.slot) for f in result.findings
                    if f.code.startswith("legibility.")})
    layer = "Version A/Make a change and save."
    assert codes == [("legibility.mobile", layer, "detail"),
                     ("legibility.text-too-small", layer, "detail")]
    (out,) = [o for o in result.outputs]
    assert {f.code for f in out.findings} >= {"legibility.mobile", "legibility.text-too-small"}
