"""The background crop slides (at most a quarter of its side) to keep text left in the plate
whole: inside the frame if it can, else wholly out of it rather than cut through."""
from __future__ import annotations

from assetkit.geometry import Box
from assetkit.layout.crop_text import KEEP, whole_text_crop

SOURCE = (2000, 1000)
CROP = Box(700, 0, 1300, 1000)  # 600 wide, centred on the focus, full height: slides along x
FOCUS = (0.5, 0.5)


def test_text_cut_by_the_edge_is_taken_in_by_the_nearest_slide():
    price = Box(1200, 800, 1380, 900)  # through the right edge
    moved = whole_text_crop(CROP, SOURCE, [price], FOCUS)
    assert (moved.x0, moved.x1, moved.y0, moved.y1) == (780, 1380, 0, 1000)  # its edge on the box's


def test_text_out_of_reach_is_left_wholly_out_not_cut():
    wide = Box(1250, 800, 1600, 900)  # taking it in needs a 300 px slide (> 150)
    moved = whole_text_crop(CROP, SOURCE, [wide], FOCUS)
    assert moved.x1 == 1250 and moved.width == CROP.width
    assert abs(moved.x0 - CROP.x0) <= (0.5 - KEEP) * CROP.width


def test_the_most_text_whole_wins_and_a_crop_cutting_nothing_stays():
    left, right = Box(690, 100, 740, 150), Box(1270, 100, 1285, 150)  # both cut at 700..1300
    moved = whole_text_crop(CROP, SOURCE, [left, right], FOCUS)
    assert (moved.x0, moved.x1) == (690, 1290)  # both whole, the nearest such slide
    inside = Box(800, 100, 900, 150)
    assert whole_text_crop(CROP, SOURCE, [inside], FOCUS) == CROP


def test_a_crop_that_cannot_slide_or_has_no_text_is_kept():
    full = Box(0, 0, 2000, 1000)
    assert whole_text_crop(full, SOURCE, [Box(1990, 0, 2100, 50)], FOCUS) == full
    assert whole_text_crop(CROP, SOURCE, [], FOCUS)
    assert whole_text_crop(CROP, SOURCE, [Box(0, 0, 0, 0)], FOCUS) == CROP  # a type layer with no box == CROP


def test_the_crop_stays_inside_the_source():
    crop = Box(1350, 0, 1950, 1000)
    moved = whole_text_crop(crop, SOURCE, [Box(1900, 10, 2100, 60)], (0.8, 0.5))  # past it
    assert moved.x1 <= 2000 and moved.x0 >= 0 and moved.width == crop.width


def test_a_crop_held_at_the_edge_by_its_focus_does_not_slide_the_focus_out():
    crop = Box(0, 0, 600, 1000)  # cover_box pushed it to the left edge: the focus is at x = 100
    text = [Box(550, 100, 700, 150)]  # taking it in would leave the focus 50 px from the edge
    assert whole_text_crop(crop, SOURCE, text, (0.05, 0.5)) == crop
