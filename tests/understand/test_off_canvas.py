"""A tagged layer wholly outside the canvas is invisible in Photoshop: it is not a unit (not
placed in any slot) and a warning names it; one reaching into the canvas stays a unit."""
from __future__ import annotations

import json

from assetkit import BuildOptions, build
from assetkit.document import open_document
from assetkit.document.writer import PixelLayer
from assetkit.understand import understand
from tests.factories import PRODUCT_SIZE, ellipse, make_geometry_psd

SLOTS = ["coupang/main", "meta/feed-square", "google-display/300x250"]


def _psd(tmp_path, x: int):
    return make_geometry_psd(tmp_path / "banner.psd", product=False, extra=[
        PixelLayer("@product", ellipse(PRODUCT_SIZE, (200, 30, 120)), x, 450)])


def test_a_tagged_layer_wholly_outside_the_canvas_is_no_unit_and_is_named(tmp_path):
    understood = understand(open_document(_psd(tmp_path, 2300)))  # canvas 2000 wide
    assert "product" not in {u.role for u in understood.units}
    (found,) = [f for f in understood.findings if f.code == "roles.off-canvas"]
    assert (found.severity, found.layer) == ("warning", "@product")
    assert "outside the canvas" in found.message
    product = next(la for la in understood.scene.layers if la.name == "@product")
    assert product.id not in understood.roles and product.role is None


def test_one_reaching_into_the_canvas_stays_a_unit(tmp_path):
    understood = understand(open_document(_psd(tmp_path, 1800)))
    assert "product" in {u.role for u in understood.units}
    assert not [f for f in understood.findings if f.code == "roles.off-canvas"]


def test_a_build_places_no_invisible_product_and_says_why(tmp_path):
    source = _psd(tmp_path, 2300)
    build([source], out=tmp_path / "out", only=SLOTS, jobs=1,
          options=BuildOptions(source_root=source.parent))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    roles = {p["role"] for o in manifest["outputs"] if o["layout"]
             for p in o["layout"].get("placements", ())}
    assert "product" not in roles
    codes = {f["code"] for f in manifest["findings"]} | {
        f["code"] for o in manifest["outputs"] for f in o["findings"]}
    assert "roles.off-canvas" in codes
