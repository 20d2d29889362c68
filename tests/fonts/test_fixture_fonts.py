"""The substitution table over the real Photoshop fixtures: no font it covers is missing, and
localizing with the default brand (no aliases) re-sets every text layer whose font is covered."""
from __future__ import annotations

import pytest

from assetkit import check
from assetkit.commands.localize import LocalizeOptions, localize
from assetkit.document import open_document
from assetkit.fonts.names import matches
from assetkit.render.text.layer import cannot_reset, drawn_effects
from tests.conftest import FIXTURES, all_real_psds
from tools.golden_outputs import PseudoKorean

TEXT_FIXTURES = [n for n in all_real_psds()
                 if any(la.text is not None for la in open_document(FIXTURES / n).scene.layers)]


def _covered(fonts, font: str) -> bool:
    return any(matches(font, p) for row in fonts.table.rows for p in row.fonts) or \
        fonts.resolve(font).via in ("bundled", "installed")


@pytest.mark.parametrize("name", all_real_psds() or ["(no fixtures)"])
def test_no_font_the_table_covers_is_missing(name, ci_fonts):
    if name == "(no fixtures)":
        pytest.skip(f"real fixtures not found under {FIXTURES}")
    report = check([FIXTURES / name])
    missing = [f for a in report.assets for f in a.findings if f.code == "fonts.missing"]
    covered = [f.message for f in missing if _covered(ci_fonts, f.message.split("'")[1])]
    assert covered == []


@pytest.mark.slow
@pytest.mark.parametrize("name", TEXT_FIXTURES or ["(no fixtures)"])
def test_localize_resets_every_text_layer_whose_font_is_covered(name, ci_fonts, tmp_path):
    if name == "(no fixtures)":
        pytest.skip(f"real fixtures not found under {FIXTURES}")
    result = localize([FIXTURES / name], to="ko", translator=PseudoKorean(),
                      only=["naver-smartstore/detail"], out=tmp_path,
                      options=LocalizeOptions(source_root=FIXTURES))
    (source,) = result.sources
    doc = open_document(FIXTURES / name)
    reset = {t.layer.id for t in source.texts}
    substituted = {f.layer for f in result.findings if f.code == "fonts.substituted"}
    kept = {f.layer for f in result.findings if f.code == "localize.kept-raster"}
    for layer in doc.scene.layers:
        if layer.text is None or not layer.visible or layer.path_str not in kept | {
                t.layer.path_str for t in source.texts}:
            continue  # not translated (no text to translate)
        main = max(layer.text.runs, key=lambda r: len(r.text)).font
        settable = cannot_reset(layer, drawn_effects(doc, layer) if layer.effects else None)
        if _covered(ci_fonts, main) and settable is None:
            assert layer.id in reset, f"{layer.path_str} ({main}) was not re-set"
            if ci_fonts.resolve(main).substituted:
                assert layer.path_str in substituted, layer.path_str
