"""A re-set text whose effects blend with the page (a coloured screen glow) is exact on the page
and in the localized PSD's merged preview, but its PSD layer holds it as normal paint: that is
a warning naming the layer, never silent."""
from __future__ import annotations

import json
from dataclasses import replace

import assetkit.pipeline.localize as pipeline_localize
from assetkit.commands.localize import LocalizeOptions, localize
from assetkit.render.text.layer import drawn_effects
from tests.conftest import real_psd
from tools.golden_outputs import LOCALIZE_SLOT, PseudoKorean


def _codes(out) -> dict[str, list[str]]:
    said: dict[str, list[str]] = {}
    for path in out.rglob("manifest.json"):
        text = json.loads(path.read_text("utf-8"))

        def walk(v):
            if isinstance(v, dict):
                if v.get("code", "").startswith("localize.psd-layer"):
                    said.setdefault(v["code"], []).append(v.get("layer"))
                for x in v.values():
                    walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)
        walk(text)
    return said


def _localize(tmp_path, name):
    source = real_psd("psdtools-layer-effects-text.psd")
    out = tmp_path / name
    localize([source], to="ko", translator=PseudoKorean(), only=[LOCALIZE_SLOT], out=out,
             options=LocalizeOptions(source_root=source.parent))
    return out


def test_a_coloured_screen_glow_is_named_in_the_psd_and_a_white_one_is_not(tmp_path,
                                                                           monkeypatch):
    assert _codes(_localize(tmp_path, "white")) == {}  # the fixture's glow is white

    def yellow(doc, layer):
        fx = drawn_effects(doc, layer)
        if fx is not None and fx.glow is not None:
            return replace(fx, glow=replace(fx.glow, colour=(255, 200, 0), blend="screen"))
        return fx

    monkeypatch.setattr(pipeline_localize, "drawn_effects", yellow)
    assert _codes(_localize(tmp_path, "yellow")) == {
        "localize.psd-layer-approximated": ["Outer Glow"]}


def test_a_re_set_text_whose_shadow_fades_with_its_fill_is_named(tmp_path, monkeypatch):
    """localize names what faded_under says of a re-set text (its shadow or glow fading with a
    fill opacity below full) as localize.approximated, in the note's own words."""
    from assetkit.document.pixels import FADED

    seen = []

    def faded(fill, fx):
        seen.append(fill)
        return (f"{FADED}its outer glow fades with its fill opacity (40 %); Photoshop draws "
                "it at full strength",) if fx is not None and fx.glow is not None else ()

    monkeypatch.setattr(pipeline_localize, "faded_under", faded)
    out = _localize(tmp_path, "faded")
    said = []
    for path in out.rglob("manifest.json"):
        text = path.read_text("utf-8")
        said += [line for line in text.splitlines() if "fades with its fill" in line]
    assert seen and said
    assert all("faded:" not in line and "approximated by" not in line for line in said)
    assert any("its outer glow fades with its fill opacity (40 %)" in line for line in said)
