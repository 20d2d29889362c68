"""Issue 24's findings on untagged agency banners, reproduced with generated PSDs: the sub copy
that no name matches used to stay in the plate and be cut by the cover crop (or covered by the
headline); the white text of a dark tooltip group was taken as the headline and enlarged over
a light plate without its panel. Every layer now belongs to a unit, and no unit is cut or
covered in any slot."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from assetkit import BuildOptions, build
from assetkit.document import open_document
from assetkit.document.writer import PixelLayer, write_layered_psd
from assetkit.samples.draw import text_image
from assetkit.understand import understand
from bench.agency.art import onto

SIZE = (1200, 1200)
SLOTS = ["meta/story", "meta/reels", "meta/feed-portrait", "google-display/300x250",
         "google-display/728x90", "google-display/970x90", "youtube/thumbnail",
         "kakao-store/main-portrait", "musinsa/main", "google-display/160x600"]
TEXT = ("Layer 8", "Layer 12", "Layer 14", "Layer 7")


def _photo() -> Image.Image:
    rng = np.random.default_rng(7)
    y = np.linspace(0, 1, SIZE[1])[:, None, None]
    rgb = (np.array([214, 228, 240]) * (1 - y) + np.array([170, 190, 214]) * y)
    rgb = rgb + rng.normal(0, 3, (SIZE[1], SIZE[0], 3))
    return Image.fromarray(np.clip(np.broadcast_to(rgb, (SIZE[1], SIZE[0], 3)), 0, 255)
                           .astype(np.uint8), "RGB")


def _bottle() -> Image.Image:
    w, h = 260, 640
    x = np.linspace(-1, 1, w)[None, :]
    shade = 150 + 90 * np.cos(x * 1.4) - 20 * x  # a lit cylinder, not one flat colour
    rgb = np.stack([shade * 0.55, shade * 0.8, shade * 0.6], axis=-1) * np.ones((h, 1, 1))
    alpha = Image.new("L", (w, h), 0)
    ImageDraw.Draw(alpha).rounded_rectangle((0, 90, w - 1, h - 1), 40, fill=255)
    ImageDraw.Draw(alpha).rectangle((80, 0, w - 81, 100), fill=255)
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB").convert("RGBA")
    image.putalpha(alpha)
    return image


def _soft_shadow() -> Image.Image:
    mask = Image.new("L", (420, 110), 0)
    ImageDraw.Draw(mask).ellipse((30, 25, 390, 85), fill=150)
    image = Image.new("RGBA", mask.size, (20, 20, 30, 0))
    image.putalpha(mask.filter(ImageFilter.GaussianBlur(12)))
    return image


def _panel(size, colour, radius) -> Image.Image:
    image = Image.new("RGBA", size, (*colour, 0))
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius, fill=255)
    image.putalpha(mask)
    return image


def make_sub_copy_banner(path: Path) -> Path:
    """All pixel layers, agency names: photo, tone band, product with a separate shadow, logo,
    headline, a sub-copy line named `Layer 12`, a badge disc with baked text, a CTA label on
    its button."""
    navy = (24, 36, 70)
    headline = text_image(["Summer glow serum"], "Bold", 96, navy)
    sub = text_image(["Light, fast and kind to every skin"], "Regular", 44, navy)
    label = text_image(["Shop now"], "Bold", 40, (255, 255, 255))
    badge = onto(_panel((170, 170), (220, 40, 50), 85),
                  text_image(["1+1"], "Bold", 60, (255, 255, 255)))
    logo = text_image(["HANEUL"], "Bold", 48, navy)
    band = Image.new("RGBA", (SIZE[0], 260), (255, 255, 255, 90))
    layers = [PixelLayer("Layer 1", _photo()),
              PixelLayer("Layer 2", band, 0, 800),
              PixelLayer("Layer 4", _soft_shadow(), 710, 960, group="Group 3"),
              PixelLayer("Layer 5", _bottle(), 790, 360, group="Group 3"),
              PixelLayer("Layer 7", logo, 60, 50),
              PixelLayer("Layer 8", headline, 60, 190),
              PixelLayer("Layer 12", sub, 60, 330),
              PixelLayer("Layer 13", badge, 980, 60),
              PixelLayer("Rectangle 2 copy", _panel((300, 96), navy, 48), 60, 560),
              PixelLayer("Layer 14", label, 60 + (300 - label.width) // 2,
                         560 + (96 - label.height) // 2)]
    return write_layered_psd(path, SIZE, layers)


def make_tooltip_banner(path: Path) -> Path:
    """A light plate; a dark headline; a tooltip group (`그룹 3`): a dark rounded panel with
    white text on it, whose text is larger than the headline's sub copy."""
    dark = (30, 30, 40)
    headline = text_image(["New in store"], "Bold", 110, dark)
    tip_text = text_image(["Ships today"], "Bold", 64, (255, 255, 255))
    tip = _panel((tip_text.width + 80, tip_text.height + 60), dark, 24)
    layers = [PixelLayer("Layer 1", _photo()),
              PixelLayer("Layer 5", _bottle(), 800, 420),
              PixelLayer("Layer 8", headline, 60, 150),
              PixelLayer("Layer 2", tip, 60, 420, group="그룹 3"),
              PixelLayer("Layer 3", tip_text, 100, 450, group="그룹 3")]
    return write_layered_psd(path, SIZE, layers)


