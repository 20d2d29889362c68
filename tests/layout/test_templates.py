"""Layout templates: bundled classes, campaign overrides per class and per slot, errors."""
from __future__ import annotations

import pytest

from assetkit.errors import InvalidConfig
from assetkit.geometry import Box
from assetkit.layout import LayoutSource, UnitInfo, load_templates, plan_layout
from tests.layout.test_engine import slot


def test_bundled_classes_by_aspect():
    t = load_templates()
    assert [t.for_aspect(a).name for a in (728 / 90, 1200 / 628, 1.0, 0.75, 9 / 16)] == [
        "wide", "landscape", "square", "portrait", "story"]
    for name in ("wide", "landscape", "square", "portrait", "story"):
        assert {"product", "logo", "headline", "cta"} <= set(t.by_class[name].regions)


def test_campaign_override_per_class_and_per_slot(tmp_path, monkeypatch):
    path = tmp_path / "layouts.yaml"
    path.write_text(
        "templates:\n"
        "  square:\n"
        "    product: {region: [0.0, 0.0, 0.5, 0.5], anchor: [left, top]}\n"
        "slots:\n"
        "  meta/feed-square:\n"
        "    product: {region: [0.5, 0.5, 0.5, 0.5], anchor: [right, bottom]}\n",
        encoding="utf-8")
    t = load_templates(path)
    assert t.for_aspect(1.0).regions["product"].box == (0.0, 0.0, 0.5, 0.5)
    assert t.for_aspect(1.0).regions["logo"] == load_templates().for_aspect(1.0).regions["logo"]
    units = (UnitInfo("product", Box(0, 0, 100, 100), ("@product",), 1),)
    plain = plan_layout(LayoutSource(units, (1000, 1000)), slot((1000, 1000)), (1000, 1000), templates=t,
                        where={"platform": "x", "slot": "y"})
    special = plan_layout(LayoutSource(units, (1000, 1000)), slot((1000, 1000)), (1000, 1000), templates=t,
                          where={"platform": "meta", "slot": "feed-square"})
    assert plain.placements[0].dst == Box(0, 0, 500, 500)
    assert special.placements[0].dst == Box(500, 500, 1000, 1000)


def test_bad_override_names_file_line_and_key(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "layouts.yaml").write_text(
        "templates:\n  square:\n    product: {region: [0.1, 0.1, 2, 0.5]}\n", encoding="utf-8")
    with pytest.raises(InvalidConfig) as err:
        load_templates(tmp_path / "layouts.yaml")
    assert str(err.value) == ("layouts.yaml:3: templates.square.product.region[2]: "
                              "expected a number from 0 to 1, got 2")
