"""Overflow measured on rendered ink: past the text's box (localize.overflow), past the canvas
(localize.off-canvas), onto a neighbour it did not touch in the source (localize.collision)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from PIL import Image

from assetkit.commands.localize import LocalizeOptions, localize
from assetkit.geometry import Box
from assetkit.localize.ink import Ink, box_findings, collision_findings
from assetkit.localize.page import SetText
from assetkit.scene import Layer
from tests.conftest import real_psd

SLOT = ["naver-smartstore/detail"]


class Fixed:
    """An offline translator: `table` by source text, else pseudo-Korean of the source (each
    word as Hangul of a third of its length, as tools/golden_outputs.py) repeated `times`."""

    name = "fixed"

    def __init__(self, table: dict[str, str] | None = None, times: int = 1) -> None:
        self.table, self.times = table or {}, times

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        return [self.table.get(t, " ".join([_pseudo(t)] * self.times)) for t in texts]


def _pseudo(text: str) -> str:
    return " ".join("한글" * max(1, len(w) // 3) for w in text.split())


def _codes(result, code: str) -> list[tuple[str, str]]:
    return [(f.layer, f.message) for f in result.findings if f.code == code]


def _run(name: str, translator: Fixed, tmp_path: Path):
    psd = real_psd(name)
    return localize([psd], to="ko", translator=translator, only=SLOT,
                    out=tmp_path / "out", options=LocalizeOptions(source_root=psd.parent))


def test_warped_text_kept_as_it_is_still_runs_off_the_canvas(tmp_path):
    result = _run("agpsd-text-complex-multifont.psd", Fixed(), tmp_path)
    layer = "Test text aaaa xxxxx  OMG !"
    assert _codes(result, "localize.off-canvas") == [
        (layer, f"text of layer '{layer}' (kept as it is) runs off the canvas "
                "(75 px left of, 63 px right of it)")]
    assert int(result.exit_code()) == 1


def test_a_stroked_translation_reaching_the_satin_layer_is_a_collision(tmp_path):
    result = _run("psdtools-layer-effects-text.psd",
                  Fixed({"Stroke": "외곽선 효과 텍스트"}), tmp_path)
    (hit,) = [h for h in _codes(result, "localize.collision") if h[0] == "Stroke"]
    assert "of layer 'Satin', which it did not touch in the source" in hit[1]
    assert all(f.severity == "error" for f in result.findings if f.code == "localize.collision")


def test_short_translations_beside_their_neighbours_give_no_ink_finding(tmp_path):
    # 'Inner Shadow' (re-set with its inner shadow) lies under the shadow 'Drop Shadow' casts
    # above it, in the source as on the page: not a collision
    result = _run("psdtools-layer-effects-text.psd",
                  Fixed({"Stroke": "외곽선", "Inner Shadow": "그림자"}), tmp_path)
    assert not [f for f in result.findings if f.code in
                ("localize.collision", "localize.overflow", "localize.off-canvas")]


def test_tripled_paragraph_runs_below_the_canvas(tmp_path):
    result = _run("webtoon-enginedata-paragraph.psd", Fixed(times=3), tmp_path)
    (off,) = _codes(result, "localize.off-canvas")
    assert off[0] == "TEST TEXT" and "px below it)" in off[1]
    (source,) = result.sources
    assert all(t.fit.fits for t in source.texts)  # the fitter says it fits: the ink does not


def _set(image: Image.Image, offset: tuple[int, int], box: Box, size: float = 20) -> SetText:
    layer = Layer(7, "title", ("title",), "type", True, 1.0, 1.0, "normal", False, box, 0)
    fit = SimpleNamespace(render=SimpleNamespace(image=image, offset=offset), size_px=size)
    return SetText(layer, "긴 번역", box, fit)


def test_ink_past_the_box_is_overflow_and_past_the_canvas_off_canvas():
    ink = Image.new("RGBA", (120, 20), (0, 0, 0, 255))
    inside = _set(ink, (10, 10), Box(10, 10, 130, 30))
    wide = _set(ink, (10, 10), Box(10, 10, 60, 30))
    off = _set(ink, (-5, 10), Box(0, 10, 120, 30))
    assert box_findings([inside], (200, 100), "s") == []
    (over,) = box_findings([wide], (200, 100), "s")
    assert (over.code, over.severity, over.layer, over.message) == (
        "localize.overflow", "error", "title",
        "text of layer 'title' is drawn past its box (70 px right of it)")
    assert [f.code for f in box_findings([off], (100, 100), "s")] == [
        "localize.overflow", "localize.off-canvas"]
    assert box_findings([wide], (200, 100), "s", reported={"title"}) == []


def test_a_glyph_overshooting_its_line_by_under_a_tenth_of_the_size_is_not_overflow():
    ink = Image.new("RGBA", (50, 24), (0, 0, 0, 255))
    assert box_findings([_set(ink, (10, 8), Box(10, 10, 60, 32), size=30)], (99, 99), "s") == []


def test_a_long_translation_in_a_small_box_is_an_overflow_error_per_layer(tmp_path):
    long = "아주 긴 번역 문장이 작은 상자에 들어가지 않습니다 " * 6
    result = _run("psdjs-example.psd", Fixed({"Make a change and save.": long}), tmp_path)
    over = _codes(result, "localize.overflow")
    (source,) = result.sources
    assert {layer for layer, _ in over} == {t.layer.path_str for t in source.texts}
    assert len(over) == len(source.texts) and all(f.severity == "error" for f in
                                                  result.findings if f.code == "localize.overflow")


def test_hangul_rising_a_quarter_em_above_a_point_texts_source_ink_is_not_overflow():
    ink = Image.new("RGBA", (50, 30), (0, 0, 0, 255))
    assert box_findings([_set(ink, (10, 5), Box(10, 10, 60, 40), size=20)], (99, 99), "s") == []
    (over,) = box_findings([_set(ink, (10, 3), Box(10, 10, 60, 40), size=20)], (99, 99), "s")
    assert over.message.endswith("(7 px above it)")


def _ink(x: int, y: int, w: int, h: int) -> Ink:
    return Ink(np.ones((h, w), bool), (x, y))


def test_a_neighbour_kept_as_it_is_lends_no_reach_to_the_collision_test():
    """The source layer is grown by a neighbour's effects only where the neighbour was re-set
    (its new ink has them); a kept neighbour's ink is its pixels, shadow or not."""
    shadowed = Layer(8, "photo", ("photo",), "pixel", True, 1.0, 1.0, "normal", False,
                     Box(90, 10, 140, 30), 1, effects=("DropShadow",), effect_reach=40)
    item = _set(Image.new("RGBA", (100, 20), (0, 0, 0, 255)), (10, 10), Box(10, 10, 60, 30))
    inks = {7: _ink(10, 10, 50, 20), 8: _ink(90, 10, 50, 20)}
    found = collision_findings([item], {7: _ink(10, 10, 100, 20)}, [shadowed],
                               lambda la: inks[la.id], "s")
    assert [(f.code, f.layer) for f in found] == [("localize.collision", "title")]
    again = collision_findings([item], {7: _ink(10, 10, 100, 20), 8: _ink(90, 10, 50, 20)},
                               [shadowed], lambda la: inks[la.id], "s")
    assert again == []  # re-set, its shadow reached the title in the source: not new
