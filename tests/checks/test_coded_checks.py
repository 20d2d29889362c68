"""The coded.* variant checks on real renders of generated PSDs (tests/coded/factory.py): each
finding with its exact message, and none on a clean banner."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from assetkit.checks.rendered import VariantContext
from assetkit.checks.variants import variant_findings
from assetkit.coded import CodedArea, PhraseRule, PhraseRules, Scrim
from assetkit.config import load_catalog
from assetkit.document import open_document
from assetkit.geometry import output_size
from assetkit.layout import plan_layout
from assetkit.model import BrandRules, Length
from assetkit.render.recompose import prepare_source, render_layout
from assetkit.understand import understand
from assetkit.understand.focus import focus_point
from tests.coded.factory import make_coded_psd

TITLE = CodedArea("title", (Length(5, True), Length(72, True), Length(60, True), Length(14, True)),
                  size_px=40, weight="bold", max_chars=20)


def render(path: Path, strings: dict, area: CodedArea = TITLE, brand: BrandRules | None = None,
           phrases: PhraseRules | None = None) -> VariantContext:
    doc = open_document(path)
    understood = understand(doc)
    src = prepare_source(doc, understood)
    slot = replace(load_catalog().get("kakao-ads").slot("rich-pop-1200x600"),
                   coded_text=(area,), phrases=phrases)
    size, _ = output_size(slot, doc.size)
    layout = plan_layout(src.layout_source, slot, size,
                         focus=focus_point(understood, src.plate), where={})
    out = render_layout(src, layout)
    return VariantContext(out.image, out.masks, layout, slot, "kakao-ads", brand, "banner",
                          doc.scene, strings)


def coded(ctx: VariantContext) -> list[tuple[str, str, str | None, str]]:
    return [(f.code, f.severity, f.layer, f.message) for f in variant_findings(ctx)
            if f.code.startswith("coded.")]


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    return make_coded_psd(tmp_path_factory.mktemp("coded") / "clean.psd")


def test_a_clean_banner_has_no_coded_finding(clean):
    assert coded(render(clean, {"title": "신상 코트 50% 할인"})) == []


def test_product_under_the_area_is_covered(clean):
    ctx = render(clean, {"title": "오늘만"})  # the layout keeps the area clear: move it there
    mask = ctx.masks["product"]
    moved = Image.new("L", mask.size, 0)
    moved.paste(mask.crop(mask.getbbox()), (700, 400))
    assert coded(ctx) == []
    [(code, severity, layer, message)] = coded(replace(ctx, masks={**ctx.masks, "product": moved}))
    assert (code, severity, layer) == ("coded.covered", "error", "@product")
    assert message.startswith("product: ") and message.endswith(
        " px of ink under the coded-text area 'title', where the platform writes its own text")


def test_white_text_on_a_bright_strip_is_low_contrast_with_the_ratio(tmp_path):
    ctx = render(make_coded_psd(tmp_path / "bright.psd", bright_bottom=True), {"title": "오늘만"})
    assert coded(ctx) == [("coded.low-contrast", "warning", None,
                           "coded text 'title': contrast 1.05:1 against the image under '늘' "
                           "(after the platform's scrim), below WCAG 2's 3:1")]


def test_a_scrim_restores_the_contrast(tmp_path):
    area = replace(TITLE, scrim=Scrim(0.8, direction="flat"))
    ctx = render(make_coded_psd(tmp_path / "bright.psd", bright_bottom=True), {"title": "오늘만"},
                 area)
    assert coded(ctx) == []


def test_disagreeing_numbers_conflict_on_the_headline_layer(clean):
    assert coded(render(clean, {"title": "가을 신상 40% 할인"})) == [
        ("coded.conflict", "error", "@headline",
         "the image says 50% but the coded 'title' says 40% (percent)")]


def test_the_headline_repeating_the_title_is_a_duplicate(clean):
    assert coded(render(clean, {"title": "가을신상, 최대 50%!"})) == [
        ("coded.duplicate", "warning", "@headline",
         "the headline repeats the coded 'title' ('가을신상, 최대 50%!'): the platform writes "
         "it already")]


def test_a_string_wider_than_its_lines_is_too_long(clean):
    text = "신상 코트 50% 할인 전 상품 무료 배송 이벤트"
    [(code, severity, layer, message)] = coded(render(clean, {"title": text}))
    assert (code, severity, layer) == ("coded.too-long", "warning", None)
    assert message.startswith(f"coded text 'title' ({len(text)} characters) does not fit "
                              "1 line / 20 characters of 720 px at 40 px bold")


def test_phrase_rules_of_slot_and_brand_match_spacing_variants(clean):
    slot_rules = PhraseRules(forbid=(PhraseRule("무료배송", "shipping terms differ"),))
    brand = BrandRules(phrases=PhraseRules(require=(PhraseRule("(주)하늘", "legal name"),)))
    assert coded(render(clean, {"title": "오늘 무료 배송"}, brand=brand, phrases=slot_rules)) == [
        ("coded.forbidden-phrase", "error", None,
         "coded 'title' says forbidden '무료배송' (shipping terms differ)"),
        ("coded.missing-phrase", "warning", None,
         "no text or coded string says required '(주)하늘' (legal name)")]


def test_pixel_text_is_image_text_unknown_not_a_silent_pass(tmp_path):
    ctx = render(make_coded_psd(tmp_path / "px.psd", type_layer=False), {"title": "40% 할인"})
    assert coded(ctx) == [("coded.image-text-unknown", "info", None,
                           "the image's text is pixels (no type layers): coded.conflict and "
                           "coded.duplicate cannot compare it with the coded text")]
