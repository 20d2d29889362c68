"""localize.raster-text: a source with no type layers whose pixels hold text (rows of
glyph-sized, high-contrast components); photos with no text give nothing."""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from assetkit.commands.localize import LocalizeOptions, localize
from assetkit.document.writer import PixelLayer, write_layered_psd
from assetkit.fonts.index import bundled_font_path
from assetkit.localize.translators import OfflineTranslator
from assetkit.measure.glyphs import holds_text
from tests.conftest import REPO

SLOT = ["naver-smartstore/detail"]


def _photo(seed: int, size: tuple[int, int]) -> Image.Image:
    """A smooth gradient with camera-like noise and a soft blob: a photo with no text."""
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, size[1])[:, None, None]
    x = np.linspace(0, 1, size[0])[None, :, None]
    base = np.array([60 + 40 * seed, 120, 190 - 30 * seed]) * (0.5 + 0.3 * y + 0.2 * x)
    blob = 80 * np.exp(-(((x - 0.5) ** 2 + (y - 0.4) ** 2) / 0.02))
    noise = rng.normal(0, 18, (size[1], size[0], 3))
    return Image.fromarray(np.clip(base + blob + noise, 0, 255).astype(np.uint8), "RGB")


def _words(size: tuple[int, int], text: str) -> Image.Image:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    font = ImageFont.truetype(str(bundled_font_path()), 32)
    ImageDraw.Draw(image).text((10, 10), text, font=font, fill=(30, 30, 30, 255))
    return image


def test_the_sample_detail_page_is_all_pixels_and_gets_raster_text(tmp_path):
    result = localize([REPO / "input" / "haneul-detail-page.psd"], to="ko",
                      translator=OfflineTranslator(), only=SLOT, out=tmp_path,
                      options=LocalizeOptions(source_root=REPO / "input"))
    found = [f for f in result.findings if f.code == "localize.raster-text"]
    layers = {f.layer for f in found}
    assert {"@headline", "@sub", "intro-body", "footer-text @legal"} <= layers
    assert "@bg" not in layers and "feature-1-image" not in layers
    assert all(f.severity == "warning" and f.source == "haneul-detail-page" for f in found)
    assert int(result.exit_code()) == 0 and int(result.exit_code("warning")) == 1


def test_a_photo_only_source_gets_no_raster_text(tmp_path):
    layers = [PixelLayer(f"photo {i}", _photo(i, (780, 900)), 40, 100 + 1000 * i)
              for i in range(3)]
    psd = write_layered_psd(tmp_path / "photos.psd", (860, 3100), layers)
    result = localize([psd], to="ko", translator=OfflineTranslator(), only=SLOT,
                      out=tmp_path / "out", options=LocalizeOptions(source_root=tmp_path))
    assert [f for f in result.findings if f.code == "localize.raster-text"] == []


def test_the_heuristic_sees_a_line_of_words_and_not_a_photo():
    assert holds_text(_words((600, 60), "Free shipping on every order"))
    assert holds_text(_words((600, 60), "모든 주문 무료 배송 이벤트"))
    assert not holds_text(_photo(0, (600, 400)))
    assert not holds_text(Image.new("RGBA", (300, 50), (0, 0, 0, 0)))
