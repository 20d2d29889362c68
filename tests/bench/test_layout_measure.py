"""bench.layout's measures on tiny synthetic manifests with known answers: the warp of a placed
and a plate layer, cut (frame and zone), covered, dropped units and unit/role accuracy."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from bench.layout.ink import LayerInk, warp_ink
from bench.layout.measure import (
    Truth,
    accuracy,
    cut_share,
    dropped_units,
    is_cut,
    measure_variant,
)
from bench.layout.transform import Leaf, map_box, predicted_units, warps


def _ink(index: int, path: str, box: tuple[int, int, int, int]) -> LayerInk:
    w, h = box[2] - box[0], box[3] - box[1]
    return LayerInk(Leaf(index, path, tuple(float(v) for v in box)), "pixel",
                    Image.new("L", (w, h), 255))


# a 100x100 document: a photo (bg), a headline and its sub, a button (shape + label)
INKS = [_ink(0, "photo", (0, 0, 100, 100)), _ink(1, "Layer 3", (10, 10, 60, 20)),
        _ink(2, "txt", (10, 25, 50, 30)), _ink(3, "그룹 1/shape", (10, 70, 40, 80)),
        _ink(4, "그룹 1/label", (15, 72, 35, 78))]
TRUTH = {0: Truth("bg", "bg", False), 1: Truth("headline", "headline", True),
         2: Truth("sub", "sub", True), 3: Truth("cta", "cta", False),
         4: Truth("cta", "cta", True)}
LEAVES = [i.leaf for i in INKS]


def test_a_placed_layer_maps_src_onto_box():
    warp = map_box((10, 10, 60, 20), (0, 0, 100, 20), (1, 0, 1), "headline")
    assert warp.box((10, 10, 60, 20)) == pytest.approx((0, 0, 100, 20))
    assert warp.box((35, 15, 60, 20)) == pytest.approx((50, 10, 100, 20))


def test_todays_manifest_plate_and_placed_and_dropped():
    layout = {"mode": "recompose", "background": "plate", "bg_crop": [0, 50, 100, 100],
              "placements": [{"role": "headline", "layers": ["Layer 3"], "box": [0, 0, 200, 40]}]}
    got = warps(layout, LEAVES, (200, 100), lifted={1, 3})
    assert got[1].box(LEAVES[1].bbox) == pytest.approx((0, 0, 200, 40))  # src = its bbox
    assert got[2].box(LEAVES[2].bbox) == pytest.approx((20, -50, 100, -40))  # plate, crop
    assert got[3] is None  # lifted in another variant, not placed here: dropped
    assert got[4] is not None


def test_the_contracts_layers_list_says_dropped_and_placement_src():
    layout = {"mode": "recompose", "background": "plate", "bg_crop": [0, 0, 100, 100],
              "placements": [{"unit": "cta", "role": "cta", "layers": ["그룹 1"],
                              "src": [10, 70, 40, 80], "box": [0, 0, 30, 10]}],
              "layers": [{"index": 2, "path": "txt", "unit": "sub", "role": "sub", "box": None},
                         {"index": 3, "path": "그룹 1/shape", "unit": "cta", "role": "cta",
                          "box": [0, 0, 30, 10]},
                         {"index": 4, "path": "그룹 1/label", "unit": "cta", "role": "cta",
                          "box": [5, 2, 25, 8]}]}
    got = warps(layout, LEAVES, (100, 100))
    assert got[2] is None
    assert got[4].box(LEAVES[4].bbox) == pytest.approx((5, 2, 25, 8))
    assert got[1].box(LEAVES[1].bbox) == pytest.approx(LEAVES[1].bbox)  # plate


def test_warped_ink_lands_on_the_output_grid():
    placed = warp_ink(INKS[1], map_box((10, 10, 60, 20), (5, 5, 30, 10), (1, 0, 1), None))
    assert (placed.x, placed.y, placed.mask.shape) == (5, 5, (5, 25))
    assert placed.total == 125


def test_cut_by_the_frame_and_by_a_zone():
    placed = warp_ink(INKS[1], map_box((0, 0, 100, 100), (-10, 0, 90, 100), (0, 0, 1), None))
    lost, total = cut_share(placed, (100, 100), [])
    assert (lost, total) == (0, 500)
    placed = warp_ink(INKS[1], map_box((0, 0, 100, 100), (-15, 0, 85, 100), (0, 0, 1), None))
    assert cut_share(placed, (100, 100), []) == (50, 500)
    assert is_cut(50, 500, text=True) and is_cut(50, 500, text=False)
    assert not is_cut(5, 500, text=False) and is_cut(1, 500, text=True)
    same = warp_ink(INKS[1], map_box((0, 0, 100, 100), (0, 0, 100, 100), (0, 0, 1), None))
    assert cut_share(same, (100, 100), [(0, 0, 100, 12)]) == (100, 500)


def test_covered_by_another_unit_drawn_above_not_by_its_own_panel():
    layout = {"mode": "recompose", "background": "plate", "bg_crop": [0, 0, 100, 100],
              "placements": [{"role": "cta", "layers": ["그룹 1"], "box": [10, 12, 40, 32]}]}
    got = warps(layout, LEAVES, (100, 100), lifted={3, 4})
    result = measure_variant(INKS, TRUTH, got, (100, 100))
    assert [p for p, _ in result.covered] == ["Layer 3", "txt"]  # the button moved onto them
    assert result.cut == []
    apart = dict(layout, placements=[dict(layout["placements"][0], box=[10, 70, 40, 80])])
    assert measure_variant(INKS, TRUTH, warps(apart, LEAVES, (100, 100), {3, 4}),
                           (100, 100)).covered == []


def test_a_dropped_unit_and_whether_a_finding_names_it():
    layout = {"mode": "recompose", "background": "plate", "bg_crop": [0, 0, 100, 100],
              "placements": [{"role": "headline", "layers": ["Layer 3"], "box": [0, 0, 50, 10]}]}
    got = warps(layout, LEAVES, (100, 100), lifted={1, 3, 4})
    units, dropped = dropped_units(INKS, TRUTH, got, [])
    assert units == 3 and dropped == [("cta", "cta", False)]
    finding = {"code": "layout.role-dropped", "layer": "그룹 1"}
    assert dropped_units(INKS, TRUTH, got, [finding])[1] == [("cta", "cta", True)]


def test_unit_accuracy_wants_the_same_set_of_layers():
    today = [{"placements": [{"role": "headline", "layers": ["Layer 3", "txt"],
                              "box": [0, 0, 1, 1]},
                             {"role": "cta", "layers": ["그룹 1"], "box": [0, 0, 1, 1]}]}]
    # headline and sub merged into one unit: both wrong; photo and the button right
    assert accuracy(INKS, TRUTH, today) == (5, 3, 4)
    contract = [{"layers": [{"index": 0, "unit": "bg", "role": "bg"},
                            {"index": 1, "unit": "u1", "role": "headline"},
                            {"index": 2, "unit": "u2", "role": "headline"},
                            {"index": 3, "unit": "u3", "role": "cta"},
                            {"index": 4, "unit": "u4", "role": "cta"}]}]
    assert accuracy(INKS, TRUTH, contract) == (5, 3, 4)  # the label left its button
    assert predicted_units(contract, LEAVES)[4] == ("u4", "cta")
    assert np.array_equal(np.asarray(INKS[0].mask), np.full((100, 100), 255))
