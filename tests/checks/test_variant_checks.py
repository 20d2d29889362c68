"""Variant checks on real renders of generated PSDs (real layout and render code), each proven
by injecting a wrong render and asserting the exact finding."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from assetkit import BuildOptions
from assetkit.checks.rendered import VariantContext
from assetkit.checks.variants import variant_findings
from assetkit.config import load_catalog
from assetkit.document import open_document
from assetkit.geometry import output_size
from assetkit.layout import plan_layout
from assetkit.model import BrandRules, Length, LogoRule
from assetkit.render.recompose import prepare_source, render_layout
from assetkit.understand import understand
from assetkit.understand.focus import focus_point
from tests.factories import make_geometry_psd

BRAND = BrandRules(logo=LogoRule(min_height_px=16, clear_space=0.25), min_text_px=12)


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    doc = open_document(make_geometry_psd(tmp_path_factory.mktemp("geo") / "geo.psd"))
    understood = understand(doc)
    return doc, understood, prepare_source(doc, understood)


def render(source, key: str, brand: BrandRules = BRAND) -> VariantContext:
    doc, understood, src = source
    platform, slot_id = key.split("/")
    slot = load_catalog().get(platform).slot(slot_id)
    size, _ = output_size(slot, doc.size)
    layout = plan_layout(src.layout_source, slot, size, focus=focus_point(understood, src.plate), brand=brand,
                         where={"platform": platform, "slot": slot_id})
    out = render_layout(src, layout)
    return VariantContext(out.image, out.masks, layout, slot, platform, brand, "geo", doc.scene,
                          contrast=out.contrast)


def codes(ctx: VariantContext) -> list[str]:
    return [f.code for f in variant_findings(ctx)]


def messages(ctx: VariantContext, prefix: str) -> list[str]:
    return [f.message for f in variant_findings(ctx) if f.code.startswith(prefix)]


def moved(ctx: VariantContext, role: str, to: tuple[int, int]) -> VariantContext:
    """A wrong render: `role`'s pixels and mask moved so their top-left corner is at `to`."""
    mask = ctx.masks[role]
    box = mask.getbbox()
    piece, piece_mask = ctx.image.crop(box), mask.crop(box)
    image = ctx.image.copy()
    image.paste(piece, to, piece_mask)
    new_mask = Image.new("L", mask.size, 0)
    new_mask.paste(piece_mask, to)
    return replace(ctx, image=image, masks={**ctx.masks, role: new_mask})


def test_real_story_render_is_clean(source):
    assert codes(render(source, "meta/story")) == []


def test_logo_nudged_into_the_top_zone_is_one_exact_overlap(source):
    ctx = render(source, "meta/story")
    logo_px = int(np.count_nonzero(np.asarray(ctx.masks["logo"])))
    wrong = moved(ctx, "logo", (100, 40))  # the top bar is the top 14 % (269 px)
    assert [(f.code, f.severity, f.message, f.platform, f.slot) for f in variant_findings(wrong)
            ] == [("zones.overlap", "error",
                   f"logo: {logo_px:,} rendered px inside the overlay zone 'top-bar' "
                   "(covered by ui)", "meta", "story")]


def test_product_in_the_safe_margin(source):
    ctx = render(source, "meta/story")
    ctx = replace(ctx, slot=replace(ctx.slot, overlay_zones=(), safe_margin=(Length(64),) * 4))
    assert messages(ctx, "zones") == []
    product = np.asarray(ctx.masks["product"]) > 0
    x0 = ctx.image.width - 30  # 34 of its columns inside the 64 px right margin
    wrong = moved(ctx, "product", (x0, 700))
    cols = np.flatnonzero(product.any(axis=0))
    inside = int(np.count_nonzero(product[:, cols[0]:cols[0] + 30]))
    assert messages(wrong, "zones") == [
        f"product: {inside:,} rendered px inside the safe margin (64/64/64/64 px)"]


def test_text_below_the_minimum_size(source):
    ctx = render(source, "meta/story")
    assert messages(ctx, "legibility") == []
    strict = replace(ctx, brand=replace(BRAND, min_text_px=200))
    (message,) = messages(strict, "legibility")
    assert message.startswith("smallest text (sub) renders ")
    assert message.endswith(" px tall (shortest line of ink), below the 200 px minimum")


