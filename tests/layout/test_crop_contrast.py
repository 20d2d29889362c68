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