def _built(source: Path, out: Path) -> list[dict]:
    build([source], out=out, only=SLOTS, jobs=1,
          options=BuildOptions(source_root=source.parent))
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    return [o for o in manifest["outputs"] if o["layout"] and o["layout"]["mode"] == "recompose"]


def _assert_nothing_cut_or_covered(outputs: list[dict], text_layers) -> None:
    assert outputs
    for o in outputs:
        codes = [f["code"] for f in o["findings"]]
        assert "layout.cut" not in codes and "layout.covered" not in codes, o["path"]
        layout = o["layout"]
        boxes = {p["unit"]: p["box"] for p in layout["placements"]}
        for a, box in boxes.items():  # placed units never overlap, never leave the frame
            assert box[0] >= -0.5 and box[1] >= -0.5 and box[2] <= o["width"] + 0.5 \
                and box[3] <= o["height"] + 0.5, (o["path"], a)
            for b, other in boxes.items():
                if a < b:
                    w = min(box[2], other[2]) - max(box[0], other[0])
                    h = min(box[3], other[3]) - max(box[1], other[1])
                    assert w <= 0 or h <= 0, (o["path"], a, b)
        dropped = " ".join(f["message"] for f in o["findings"]
                           if f["code"] == "layout.unit-dropped")
        for record in layout["layers"]:
            if record["path"] in text_layers:
                assert record["unit"] != "bg", (o["path"], record)  # never left in the plate
                assert record["box"] is not None or repr(record["path"]) in dropped, \
                    (o["path"], record)


def test_sub_copy_no_name_matches_is_its_own_unit_never_cut(tmp_path):
    source = make_sub_copy_banner(tmp_path / "banner.psd")
    units = understand(open_document(source)).units
    by_layer = {}
    scene = open_document(source).scene
    for unit in units:
        for i in unit.layers:
            by_layer[scene.by_id(i).name] = unit
    assert by_layer["Layer 12"].role == "sub" and by_layer["Layer 8"].role == "headline"
    assert by_layer["Layer 4"] is by_layer["Layer 5"]  # the shadow moves with the product
    assert by_layer["Layer 5"].role == "product"
    assert by_layer["Layer 14"] is by_layer["Rectangle 2 copy"]  # label with its button
    assert by_layer["Layer 14"].role == "cta"
    assert by_layer["Layer 13"].role == "badge"
    assert "Layer 1" not in by_layer and "Layer 2" not in by_layer  # the picture: the plate
    _assert_nothing_cut_or_covered(_built(source, tmp_path / "out"), TEXT)


def test_tooltip_text_keeps_its_panel_and_is_not_the_headline(tmp_path):
    source = make_tooltip_banner(tmp_path / "tooltip.psd")
    doc = open_document(source)
    understood = understand(doc)
    scene = understood.scene
    unit_of = {scene.by_id(i).name: u for u in understood.units for i in u.layers}
    assert unit_of["Layer 3"] is unit_of["Layer 2"]  # white text and its dark panel
    assert unit_of["Layer 3"].role != "headline" and unit_of["Layer 8"].role == "headline"
    outputs = _built(source, tmp_path / "out")
    _assert_nothing_cut_or_covered(outputs, ("Layer 8", "Layer 3"))
    for o in outputs:  # the text is drawn exactly where its panel is, or neither is
        records = {r["path"]: r for r in o["layout"]["layers"]}
        text, panel = records["그룹 3/Layer 3"], records["그룹 3/Layer 2"]
        assert (text["box"] is None) == (panel["box"] is None), o["path"]
        if text["box"] is not None:
            t, p = text["box"], panel["box"]
            assert p[0] <= t[0] and p[1] <= t[1] and p[2] >= t[2] and p[3] >= t[3], o["path"]


@pytest.mark.parametrize("maker", [make_sub_copy_banner, make_tooltip_banner])
def test_every_visible_layer_is_in_exactly_one_unit_or_the_plate(tmp_path, maker):
    source = maker(tmp_path / "b.psd")
    understood = understand(open_document(source))
    seen = [i for u in understood.units for i in u.layers]
    assert len(seen) == len(set(seen))
    outputs = _built(source, tmp_path / "out")
    leaves = {la.path_str for la in understood.scene.layers
              if la.visible and la.kind not in ("group", "artboard")}
    for o in outputs:
        assert {r["path"] for r in o["layout"]["layers"]} == leaves


def test_check_reports_what_the_layout_dropped_in_every_format(tmp_path):
    """layout.* findings the build recorded reach `check`'s JSON, JUnit and --fail-on."""
    from assetkit import check

    source = make_sub_copy_banner(tmp_path / "banner.psd")
    out = tmp_path / "out"
    build([source], out=out, only=["google-display/160x600", "google-display/320x50"], jobs=1,
          options=BuildOptions(source_root=tmp_path))
    recorded = [f for o in json.loads((out / "manifest.json").read_text("utf-8"))["outputs"]
                for f in o["findings"] if f["code"] == "layout.unit-dropped"]
    assert recorded  # the 320x50 cannot hold the badge and the sub copy legibly
    result = check([out])
    found = [f for f in result.findings if f.code == "layout.unit-dropped"]
    assert len(found) == len(recorded) and {f.layer for f in found} == {
        f["layer"] for f in recorded}
    assert result.exit_code("warning") != 0 and result.exit_code("error") == 0
    from assetkit.report.junit import write_junit

    xml = write_junit(result, tmp_path / "junit.xml").read_text("utf-8")
    assert xml.count("layout.unit-dropped") >= len(recorded)
