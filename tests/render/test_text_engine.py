"""Re-set text: wrapping in a box, fitting by shrinking, findings, and Photoshop's own raster."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from assetkit.document import open_document
from assetkit.fonts.index import FontIndex
from assetkit.fonts.resolve import FontResolver
from assetkit.geometry import Box
from assetkit.render.text import fit_text, set_text
from assetkit.scene import TextInfo, TextRun
from tests.conftest import real_psd
from tests.imaging import ssim

NOTO = "NotoSansKR-Regular"
NAVY = (0x1B, 0x2A, 0x4A, 255)


@pytest.fixture(scope="module")
def index() -> FontResolver:
    """Bundled faces only (and the table's substitutes among them)."""
    return FontResolver(FontIndex.build(system=False))


def _info(text: str, box: Box | None, size: float = 24.0, font: str = NOTO,
          kind: str = "paragraph", justification: str = "left") -> TextInfo:
    run = TextRun(text, font, size, NAVY)
    origin = (box.x0, box.y0) if box else (10.0, 40.0)
    return TextInfo(text, (run,), justification, kind, box, (1, 0, 0, 1, *origin))


def _ink(image: Image.Image, offset: tuple[int, int]) -> tuple[int, int, int, int]:
    alpha = np.asarray(image.getchannel("A"))
    ys, xs = np.nonzero(alpha > 64)
    return (int(xs.min()) + offset[0], int(ys.min()) + offset[1],
            int(xs.max()) + 1 + offset[0], int(ys.max()) + 1 + offset[1])


def test_paragraph_wraps_at_spaces_inside_its_box(index):
    face = index.resolve(NOTO).face
    box = Box(20, 10, 200, 400)
    render = set_text(_info("촉촉한 하늘빛 세럼을 지금 만나보세요", box), face)
    words = {"촉촉한", "하늘빛", "세럼을", "지금", "만나보세요"}
    assert len(render.lines) > 1
    assert all(w in words for line in render.lines for w in line.text.split())
    assert all(line.width <= box.width for line in render.lines)
    x0, y0, x1, _ = _ink(render.image, render.offset)
    # the first baseline hangs 'd'-height below the top; Hangul is a little taller than 'd'
    assert x0 >= box.x0 - 2 and x1 <= box.x1 + 2 and y0 >= box.y0 - 2
    assert render.fits and render.engine in ("raqm", "basic")


def test_each_piece_of_text_is_laid_out_once_to_be_measured(index, monkeypatch):
    """A piece's glyph box takes Pillow a text layout (about 1 ms a line): the box that sizes
    the canvas is the one that places the piece on it, not measured again."""
    from PIL import ImageFont

    measured: list[tuple[int, str]] = []
    getbbox = ImageFont.FreeTypeFont.getbbox

    def counted(font, text, *args, **kwargs):
        measured.append((id(font), text))
        return getbbox(font, text, *args, **kwargs)

    monkeypatch.setattr(ImageFont.FreeTypeFont, "getbbox", counted)
    render = set_text(_info("촉촉한 하늘빛 세럼을\r지금 만나보세요", Box(20, 10, 400, 400)),
                      index.resolve(NOTO).face)
    assert len(render.lines) == 2 and render.image.getextrema()[3][1] == 255
    assert len(measured) >= 2 and len(measured) == len(set(measured))


def test_colour_leading_and_justification(index):
    face = index.resolve(NOTO).face
    box = Box(0, 0, 300, 300)
    render = set_text(_info("첫째 줄\r둘째 줄", box, justification="center"), face)
    first, second = render.lines
    assert second.baseline - first.baseline == pytest.approx(24 * 1.2)  # auto leading
    assert first.x + first.width / 2 == pytest.approx(150, abs=0.01)
    r, g, b, a = render.image.getpixel(
        next((x, y) for y in range(render.image.height) for x in range(render.image.width)
             if render.image.getpixel((x, y))[3] == 255))
    assert (r, g, b) == NAVY[:3]


def test_point_text_does_not_wrap_and_scales(index):
    face = index.resolve(NOTO).face
    info = _info("아주 긴 한 줄의 포인트 텍스트", None, kind="point")
    one, two = set_text(info, face), set_text(info, face, scale=2.0)
    assert len(one.lines) == 1
    assert one.lines[0].baseline == 40 and two.lines[0].baseline == 80
    assert two.image.width == pytest.approx(2 * one.image.width, abs=6)


def test_fit_shrinks_until_the_text_fits(index):
    box = Box(0, 0, 150, 70)
    result = fit_text(_info("촉촉한 하늘빛 세럼을 지금 만나보세요", box, size=24), index, layer="sub")
    assert result.fits and not result.findings
    assert 9 <= result.size_px < 24 and (result.size_px * 2) % 1 == 0  # 0.5 px steps
    bigger = set_text(_info("촉촉한 하늘빛 세럼을 지금 만나보세요", box, size=result.size_px + 0.5),
                      index.resolve(NOTO).face)
    assert not bigger.fits  # the largest size that fits


def test_overflow_at_minimum_size_says_how_much_is_missing(index):
    text = "촉촉한 하늘빛 세럼을 지금 만나보세요 " * 6
    result = fit_text(_info(text, Box(0, 0, 120, 30), size=20), index, min_px=12,
                      source="page", layer="Copy/body")
    (finding,) = result.findings
    assert finding.code == "localize.overflow" and finding.severity == "error"
    assert finding.layer == "Copy/body" and finding.source == "page"
    assert result.size_px == 12 and not result.fits
    assert result.render.overflow_px > 0 and result.render.overflow_chars > 0
    assert f"{result.render.overflow_px:g} px of height" in finding.message
    assert "촉촉한 하늘빛" in finding.message and "12 px" in finding.message


def test_missing_glyph_is_a_finding_not_tofu(index):
    result = fit_text(_info("웃음 🤣", Box(0, 0, 300, 100)), index, layer="emoji")
    (finding,) = result.findings
    assert finding.code == "fonts.missing-glyph" and "U+1F923" in finding.message
    assert result.render is None


def test_unresolved_font_is_never_substituted(index):
    result = fit_text(_info("replaced", Box(0, 0, 300, 100), font="ProximaNova-Regular"),
                      index, layer="title")
    assert [f.code for f in result.findings] == ["fonts.missing"]
    assert result.render is None


def _on_white(image: Image.Image, offset, box) -> Image.Image:
    canvas = Image.new("RGBA", (box[2] - box[0], box[3] - box[1]), (255, 255, 255, 255))
    canvas.alpha_composite(image, (offset[0] - box[0], offset[1] - box[1]))
    return canvas


def test_reset_text_matches_photoshops_raster(index, tmp_path):
    doc = open_document(real_psd("agpsd-text-alias-notosanskr.psd"))
    layers = [la for la in doc.scene.layers if la.text is not None]
    assert [la.name for la in layers] == ["Windows", "Windows LCD"]
    for layer in layers:
        ours = set_text(layer.text, index.resolve(layer.text.runs[0].font).face)
        stored = doc.layer_pixels(layer.id)
        a, b = _ink(ours.image, ours.offset), _ink(stored.image, stored.offset)
        crop = (min(a[0], b[0]) - 4, min(a[1], b[1]) - 4, max(a[2], b[2]) + 4,
                max(a[3], b[3]) + 4)
        mine, theirs = _on_white(ours.image, ours.offset, crop), _on_white(
            stored.image, stored.offset, crop)
        score = ssim(mine, theirs)
        if max(abs(p - q) for p, q in zip(a, b, strict=True)) > 3 or score < 0.85:
            mine.save(tmp_path / f"{layer.id}-ours.png")
            theirs.save(tmp_path / f"{layer.id}-photoshop.png")
            pytest.fail(f"{layer.name}: ink {a} vs Photoshop {b}, SSIM {score:.3f}; see {tmp_path}")


def test_app_ui_text_size_and_position_with_a_missing_font(index):
    doc = open_document(real_psd("psdtools-masks-app-ui.psd"))
    layer = next(la for la in doc.scene.layers if la.name == "text replaced")
    info = layer.text
    assert info.transform[:4] == (2.0, 0.0, 0.0, 2.0) and info.runs[0].size_px == 44.0
    result = fit_text(info, index, layer=layer.path_str)
    assert [f.code for f in result.findings] == ["fonts.missing"]
    assert "ProximaNova-Regular" in result.findings[0].message and result.render is None
    # Set with a face the test picks on purpose, the layout lands where Photoshop's ink is:
    # centred in the box, baseline within a few px (another font, so not the same glyphs).
    ours = set_text(info, index.resolve(NOTO).face)
    a, b = _ink(ours.image, ours.offset), _ink(*(lambda p: (p.image, p.offset))(
        doc.layer_pixels(layer.id)))
    assert (a[0] + a[2]) / 2 == pytest.approx((b[0] + b[2]) / 2, abs=2)
    assert (a[1] + a[3]) / 2 == pytest.approx((b[1] + b[3]) / 2, abs=4)
    assert ours.font_size_px == 44.0


def test_basic_layout_without_raqm_sets_the_same_lines(index, monkeypatch):
    from assetkit.render.text import metrics

    info = _info("첫 줄\r둘째 줄은 조금 더 깁니다", Box(0, 0, 120, 200))
    face = index.resolve(NOTO).face
    with_raqm = set_text(info, face)
    monkeypatch.setattr(metrics.features, "check", lambda name: False)
    metrics.load_font.cache_clear()
    basic = set_text(info, face)
    metrics.load_font.cache_clear()
    assert basic.engine == "basic"
    assert [line.text for line in basic.lines] == [line.text for line in with_raqm.lines]


def test_korean_in_arial_sets_hangul_from_the_korean_face_and_latin_from_the_substitute(
        ci_fonts, tmp_path):
    """One point-text line in ArialMT holding Korean: Latin from Liberation Sans (Arial's
    metric-compatible substitute), Hangul from Noto Sans KR at the same size and baseline."""
    from assetkit.render.text.metrics import load_font

    info = _info("SALE 세일 50%", None, size=40, font="ArialMT", kind="point")
    render = set_text(info, ci_fonts)
    (line,) = render.lines
    latin, korean = ci_fonts.resolve("ArialMT").face, ci_fonts.resolve(NOTO).face
    assert render.faces == (latin, korean) and latin.family == "Liberation Sans"
    lat, kr = load_font(latin.path, 0, 40.0), load_font(korean.path, 0, 40.0)
    before = lat.getlength("SALE ")
    assert line.width == pytest.approx(before + kr.getlength("세일") + lat.getlength(" 50%"),
                                       abs=0.5)
    # the Hangul drawn in the line is Noto Sans KR's, not a tofu box: the same ink as "세일" set
    # alone in Noto Sans KR at the same place
    alone = set_text(TextInfo("세일", (TextRun("세일", NOTO, 40.0, NAVY),), "left", "point", None,
                              (1, 0, 0, 1, 10.0 + before, 40.0)), korean)
    x0 = round(10.0 + before) - render.offset[0]
    x1 = round(10.0 + before + kr.getlength("세일")) - render.offset[0]
    piece = render.image.crop((x0, 0, x1, render.image.height))
    ours = _ink(piece, (x0 + render.offset[0], render.offset[1]))
    theirs = _ink(alone.image, alone.offset)
    if ours != pytest.approx(theirs, abs=1):
        render.image.save(tmp_path / "line.png")
        alone.image.save(tmp_path / "alone.png")
        pytest.fail(f"Hangul ink {ours} vs Noto Sans KR alone {theirs}; see {tmp_path}")
