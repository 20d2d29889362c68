"""A layer clipped to a tagged layer (a tint or a shading over the product, as designers clip
them) belongs to the tagged layer's unit: it used to stay in the background plate, where its
clipping base was gone, and was drawn there as the whole rectangle it is."""
from __future__ import annotations

import json

import numpy as np
from PIL import Image

from assetkit import BuildOptions, build
from assetkit.document import open_document
from assetkit.document.writer import PixelLayer
from assetkit.geometry import Box
from assetkit.understand import understand
from tests.factories import PRODUCT_SIZE, block, ellipse, make_geometry_psd

TINT = (20, 200, 40)  # a green no other layer has
AT = (1300, 450)  # the product's place on the 2000 x 1500 canvas


def _psd(tmp_path, margin: int = 100):
    tint = block((PRODUCT_SIZE[0] + 2 * margin, PRODUCT_SIZE[1] + 2 * margin), TINT)
    return make_geometry_psd(tmp_path / "banner.psd", product=False, extra=[
        PixelLayer("@product", ellipse(PRODUCT_SIZE, (200, 30, 120)), *AT),
        PixelLayer("tint", tint, AT[0] - margin, AT[1] - margin, opacity=128,
                   clipping=True)])


def test_the_clipped_layer_is_in_its_base_units(tmp_path):
    understood = understand(open_document(_psd(tmp_path)))
    scene = understood.scene
    (product,) = [u for u in understood.units if u.role == "product"]
    assert [scene.by_id(i).name for i in product.layers] == ["@product", "tint"]


def _green(image: Image.Image) -> float:
    """Share of pixels coloured as the tint over the plate (the tint drawn unclipped): green
    well above blue with little red. The plate's gradient has G - B <= 30, the product tinted
    through its clipping G - B ~ 35, the orange CTA red 250."""
    rgb = np.asarray(image.convert("RGB")).astype(int)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return float(((g - b > 50) & (r < 150)).mean())


def test_a_recomposed_slot_draws_no_tint_rectangle(tmp_path):
    source = _psd(tmp_path)
    out = tmp_path / "out"
    build([source], out=out, only=["meta/feed-square", "google-display/300x250",
                                   "youtube/thumbnail"], jobs=1,
          options=BuildOptions(source_root=source.parent))
    outputs = json.loads((out / "manifest.json").read_text("utf-8"))["outputs"]
    assert {o["layout"]["mode"] for o in outputs} == {"recompose"}
    for o in outputs:
        with Image.open(out / o["path"]) as image:
            assert _green(image) < 0.002, o["path"]


def test_the_unit_is_as_large_as_its_base_not_its_clipped_layer(tmp_path):
    """A clipped layer paints only inside its base: the product unit keeps the product's box
    (laid out as large as without the tint), however far the tint's rectangle reaches."""
    from assetkit.render.parts import SourceParts

    doc = open_document(_psd(tmp_path, margin=450))
    parts = SourceParts(doc, understand(doc))
    (product,) = [p for p in parts.parts if p.key == "product"]
    assert product.box == Box(AT[0], AT[1], AT[0] + PRODUCT_SIZE[0], AT[1] + PRODUCT_SIZE[1])


def test_a_hidden_clipped_layer_is_no_member(tmp_path):
    tint = block(PRODUCT_SIZE, TINT)
    source = make_geometry_psd(tmp_path / "banner.psd", product=False, extra=[
        PixelLayer("@product", ellipse(PRODUCT_SIZE, (200, 30, 120)), *AT),
        PixelLayer("tint", tint, *AT, clipping=True, visible=False)])
    understood = understand(open_document(source))
    (product,) = [u for u in understood.units if u.role == "product"]
    assert [understood.scene.by_id(i).name for i in product.layers] == ["@product"]
