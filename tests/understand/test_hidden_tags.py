"""A tagged layer hidden in the document is drawn by no slot (Photoshop shows none of it): where
no visible layer carries its role, that role goes missing and a warning names the layer; a
hidden alternative beside a shown one is the designer's choice and goes without a word."""
from __future__ import annotations

import json

from assetkit import BuildOptions, build
from assetkit.document import open_document
from assetkit.document.writer import PixelLayer
from assetkit.understand import understand
from tests.factories import PRODUCT_SIZE, block, ellipse, make_geometry_psd

SLOTS = ["meta/feed-square", "google-display/300x250"]


def _product(visible: bool, name: str = "@product") -> PixelLayer:
    return PixelLayer(name, ellipse(PRODUCT_SIZE, (200, 30, 120)), 1300, 450, visible=visible)


def _hidden(understood) -> list:
    return [f for f in understood.findings if f.code == "roles.hidden"]


def test_the_only_product_hidden_is_named_and_is_no_unit(tmp_path):
    source = make_geometry_psd(tmp_path / "b.psd", product=False, extra=[_product(False)])
    understood = understand(open_document(source))
    (found,) = _hidden(understood)
    assert (found.severity, found.layer) == ("warning", "@product")
    assert found.message == "tagged 'product' but hidden in the document: not placed"
    assert "product" not in {u.role for u in understood.units}


def test_a_hidden_alternative_beside_a_shown_one_goes_without_a_word(tmp_path):
    alternative = PixelLayer("@headline alt", block((900, 140), (90, 30, 30)), 80, 900,
                             visible=False)
    source = make_geometry_psd(tmp_path / "b.psd", extra=[alternative])
    understood = understand(open_document(source))
    assert not _hidden(understood)
    assert {u.role for u in understood.units} >= {"product", "headline"}


def test_a_shown_product_is_not_named(tmp_path):
    source = make_geometry_psd(tmp_path / "b.psd", product=False, extra=[_product(True)])
    assert not _hidden(understand(open_document(source)))


def test_a_build_reports_the_hidden_product_once_and_places_none(tmp_path):
    source = make_geometry_psd(tmp_path / "b.psd", product=False, extra=[_product(False)])
    result = build([source], out=tmp_path / "out", only=SLOTS, jobs=1,
                   options=BuildOptions(source_root=source.parent))
    assert [f.layer for f in result.findings if f.code == "roles.hidden"] == ["@product"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    roles = {p["role"] for o in manifest["outputs"] if o["layout"]
             for p in o["layout"].get("placements", ())}
    assert "product" not in roles and len(manifest["outputs"]) == len(SLOTS)


def test_a_hidden_layer_inside_a_shown_tagged_group_is_the_groups_and_goes_without_a_word(
        tmp_path):
    source = make_geometry_psd(tmp_path / "b.psd", product=False, extra=[
        PixelLayer("bottle", ellipse(PRODUCT_SIZE, (200, 30, 120)), 1300, 450,
                   group="Serum @product"),
        PixelLayer("alt shade @badge", block((100, 100), (0, 0, 0)), 1350, 500,
                   group="Serum @product", visible=False)])
    understood = understand(open_document(source))
    assert not _hidden(understood)
    assert "product" in {u.role for u in understood.units}


def _group_scene():
    """A hidden 'Alt @product' group holding a tagged layer, and a shown '@headline'."""
    from assetkit.geometry import Box
    from assetkit.scene import Layer, Scene

    def layer(i, name, kind, visible, parent=None, path=None):
        return Layer(id=i, name=name, path=path or (name,), kind=kind, visible=visible,
                     opacity=1, fill_opacity=1, blend_mode="normal", clipping=False,
                     bbox=Box(0, 0, 100, 100), index=i, parent=parent)
    return Scene(500, 500, 72, "RGB", 8, (
        layer(1, "Alt @product", "group", False),
        layer(2, "shot @badge", "pixel", False, 1, ("Alt @product", "shot @badge")),
        layer(3, "@headline", "pixel", True)))


def test_a_hidden_tagged_group_is_no_role_and_is_the_one_named():
    from assetkit.understand.roles import hidden_tags, tagged_roles

    scene = _group_scene()
    assert {i: c.role for i, c in tagged_roles(scene).items()} == {3: "headline"}
    assert {i: c.role for i, c in hidden_tags(scene).items()} == {1: "product"}


def test_a_hidden_focus_or_background_is_not_named(tmp_path):
    source = make_geometry_psd(tmp_path / "b.psd", extra=[
        PixelLayer("@focus", block((50, 50), (255, 0, 0)), 500, 500, visible=False),
        PixelLayer("@bg alt", block((2000, 1500), (0, 0, 0)), visible=False)])
    assert not _hidden(understand(open_document(source)))


def test_a_hidden_layer_a_campaign_rule_tags_is_named(tmp_path):
    source = make_geometry_psd(tmp_path / "b.psd", product=False, extra=[
        _product(False, name="hero shot")])
    understood = understand(open_document(source), role_rules=[("hero*", "product")])
    assert [(f.layer, f.message) for f in _hidden(understood)] == [
        ("hero shot", "tagged 'product' but hidden in the document: not placed")]
