"""Layout engine geometry: zones, fits, main-image rule, dropping, closed error codes."""
from __future__ import annotations

import pytest

from assetkit.geometry import Box
from assetkit.layout import LayoutSource, UnitInfo, plan_layout
from assetkit.layout.engine import UNSERVABLE, avoid, fit_into, usable_area
from assetkit.model import Length, Zone
from tests.factories import make_slot

slot = make_slot


def pct(v):
    return Length(v, percent=True)


STORY = slot((1080, 1920), overlay_zones=(
    Zone("top", (Length(0), Length(0), pct(100), pct(14)), "ui"),
    Zone("bottom", (Length(0), pct(80), pct(100), pct(20)), "ui")))
UNITS = (UnitInfo("product", Box(1000, 200, 1600, 1400), ("@product",), 1),
         UnitInfo("logo", Box(40, 40, 240, 100), ("@logo",), 2),
         UnitInfo("headline", Box(40, 300, 900, 500), ("@headline",), 3),
         UnitInfo("sub", Box(40, 520, 900, 580), ("@sub",), 4),
         UnitInfo("cta", Box(40, 620, 340, 700), ("@cta",), 5))
SCENE = (2000, 1500)


def test_usable_area_cuts_full_width_bands():
    area = usable_area(STORY, (1080, 1920))
    assert area == Box(0, round(0.14 * 1920), 1080, round(0.8 * 1920))


def test_avoid_keeps_the_largest_free_rectangle():
    free = avoid(Box(0, 0, 100, 100), [Box(80, 80, 100, 100)])
    assert free is not None and free.width * free.height == 80 * 100
    assert free.intersect(Box(80, 80, 100, 100)) is None


def test_fit_into_keeps_aspect_and_anchor():
    dst, scale = fit_into(Box(0, 0, 200, 100), Box(10, 10, 110, 210), ("center", "bottom"))
    assert scale == pytest.approx(0.5)
    assert dst.width / dst.height == pytest.approx(2.0)
    assert dst.y1 == pytest.approx(210) and dst.x0 == pytest.approx(10)


@pytest.mark.parametrize("size", [(300, 250), (728, 90), (160, 600), (1080, 1920), (1200, 628),
                                  (970, 250), (1080, 1350)])
def test_every_placement_inside_frame_out_of_zones_and_undistorted(size):
    s = STORY if size == (1080, 1920) else slot(size)
    layout = plan_layout(LayoutSource(UNITS, SCENE), s, size)
    assert layout.servable
    frame = Box(0, 0, *size)
    zones = [Box(0, 0, 1080, 0.14 * 1920), Box(0, 0.8 * 1920, 1080, 1920)] if s is STORY else []
    for p in layout.placements:
        assert p.dst.intersect(frame) == p.dst, p.role
        assert all(p.dst.intersect(z) is None for z in zones), p.role
        assert p.dst.width / p.dst.height == pytest.approx(p.src.width / p.src.height, rel=1e-6)
    roles = {p.role for p in layout.placements}
    if size[1] >= 100:
        assert roles == {"product", "logo", "headline", "sub", "cta"}


def test_placements_do_not_overlap_in_common_slots():
    for size in [(300, 250), (1200, 628), (1080, 1080), (1080, 1920)]:
        layout = plan_layout(LayoutSource(UNITS, SCENE), slot(size), size)
        boxes = [p.dst for p in layout.placements]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                overlap = a.intersect(b)
                assert overlap is None or overlap.width * overlap.height < 1, size


def test_a_short_slot_keeps_what_is_legible_and_drops_what_is_not():
    units = (*UNITS[:3], UnitInfo("sub", Box(40, 520, 900, 580), ("@sub",), 4, "sub", 50.0),
             UnitInfo("legal", Box(40, 1400, 900, 1420), ("@legal",), 6, "legal", 16.0))
    layout = plan_layout(LayoutSource(units, SCENE), slot((728, 90)), (728, 90))
    placed = {p.role: p for p in layout.placements}
    assert "sub" in placed and 50 * placed["sub"].scale >= 9
    dropped = [f for f in layout.findings if f.code == "layout.unit-dropped"]
    assert [f.layer for f in dropped] == ["@legal"] and "below the 9 px minimum" in \
        dropped[0].message


def test_main_white_slot_places_only_the_product_at_the_required_fill():
    main = slot((1000, 1000), kind="main", background="white", forbid=("text", "logo"),
                min_product_fill=0.85)
    layout = plan_layout(LayoutSource(UNITS, SCENE), main, (1000, 1000))
    assert layout.mode == "main-white" and layout.background == "white"
    assert [p.role for p in layout.placements] == ["product"]
    dst = layout.placements[0].dst
    assert max(dst.width, dst.height) / 1000 >= 0.85


def test_main_white_without_product_is_a_closed_list_error():
    main = slot((1000, 1000), kind="main", background="white", forbid=("text",))
    layout = plan_layout(LayoutSource(UNITS[1:], SCENE), main, (1000, 1000), where={"platform": "coupang"})
    assert not layout.servable
    codes = [f.code for f in layout.findings]
    assert codes == ["layout.no-product"] and set(codes) <= set(UNSERVABLE)
    assert layout.findings[0].platform == "coupang"


def test_upscaling_a_unit_is_a_warning():
    tiny = (UnitInfo("product", Box(0, 0, 20, 20), ("@product",), 1),)
    layout = plan_layout(LayoutSource(tiny, SCENE), slot((1200, 628)), (1200, 628))
    assert [f.code for f in layout.findings] == ["layout.upscaled"]
