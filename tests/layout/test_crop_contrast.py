"""The background crop prefers a position where the coded text gets its contrast."""
from __future__ import annotations

from dataclasses import replace

from PIL import Image

from assetkit.coded import CodedArea
from assetkit.config import load_catalog
from assetkit.layout.crop_contrast import prefer_contrast
from assetkit.model import Length

SLOT = replace(load_catalog().get("kakao-ads").slot("rich-pop-1200x600"), coded_text=(
    CodedArea("title", (Length(5, True), Length(80, True), Length(90, True), Length(11, True)),
              size_px=36, weight="bold"),))


def _plate(left: tuple[int, int, int], right: tuple[int, int, int]) -> Image.Image:
    plate = Image.new("RGB", (2400, 600), left)
    plate.paste(right, (1200, 0, 2400, 600))
    return plate


def test_white_text_slides_the_crop_off_a_bright_half():
    focus = prefer_contrast(_plate((250, 250, 250), (20, 30, 60)), SLOT, (1200, 600), (0.25, 0.5))
    assert focus == (0.75, 0.5)


def test_enough_contrast_keeps_the_focus():
    plate = _plate((20, 30, 60), (250, 250, 250))
    assert prefer_contrast(plate, SLOT, (1200, 600), (0.25, 0.5)) == (0.25, 0.5)


def test_no_area_or_no_room_to_slide_keeps_the_focus():
    plate = _plate((250, 250, 250), (20, 30, 60))
    assert prefer_contrast(plate, replace(SLOT, coded_text=()), (1200, 600), (0.25, 0.5)) == (
        0.25, 0.5)
    square = Image.new("RGB", (1200, 600), (250, 250, 250))
    assert prefer_contrast(square, SLOT, (1200, 600), (0.3, 0.5)) == (0.3, 0.5)


def test_the_crop_chosen_for_contrast_is_judged_as_the_text_slide_leaves_it():
    """The crop slides to keep text left in the plate whole (crop_text.py). The contrast
    preference used to judge each candidate before that slide: it chose the nearest dark crop
    (x 1260..2460), which cut a copy block (x 1100..1300); the slide then took the crop back to
    x 1100, over the bright part, under the coded title. Judged as it ends up, a crop further
    right keeps the title's contrast and leaves the block whole, out of the frame."""
    from assetkit.geometry import Box
    from assetkit.layout.crop_text import plate_crop

    plate = Image.new("RGB", (3000, 600), (20, 30, 60))
    plate.paste((250, 250, 250), (0, 0, 1250, 600))
    copy = (Box(1100, 100, 1300, 160),)
    unaware = prefer_contrast(plate, SLOT, (1200, 600), (0.2, 0.5))  # as it judged before
    assert plate_crop((3000, 600), (1200, 600), unaware, copy).x0 < 1250  # slid onto bright
    focus = prefer_contrast(plate, SLOT, (1200, 600), (0.2, 0.5), copy)
    crop = plate_crop((3000, 600), (1200, 600), focus, copy)
    assert crop.x0 >= 1250  # nothing bright under the title
    assert crop.x0 >= 1300 or crop.x1 <= 1100 or (crop.x0 <= 1100 and crop.x1 >= 1300)