def test_logo_too_small_and_clear_space(source):
    ctx = render(source, "meta/story")
    assert messages(ctx, "logo.") == []
    big = replace(ctx, brand=replace(BRAND, logo=LogoRule(min_height_px=500)))
    (placed,) = [p for p in ctx.layout.placements if p.role == "logo"]
    shown = f"{placed.dst.height:.1f}".removesuffix(".0")  # far below 500: one place is enough
    assert [(f.layer, f.message) for f in variant_findings(big) if f.code.startswith("logo.")
            ] == [(placed.layers[0], f"logo placed {shown} px tall, below the brand minimum 500 px")]
    height = ctx.masks["logo"].getbbox()[3] - ctx.masks["logo"].getbbox()[1]
    x0, y0, x1, y1 = ctx.masks["logo"].getbbox()
    crowded = moved(ctx, "cta", (x1 + 2, y0))  # right next to the logo
    (message,) = messages(crowded, "logo.clear-space")
    assert message.startswith("cta: ")
    assert message.endswith(f" rendered px inside the logo's clear space "
                            f"({0.25 * height:.0f} px around it)")


def test_real_main_image_is_clean(source):
    ctx = render(source, "coupang/main")
    assert ctx.layout.mode == "main-white"
    assert codes(ctx) == []


def test_main_image_border_fill_and_forbidden_content(source):
    ctx = render(source, "coupang/main")
    image = ctx.image.copy()
    image.paste((240, 240, 240), (0, 0, image.width, 1))  # a grey top line
    small = ctx.masks["product"].resize((ctx.image.width // 4, ctx.image.height // 4))
    shrunk = Image.new("L", ctx.masks["product"].size, 0)
    shrunk.paste(small, (0, 0))
    logo = Image.new("L", ctx.image.size, 0)
    logo.paste(255, (100, 100, 140, 120))
    wrong = replace(ctx, image=image, masks={"product": shrunk, "logo": logo})
    x0, y0, x1, y1 = shrunk.getbbox()
    fill = max((x1 - x0) / ctx.image.width, (y1 - y0) / ctx.image.height)
    assert messages(wrong, "main.") == [
        f"{ctx.image.width:,} of the {4 * (ctx.image.width - 2) * 2:,} px in the outer 2 px "
        "border are not white (tolerance 3)",
        f"the product fills {fill:.0%} of the image, the slot needs 85%",
        "logo drawn (800 px) in a slot that forbids logo",
    ]


def test_build_records_variant_findings_in_the_output_and_the_build(tmp_path):
    from assetkit.pipeline import build

    psd = make_geometry_psd(tmp_path / "geo.psd")
    rules = tmp_path / "brand.yaml"
    rules.write_text("min_text_px: 200\n", encoding="utf-8")
    result = build([psd], out=tmp_path / "out", only=["meta/story"], jobs=1,
                   options=BuildOptions(brand_path=rules, source_root=tmp_path))
    in_build = [f for f in result.findings if f.code == "legibility.text-too-small"]
    (output,) = result.outputs
    in_output = [f for f in output.findings if f.code == "legibility.text-too-small"]
    assert len(in_build) == 1 and in_output == in_build
    assert (in_build[0].source, in_build[0].platform, in_build[0].slot) == ("geo", "meta", "story")


def test_sample_logo_size_is_reported_once_with_the_numbers_it_compared(tmp_path):
    """The sample campaign's logo on two small Google slots: one finding each (no second rule
    with its own measurement), and 15.65 px is never printed as "16 px, minimum 16 px"."""
    from assetkit.config import load_campaign
    from assetkit.pipeline import build

    repo = Path(__file__).resolve().parents[2]
    result = build([repo / "input" / "haneul-serum-launch.psd"],
                   campaign=load_campaign(repo / "assetkit.yaml"), out=tmp_path / "out",
                   only=["google-display/250x250", "google-display/240x400"], jobs=1)
    about_size = sorted((f.slot, f.code, f.layer, f.message) for f in result.findings
                        if "logo" in f.code and "small" in f.code)
    assert about_size == [
        ("240x400", "logo.too-small", "@logo",
         "logo placed 14.5 px tall, below the brand minimum 16 px"),
        ("250x250", "logo.too-small", "@logo",
         "logo placed 15.7 px tall, below the brand minimum 16 px"),
    ]


def test_a_mask_is_read_once_and_a_replaced_context_reads_its_own(source):
    ctx = render(source, "meta/story")
    product = ctx.mask("product")
    assert product is not None and ctx.mask("product") is product  # read once for all checks
    empty = Image.new("L", ctx.image.size, 0)
    assert replace(ctx, masks={**ctx.masks, "product": empty}).mask("product") is None
    assert ctx.mask("logo") is not None and ctx.mask("nothing") is None
