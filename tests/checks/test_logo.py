"""The logo check: the five cases of issue 5, generated from brand_rules/haneul-logo.png and
placed as the @logo layer of a small PSD, read back through the real document code."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from assetkit.commands.check import check
from assetkit.document.writer import PixelLayer, write_layered_psd
from assetkit.measure.logo import compare_logo
from assetkit.measure.similarity import on_white

REPO = Path(__file__).resolve().parents[2]
MASTER = REPO / "brand_rules" / "haneul-logo.png"
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
NAVY = (27, 42, 74)


def master() -> Image.Image:
    with Image.open(MASTER) as im:
        return im.convert("RGBA")


def scaled_jpeg(logo: Image.Image, factor: float, quality: int) -> Image.Image:
    """`logo` scaled by exactly `factor` (no rounding of its proportions), saved as JPEG."""
    pad = Image.new("RGBA", (logo.width + 8, logo.height + 8), (0, 0, 0, 0))
    pad.paste(logo, (4, 4))
    size = (int(pad.width * factor), int(pad.height * factor))
    small = pad.resize(size, Image.Resampling.LANCZOS, box=(0, 0, size[0] / factor,
                                                            size[1] / factor))
    data = io.BytesIO()
    on_white(small).save(data, "JPEG", quality=quality)
    return Image.open(io.BytesIO(data.getvalue())).convert("RGB")


def hue_shifted(logo: Image.Image, degrees: float) -> Image.Image:
    hsv = np.asarray(logo.convert("RGB").convert("HSV")).copy()
    hsv[..., 0] = (hsv[..., 0].astype(int) + round(degrees / 360 * 256)) % 256
    out = Image.fromarray(hsv, "HSV").convert("RGBA")
    out.putalpha(logo.getchannel("A"))
    return out


def reset_wordmark(logo: Image.Image, font: Path) -> Image.Image:
    """The same symbol, with 'HANEUL' set in `font` and fitted to the master wordmark's box (so
    the aspect ratio is unchanged and only the letter shapes differ)."""
    symbol_w = logo.height  # the symbol is a disc as wide as the logo is tall
    word = logo.crop((symbol_w + 2, 0, logo.width, logo.height))
    x0, y0, x1, y1 = word.getbbox()
    face = ImageFont.truetype(str(font), 200)
    text = Image.new("L", (1600, 320), 0)
    draw, x = ImageDraw.Draw(text), 40.0
    for ch in "HANEUL":
        draw.text((x, 40), ch, font=face, fill=255)
        x += face.getlength(ch) + 26
    text = text.crop(text.getbbox()).resize((x1 - x0, y1 - y0), Image.Resampling.LANCZOS)
    ink = Image.new("RGBA", text.size, (*NAVY, 0))
    ink.putalpha(text)
    out = logo.copy()
    ImageDraw.Draw(out).rectangle((symbol_w + 2, 0, logo.width, logo.height), fill=(0, 0, 0, 0))
    out.alpha_composite(ink, (symbol_w + 2 + x0, y0))
    return out


CASES = {
    "scaled-0.37x-jpeg-q70": lambda m: scaled_jpeg(m, 0.37, 70),
    "hue-shift-30": lambda m: hue_shifted(m, 30),
    "crop-10pct": lambda m: m.crop((0, 0, round(m.width * 0.9), m.height)),
    "squash-5pct": lambda m: m.resize((m.width, round(m.height * 0.95)),
                                      Image.Resampling.LANCZOS),
    "wordmark-in-dejavu-bold": lambda m: reset_wordmark(m, DEJAVU_BOLD),
}


def logo_psd(path: Path, logo: Image.Image | None) -> Path:
    bg = Image.new("RGBA", (640, 240), (255, 255, 255, 255))
    layers = [PixelLayer("@bg", bg)]
    if logo is not None:
        layers.append(PixelLayer("@logo", logo.convert("RGBA"), 40, 40))
    return write_layered_psd(path, (640, 240), layers)


def brand(tmp_path: Path, required: bool = True) -> Path:
    path = tmp_path / "brand.yaml"
    path.write_text(f"logo: {{masters: [{MASTER.as_posix()}], required: {str(required).lower()}}}\n",
                    encoding="utf-8")
    return path


def logo_findings(tmp_path: Path, logo: Image.Image | None, required: bool = True):
    report = check([logo_psd(tmp_path / "logo.psd", logo)], brand_path=brand(tmp_path, required))
    (asset,) = report.assets
    result = next(r for r in asset.results if r.check == "logo")
    return result, [(f.code, f.message) for f in result.findings]


def test_the_master_itself_passes(tmp_path):
    result, found = logo_findings(tmp_path, master())
    assert (result.status, found) == ("passed", [])


def test_master_scaled_to_037x_and_saved_as_jpeg_q70_passes(tmp_path):
    result, found = logo_findings(tmp_path, CASES["scaled-0.37x-jpeg-q70"](master()))
    assert (result.status, found) == ("passed", [])


def test_hue_shift_of_30_degrees_fails_on_colour(tmp_path):
    _, found = logo_findings(tmp_path, CASES["hue-shift-30"](master()))
    assert found == [("logo.mismatch", "logo layer '@logo' does not match the master "
                      "haneul-logo.png: luma SSIM 0.981 (minimum 0.65), colour difference "
                      "16.4 ΔE00 (maximum 5)")]


def test_ten_percent_crop_fails_on_aspect_and_shape(tmp_path):
    _, found = logo_findings(tmp_path, CASES["crop-10pct"](master()))
    assert [code for code, _ in found] == ["logo.aspect", "logo.mismatch"]
    assert found[0][1] == ("logo layer '@logo' has an aspect ratio -9.4% off the master "
                           "haneul-logo.png (tolerance ±1%): stretched, squashed or cropped")


def test_five_percent_squash_fails_on_aspect(tmp_path):
    _, found = logo_findings(tmp_path, CASES["squash-5pct"](master()))
    assert found == [("logo.aspect", "logo layer '@logo' has an aspect ratio +5.6% off the "
                      "master haneul-logo.png (tolerance ±1%): stretched, squashed or cropped")]


def test_wordmark_reset_in_another_font_fails_on_shape(tmp_path):
    _, found = logo_findings(tmp_path, CASES["wordmark-in-dejavu-bold"](master()))
    assert [code for code, _ in found] == ["logo.mismatch"]
    assert "luma SSIM 0.4" in found[0][1]


def test_required_logo_missing(tmp_path):
    result, found = logo_findings(tmp_path, None)
    assert found == [("logo.missing", "no logo layer: the brand requires its logo (tag the "
                      "master logo's layer @logo)")]
    assert logo_findings(tmp_path, None, required=False)[1] == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_compare_logo_passes_only_the_scaled_jpeg(name):
    """The measure itself, without a PSD round trip (values listed in the README)."""
    match = compare_logo(CASES[name](master()), master())
    passes = match.aspect_ok and match.looks_ok
    assert passes == (name == "scaled-0.37x-jpeg-q70"), match
