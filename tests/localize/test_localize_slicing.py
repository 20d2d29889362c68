"""Detail-page slicing in localize (the cutter itself: tests/layout/test_slices.py): cuts in
blank bands, never through text, under the slice cap (cut smaller
when needed), and tall pages composited in bands without psd-tools' whole-document composite."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from assetkit import BuildOptions, build
from assetkit.commands.localize import LocalizeOptions, localize
from assetkit.document.reader import SourceDocument
from assetkit.document.writer import PixelLayer, write_layered_psd
from assetkit.fonts.index import bundled_font_path
from assetkit.layout.slices import blank_rows
from assetkit.localize.translators import OfflineTranslator
from tests.conftest import REPO
from tests.imaging import ssim

PAGE = (860, 12000)
BLOCK, GAP = 1700, 260  # content blocks and the white bands between them


def _block(seed: int, size: tuple[int, int]) -> Image.Image:
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, size[1])[:, None, None]
    base = np.array([40 + 30 * seed % 200, 120, 200 - 20 * seed % 150]) * (0.6 + 0.4 * y)
    noise = rng.normal(0, 18, (size[1], size[0], 3))
    image = Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(bundled_font_path()), 48)
    for i in range(3):
        draw.text((60, 120 + 90 * i), f"상세 설명 {seed}-{i} 무료 배송", font=font,
                  fill=(255, 255, 255))
    return image


@pytest.fixture(scope="module")
def long_page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("page") / "long-page.psd"
    layers, y, seed = [], 200, 0
    while y + BLOCK <= PAGE[1] - 200:
        layers.append(PixelLayer(f"block {seed}", _block(seed, (PAGE[0] - 80, BLOCK)), 40, y))
        y += BLOCK + GAP
        seed += 1
    return write_layered_psd(path, PAGE, layers)


def test_generated_page_slices_in_blank_bands(long_page, tmp_path):
    result = localize([long_page], to="ko", translator=OfflineTranslator(), out=tmp_path,
                      only=["naver-smartstore/detail", "coupang/detail"],
                      options=LocalizeOptions(source_root=long_page.parent))
    (source,) = result.sources
    assert int(result.exit_code()) == 0, result.findings
    for platform, width, limit in (("naver-smartstore", 860, 4000), ("coupang", 780, 3000)):
        slices = sorted((o for o in source.outputs if o.platform == platform),
                        key=lambda o: o.slice.index)
        scaled = source.page.resize((width, round(PAGE[1] * width / PAGE[0])))
        blank = blank_rows(scaled)
        assert len(slices) == slices[0].slice.count >= PAGE[1] * width / PAGE[0] / limit
        assert slices[0].slice.y0 == 0 and slices[-1].slice.y1 == scaled.height
        for a, b in zip(slices, slices[1:], strict=False):
            assert a.slice.y1 == b.slice.y0 and blank[a.slice.y1], (platform, a.slice)
        assert all(o.height <= limit and o.bytes <= o.max_bytes for o in slices)


def _tight_cap_specs(tmp_path: Path) -> Path:
    specs = tmp_path / "specs"
    specs.mkdir()
    bundled = REPO / "assetkit" / "specs" / "naver-smartstore.yaml"
    head, detail = bundled.read_text(encoding="utf-8").split("  - id: detail", 1)
    # a tight slice cap, JPEG only (a failing PNG palette search on noise is slow)
    detail = detail.replace("slice_max_kb: 10240", "slice_max_kb: 150").replace(
        "formats: [jpeg, png]", "formats: [jpeg]", 1)
    text = f"{head}  - id: detail{detail}"
    (specs / "naver-smartstore.yaml").write_text(text, encoding="utf-8")
    return specs


def test_a_slice_over_the_cap_is_cut_smaller(long_page, tmp_path):
    specs = _tight_cap_specs(tmp_path)
    result = localize([long_page], to="ko", translator=OfflineTranslator(), out=tmp_path / "o", only=["naver-smartstore/detail"], options=LocalizeOptions(specs_dir=specs, source_root=long_page.parent))
    (source,) = result.sources
    assert not [f for f in result.findings if f.code == "encode.cap-unreachable"]
    assert all(o.bytes <= 150 * 1024 for o in source.outputs)
    assert len(source.outputs) > 3  # 12000 px at 4000 px would be 3 slices


def test_tall_page_is_composited_in_bands_never_whole(long_page, tmp_path, monkeypatch):
    from assetkit.document import open_document

    expected = open_document(long_page).flatten().convert("RGB")

    def refuse(self):
        raise AssertionError("psd-tools' whole-document composite must not be used")

    monkeypatch.setattr(SourceDocument, "flatten", refuse)
    result = localize([long_page], to="ko", translator=OfflineTranslator(), out=tmp_path, only=["coupang/detail"], options=LocalizeOptions(composite_limit=5000, source_root=long_page.parent))
    (source,) = result.sources
    assert source.page.size == PAGE
    assert ssim(source.page, expected) >= 0.99


def test_build_cuts_a_slice_over_the_cap_smaller_with_the_same_stage(long_page, tmp_path):
    result = build([long_page], out=tmp_path / "o", only=["naver-smartstore/detail"], jobs=1, options=BuildOptions(specs_dir=_tight_cap_specs(tmp_path), source_root=long_page.parent))
    assert not [f for f in result.findings if f.code == "encode.cap-unreachable"]
    assert all(o.bytes <= 150 * 1024 for o in result.outputs)
    assert len(result.outputs) > 3  # 12000 px at 4000 px would be 3 slices
    rows = [(o.slice.y0, o.slice.y1) for o in sorted(result.outputs, key=lambda o: o.slice.index)]
    assert rows[0][0] == 0 and all(a[1] == b[0] for a, b in zip(rows, rows[1:], strict=False))
