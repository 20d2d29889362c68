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
from assetkit.understand import understand
from tests.factories import PRODUCT_SIZE, block, ellipse, make_geometry_psd

TINT = (20, 200, 40)  # a green no other layer has
AT = (1300, 450)  # the product's place on the 2000 x 1500 canvas


def _psd(tmp_path):
    tint = block((PRODUCT_SIZE[0] + 200, PRODUCT_SIZE[1] + 200), TINT)
    return make_geometry_psd(tmp_path / "banner.psd", product=False, extra=[
        PixelLayer("@product", ellipse(PRODUCT_SIZE, (200, 30, 120)), *AT),
        PixelLayer("tint", tint, AT[0] - 100, AT[1] - 100, opacity=128,
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
