"""Size rules, cover crops, zones and detail-page slices (pure functions, property-tested)."""
from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from assetkit.geometry import Box, cover_box, fit_inside, output_size, zone_box
from assetkit.model import Bounds, DetailRule, Length, Slot, Zone

EPS = 1e-9
dims = st.integers(min_value=1, max_value=6000)
unit = st.floats(min_value=0, max_value=1)


def slot(**kw) -> Slot:
    base = {"id": "s", "labels": {"en": "s", "ko": "s"}, "kind": "main", "max_kb": 100,
            "formats": ("jpeg",), "sources": ("https://example.com",),
            "verified_on": dt.date(2026, 1, 1), "confidence": "official"}
    return Slot(**(base | kw))


SQUARE_1000 = slot(size=(1000, 1000))
WIDE_AD = slot(kind="ad", size=(1200, 628))
AMAZON_LIKE = slot(bounds=Bounds(min=(1000, 1000), max=(10000, 10000), aspect=(1, 1)))
FREE_MAX_2000 = slot(bounds=Bounds(max=(2000, 2000)))
FREE_MIN_500 = slot(bounds=Bounds(min=(500, 500)))
WIDE_ANY_SIZE = slot(bounds=Bounds(aspect=(16, 9)))
DETAIL_860 = slot(kind="detail", detail=DetailRule(width=860, max_slice_height=4000))


# ---- output_size ----

@pytest.mark.parametrize(("rule", "source", "expected"), [
    (SQUARE_1000, (3000, 2000), ((1000, 1000), False)),
    (SQUARE_1000, (1000, 1000), ((1000, 1000), False)),
    (SQUARE_1000, (800, 1200), ((1000, 1000), True)),  # the 800x800 crop is enlarged
    (SQUARE_1000, (2000, 999), ((1000, 1000), True)),
    (WIDE_AD, (2400, 1256), ((1200, 628), False)),
    (WIDE_AD, (1200, 700), ((1200, 628), False)),
    (WIDE_AD, (1100, 2000), ((1200, 628), True)),
])
def test_exact_slots_get_their_size(rule, source, expected):
    assert output_size(rule, source) == expected


@pytest.mark.parametrize(("rule", "source", "expected"), [
    # the largest size at the bound's aspect that does not upscale
    (AMAZON_LIKE, (4000, 3000), ((3000, 3000), False)),
    (AMAZON_LIKE, (1000, 1000), ((1000, 1000), False)),
    # clamped to max
    (AMAZON_LIKE, (12000, 15000), ((10000, 10000), False)),
    (FREE_MAX_2000, (3000, 1500), ((2000, 1000), False)),
    # no aspect: the source's own
    (FREE_MAX_2000, (1600, 900), ((1600, 900), False)),
    (WIDE_ANY_SIZE, (1920, 1440), ((1920, 1080), False)),
    # a source below min is scaled up to min, and says so
    (AMAZON_LIKE, (800, 600), ((1000, 1000), True)),
    (FREE_MIN_500, (400, 200), ((1000, 500), True)),
])
def test_bounded_slots(rule, source, expected):
    assert output_size(rule, source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ((1720, 10000), ((860, 5000), False)),
    ((860, 12345), ((860, 12345), False)),
    ((430, 1000), ((860, 2000), True)),
    ((5000, 1), ((860, 1), False)),  # never 0 px tall
])
def test_detail_slots_keep_the_width_and_scale_the_height(source, expected):
    assert output_size(DETAIL_860, source) == expected


@settings(max_examples=200, deadline=None)
@given(sw=dims, sh=dims)
def test_bounded_square_output_stays_in_bounds(sw, sh):
    rule = slot(bounds=Bounds(min=(300, 300), max=(2000, 2000), aspect=(1, 1)))
    (w, h), upscaled = output_size(rule, (sw, sh))
    assert w == h
    assert 300 <= w <= 2000
    assert upscaled == (min(sw, sh) < 300)
    if not upscaled:
        assert w <= min(sw, sh)
        assert w == min(sw, sh, 2000)


# ---- cover_box ----

