"""The document reader on real Photoshop files: text facts under transforms, inherited sizes,
multi-font runs, artboards, hidden groups; limits and truncation give one clear error."""
from __future__ import annotations

import pytest

from assetkit.document import DocumentLimits, open_document
from assetkit.errors import UnreadableDocument
from assetkit.samples import make_corrupt_psd, make_test_psd
from tests.conftest import real_psd


def texts(name: str) -> dict:
    scene = open_document(real_psd(name)).scene
    return {la.path_str: la for la in scene.layers if la.text is not None}


def test_effective_sizes_include_the_layer_transform():
    scene = open_document(real_psd("psdtools-masks-app-ui.psd")).scene
    typed = [la for la in scene.layers if la.text is not None]
    layers = {la.path_str: la for la in typed}
    sizes = sorted({r.size_px for la in typed for r in la.text.runs})
    assert sizes == [24.0, 28.0, 32.0, 44.0]  # 12x2, 14x2 (yy; xx is 1.856), 16x2, 22x2
    boxed = [la for la in typed if la.text.kind == "paragraph"]
    assert len(boxed) == 5
    footer = layers["Footer/replaced"].text.box
    assert footer.x0 == pytest.approx(39.84, abs=0.01) and footer.width == pytest.approx(558.9, abs=0.1)


def test_inherited_sizes_are_flagged_and_estimated_from_the_raster():
    layers = texts("webtoon-example-ko-emoji.psd")
    korean = layers["한글텍스트 나눔바른고딕"]
    assert korean.text.text == "한글텍스트\r나눔바른고딕"
    run = korean.text.runs[0]
    assert run.size_inherited and run.font == "NanumBarunGothicOTF"
    assert 40 <= run.size_px <= 70  # ~50 px rendered, not the stored default of 12


def test_four_fonts_in_one_point_text_layer_with_their_colours():
    (layer,) = texts("agpsd-text-complex-multifont.psd").values()
    assert set(layer.text.fonts) == {"MyriadPro-Bold", "MyriadPro-Regular", "CourierNewPSMT",
                                     "ArialMT"}
    assert layer.text.kind == "point" and layer.text.justification == "center"
    assert {r.colour for r in layer.text.runs} >= {(255, 0, 0, 255), (12, 255, 0, 255)}


def test_artboards_and_hidden_groups():
    scene = open_document(real_psd("psdtools-artboard-text.psd")).scene
    assert [a.name for a in scene.artboards] == ["Artboard 1"]
    example = open_document(real_psd("psdjs-example.psd")).scene
    hidden = [la for la in example.layers if la.path[0] == "Version B"]
    assert hidden and not any(la.visible for la in hidden)
    group = next(la for la in hidden if la.kind == "group")
    assert group.bbox is not None and group.bbox.width == 900  # hidden groups keep their box


def test_limits_name_the_option_that_raises_them():
    with pytest.raises(UnreadableDocument) as err:
        open_document(real_psd("agpsd-large-poster-3508x4960.psd"),
                      DocumentLimits(max_megapixels=10))
    assert str(err.value).endswith("is over the limit of 10 MP (raise it with --max-megapixels)")


def test_truncated_pixel_data_is_an_error_not_zeros(tmp_path):
    bad = make_corrupt_psd(tmp_path / "cut.psd")
    whole = make_test_psd(tmp_path / "whole.psd").stat().st_size
    with pytest.raises(UnreadableDocument) as err:
        open_document(bad)
    assert str(err.value) == f"{bad}: truncated: {bad.stat().st_size} of {whole} bytes"


def _cmyk_psd(path):
    from PIL import Image
    from psd_tools import PSDImage

    psd = PSDImage.new("CMYK", (64, 48))
    psd.create_pixel_layer(Image.new("CMYK", (64, 48), (0, 0, 0, 0)), name="paper")
    psd.create_pixel_layer(Image.new("CMYK", (32, 24), (0, 255, 255, 0)), name="red @product",
                           left=16, top=12)
    psd.save(path)
    return path


def test_cmyk_without_a_profile_goes_through_the_default_profile(tmp_path):
    """M+Y 100 % through FOGRA39 is a warm red (~227, 28, 37), not naive (255, 0, 0)."""
    doc = open_document(_cmyk_psd(tmp_path / "cmyk.psd"))
    (finding,) = doc.colour_findings()
    assert finding.code == "colour.assumed-profile"
    assert "assetkit-cmyk-fogra39l.icc" in finding.message
    red = doc.flatten().getpixel((20, 20))
    assert red[0] > 200 and 10 < red[1] < 60 and 10 < red[2] < 70
    product = next(la for la in doc.scene.layers if la.name == "red @product")
    assert doc.layer_pixels(product.id).image.getpixel((1, 1))[:3] == red
    assert doc.flatten().getpixel((2, 2)) == (255, 255, 255)


def test_brand_rules_may_name_the_cmyk_profile(tmp_path):
    from assetkit.document.icc import default_cmyk_profile

    path = _cmyk_psd(tmp_path / "cmyk.psd")
    custom = tmp_path / "press.icc"
    custom.write_bytes(default_cmyk_profile().read_bytes())
    doc = open_document(path, cmyk_profile=custom)
    assert "press.icc" in doc.colour_findings()[0].message


def test_cmyk_type_colours_use_the_same_profile():
    from assetkit.document.icc import cmyk_colour, profile_bytes
    from assetkit.document.scene_reader import colour_reader

    paint = colour_reader("CMYK", profile_bytes(None))
    assert paint([1.0, 0.0, 1.0, 1.0, 0.0])[:3] == cmyk_colour((0, 1, 1, 0), profile_bytes(None))
    assert paint([1.0, 0.0, 1.0, 1.0, 0.0])[3] == 255


def test_the_colour_mode_type_names_every_mode_psd_tools_reads():
    from psd_tools.constants import ColorMode

    from assetkit.scene import COLOUR_MODES

    assert sorted(COLOUR_MODES) == sorted(m.name for m in ColorMode)
