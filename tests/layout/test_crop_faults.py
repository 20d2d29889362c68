"""layout.account.crop_faults: a cover crop of a whole composite (the flatten path's, an
artboard's) judged against the type layers it shows."""
from __future__ import annotations

from dataclasses import replace

from assetkit.geometry import Box
from assetkit.layout import crop_faults
from assetkit.scene import Artboard, Layer, Scene, TextInfo, TextRun

WHERE = {"source": "s", "platform": "p", "slot": "q"}


def _type(name: str, box: tuple[float, float, float, float], **kw) -> Layer:
    info = TextInfo(name, (TextRun(name, "NotoSansKR-Bold", 40, (0, 0, 0, 255)),), "left",
                    "point", None)
    return Layer(id=kw.pop("id", 1), name=name, path=(name,), kind="type", visible=True,
                 opacity=1, fill_opacity=1, blend_mode="normal", clipping=False, bbox=Box(*box),
                 index=kw.pop("index", 0), text=info, **kw)


def _scene(*layers: Layer) -> Scene:
    return Scene(600, 900, 72, "RGB", 8, layers, source="s")


def _named(found) -> list[tuple[str, str]]:
    return [(f.layer, f.code) for f in found]


def test_text_cut_through_or_left_out_by_the_crop_is_named():
    # 1000x1000 of a 600x900 page keeps rows 150..750
    scene = _scene(_type("through", (50, 100, 500, 200)),
                   _type("out", (50, 20, 500, 80), id=2, index=1),
                   _type("kept", (50, 300, 500, 360), id=3, index=2))
    found = crop_faults(scene, scene.canvas, (1000, 1000), (), WHERE)
    assert _named(found) == [("through", "layout.cut"), ("out", "layout.left-out")]
    assert [f.severity for f in found] == ["error", "warning"]
    assert [f.message for f in found] == [
        "type layer is cut by the crop or an overlay zone",
        "type layer lies wholly outside the crop: not in this slot"]
    assert found[0].slot == "q"


def test_hidden_faded_empty_and_off_canvas_text_is_not_judged():
    scene = _scene(replace(_type("hidden", (50, 100, 500, 200)), visible=False),
                   replace(_type("empty", (0, 0, 1, 1), id=2), bbox=None),
                   _type("parked", (700, 100, 900, 200), id=3),
                   replace(_type("faded", (50, 100, 500, 200), id=4), opacity=0.0))
    assert crop_faults(scene, scene.canvas, (1000, 1000), (), WHERE) == []


def test_what_the_canvas_cut_already_is_not_the_crops_doing():
    # reaches past the page's left edge; the crop (the whole width) cuts nothing more
    scene = _scene(_type("bleed", (-40, 300, 200, 360)))
    assert crop_faults(scene, scene.canvas, (1000, 1000), (), WHERE) == []


def test_text_under_an_overlay_zone_is_named():
    scene = _scene(_type("corner", (420, 680, 580, 740)))
    zone = Box(800, 800, 1000, 1000)  # slot px: the page's bottom-right corner
    assert _named(crop_faults(scene, scene.canvas, (1000, 1000), (zone,), WHERE)) == [("corner", "layout.cut")]
    assert crop_faults(scene, scene.canvas, (1000, 1000), (), WHERE) == []


def test_text_in_an_artboard_is_judged_by_what_the_artboard_shows():
    # an artboard (group 1) over rows 150..750 clips its text to them: the crop of those rows
    # cuts nothing more; the same text outside any artboard is cut
    board = Layer(id=1, name="Board", path=("Board",), kind="artboard", visible=True, opacity=1,
                  fill_opacity=1, blend_mode="normal", clipping=False, bbox=Box(0, 150, 600, 750),
                  index=0)
    inside = replace(_type("inside", (50, 100, 500, 200), id=2, index=1), parent=1,
                     path=("Board", "inside"))
    scene = replace(_scene(board, inside), artboards=(Artboard(1, "Board", board.bbox),))
    assert crop_faults(scene, scene.canvas, (1000, 1000), (), WHERE) == []
    alone = _scene(_type("alone", (50, 100, 500, 200)))
    assert _named(crop_faults(alone, alone.canvas, (1000, 1000), (), WHERE)) == [
        ("alone", "layout.cut")]


def test_an_artboards_crop_judges_its_own_text_alone():
    # two 600x900 artboards side by side; the slot is cut from the right one (x 600..1200):
    # its square crop keeps rows 150..750 of it, cutting "right-text"; "left-text", in the
    # other artboard, is not this slot's
    boards = [Layer(id=i, name=n, path=(n,), kind="artboard", visible=True, opacity=1,
                    fill_opacity=1, blend_mode="normal", clipping=False,
                    bbox=Box(x, 0, x + 600, 900), index=i) for i, n, x in ((1, "L", 0),
                                                                           (2, "R", 600))]
    left = replace(_type("left-text", (50, 100, 500, 200), id=3, index=3), parent=1)
    right = replace(_type("right-text", (650, 100, 1100, 200), id=4, index=4), parent=2)
    kept = replace(_type("right-kept", (650, 300, 1100, 360), id=5, index=5), parent=2)
    scene = Scene(1200, 900, 72, "RGB", 8, (*boards, left, right, kept), source="s",
                  artboards=tuple(Artboard(b.id, b.name, b.bbox) for b in boards))
    found = crop_faults(scene, Box(600, 0, 1200, 900), (1000, 1000), (), WHERE)
    assert _named(found) == [("right-text", "layout.cut")]