@pytest.mark.parametrize(("source", "target", "focus", "expected"), [
    ((4000, 3000), (1000, 1000), (0.5, 0.5), (500, 0, 3500, 3000)),
    ((4000, 3000), (1000, 1000), (0.0, 0.0), (0, 0, 3000, 3000)),
    ((4000, 3000), (1000, 1000), (1.0, 1.0), (1000, 0, 4000, 3000)),
    ((4000, 3000), (1000, 1000), (0.3, 0.5), (0, 0, 3000, 3000)),  # pulled back inside
    ((4000, 3000), (1000, 1000), (0.6, 0.5), (900, 0, 3900, 3000)),
    ((1000, 2000), (16, 9), (0.5, 0.5), (0, 718.75, 1000, 1281.25)),
    ((1200, 628), (1200, 628), (0.5, 0.5), (0, 0, 1200, 628)),
])
def test_cover_box_examples(source, target, focus, expected):
    assert cover_box(source, target, focus).as_tuple() == pytest.approx(expected)


def test_cover_box_of_a_same_size_source_is_the_whole_source():
    # 1054 / (1054 / 492) is a hair above 492 in floating point; the box used to start at
    # y0 = -6e-14, which Pillow's resize(box=...) rejects
    box = cover_box((1054, 492), (1054, 492))
    assert box.as_tuple() == (0, 0, 1054, 492)


@settings(max_examples=200, deadline=None)
@given(sw=dims, sh=dims, tw=dims, th=dims, fx=unit, fy=unit)
@example(sw=1054, sh=492, tw=1054, th=492, fx=0.5, fy=0.5)
def test_cover_box_properties(sw, sh, tw, th, fx, fy):
    box = cover_box((sw, sh), (tw, th), (fx, fy))
    # inside the source (exactly: Pillow refuses a negative offset)
    assert 0 <= box.x0 <= box.x1 <= sw + EPS
    assert 0 <= box.y0 <= box.y1 <= sh + EPS
    # the target's aspect, within 1 px
    assert abs(box.width * th / tw - box.height) <= 1
    assert abs(box.height * tw / th - box.width) <= 1
    # as large as possible: it spans the whole source in at least one direction
    assert math.isclose(box.width, sw) or math.isclose(box.height, sh)
    # as close to the focus as the source allows
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    assert cx == pytest.approx(min(max(fx * sw, box.width / 2), sw - box.width / 2), abs=1e-6)
    assert cy == pytest.approx(min(max(fy * sh, box.height / 2), sh - box.height / 2), abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(sw=dims, sh=dims, tw=dims, th=dims)
def test_cover_box_is_centred_by_default(sw, sh, tw, th):
    box = cover_box((sw, sh), (tw, th))
    assert box.x0 >= 0 and box.y0 >= 0
    assert box.x0 == pytest.approx(sw - box.x1, abs=1e-6)
    assert box.y0 == pytest.approx(sh - box.y1, abs=1e-6)



# ---- zones, fit_inside, Box ----

def test_zone_box_resolves_percentages_against_the_slot_size():
    badge = Zone("duration-badge", (Length(86, True), Length(86, True), Length(14, True),
                                    Length(14, True)), "ui")
    # 86 % of 1280 = 1100.8, 14 % = 179.2; 86 % of 720 = 619.2, 14 % = 100.8
    assert zone_box(badge, (1280, 720)).as_tuple() == (1101, 619, 1280, 720)


def test_zone_box_mixes_pixels_and_percentages():
    cta = Zone("cta-reply", (Length(0), Length(1530), Length(100, True), Length(390)), "ui")
    assert zone_box(cta, (1080, 1920)).as_tuple() == (0, 1530, 1080, 1920)
    edge = Zone("right-edge", (Length(94, True), Length(0), Length(6, True), Length(100, True)),
                "ui")
    assert zone_box(edge, (1000, 2000)).as_tuple() == (940, 0, 1000, 2000)


@pytest.mark.parametrize(("size", "limit", "expected"), [
    ((4000, 3000), (1000, 1000), (1000, 750)),
    ((3000, 4000), (1000, 1000), (750, 1000)),
    ((100, 50), (1000, 1000), (1000, 500)),
    ((1200, 628), (1200, 628), (1200, 628)),
])
def test_fit_inside(size, limit, expected):
    assert fit_inside(size, limit) == pytest.approx(expected)


def test_box_intersection():
    assert Box(0, 0, 10, 10).intersect(Box(5, 5, 20, 20)) == Box(5, 5, 10, 10)
    assert Box(0, 0, 10, 10).intersect(Box(10, 0, 20, 10)) is None  # touching edges only
    assert Box(0, 0, 10, 10).intersect(Box(20, 20, 30, 30)) is None
    assert Box(2, 3, 7, 11).width == 5 and Box(2, 3, 7, 11).height == 8
