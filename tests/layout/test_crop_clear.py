"""The background crop of a recomposed slot moves off text left in the plate that the placed
units would cover or the crop would cut, to the clear position nearest the units' own place in
the plate; a crop with nothing covered or cut stays where the focus put it."""
from __future__ import annotations

import random

import pytest

from assetkit.geometry import Box
from assetkit.layout import LayerRef, LayoutSource, plan_layout
from assetkit.layout.account import faults, text_verdicts
from assetkit.layout.crop_text import plate_crop
from tests.factories import make_slot
from tests.layout.test_units_layout import unit

# A detail page: the hero (logo, headline, product) in its first 1200 px, then sections of
# copy left in the plate (rasterized text: no units) down to the foot.
PAGE = (860, 12000)
HERO = (unit("logo", "logo", (60, 60, 300, 140), 4),
        unit("headline", "headline", (100, 300, 760, 420), 5, 80),
        unit("product", "product", (280, 500, 580, 1100), 2))
COPY = tuple(LayerRef(f"section {i}/copy", 20 + i, Box(80, y, 780, y + 320), True)
             for i, y in enumerate(range(1500, 11600, 600)))


def _plate_faults(layout) -> list:
    return [f for f in layout.findings if f.code in ("layout.covered", "layout.cut")
            and f.layer and f.layer.startswith("section")]


@pytest.mark.parametrize("size", [(1000, 1000), (1200, 628), (1080, 1920), (300, 250)])
def test_units_from_the_hero_get_the_hero_band_not_copy_from_mid_page(size):
    source = LayoutSource(HERO, PAGE, COPY)
    start = plate_crop(PAGE, size, (0.5, 0.5), source.plate_text)
    before = faults(COPY, plan_layout(LayoutSource(HERO, PAGE), make_slot(size), size).placements,
                    start, size, (), {})
    assert any(f.code == "layout.covered" for f in before)  # what the focus alone gave

    layout = plan_layout(source, make_slot(size), size)
    assert not _plate_faults(layout), _plate_faults(layout)
    assert layout.bg_crop is not None and layout.bg_crop.y0 < 1200  # behind its own units
    assert layout.bg_crop.height == pytest.approx(start.height)  # only moved, same scale


def test_a_crop_with_nothing_covered_or_cut_stays_at_the_focus():
    size = (1000, 1000)
    far = tuple(LayerRef("foot/copy", 40, Box(80, 11500, 780, 11800), True) for _ in range(1))
    layout = plan_layout(LayoutSource(HERO, PAGE, far), make_slot(size), size)
    assert layout.bg_crop == plate_crop(PAGE, size, (0.5, 0.5), (far[0].box,))


def test_where_nothing_is_clear_the_crop_takes_the_fewest_covered():
    # copy everywhere but one band (y 6000..7400): the crop goes there, far from the hero
    copy = tuple(LayerRef(f"section {i}/copy", 20 + i, Box(80, y, 780, y + 320), True)
                 for i, y in enumerate(range(0, 12000, 400)) if not 5700 < y < 7400)
    size = (1000, 1000)
    layout = plan_layout(LayoutSource(HERO, PAGE, copy), make_slot(size), size)
    assert not _plate_faults(layout)
    assert 5900 <= layout.bg_crop.y0 and layout.bg_crop.y1 <= 7500


def test_text_no_crop_keeps_clear_is_still_named():
    copy = tuple(LayerRef(f"section {i}/copy", 20 + i, Box(80, y, 780, y + 320), True)
                 for i, y in enumerate(range(0, 12000, 340)))
    size = (1000, 1000)
    layout = plan_layout(LayoutSource(HERO, PAGE, copy), make_slot(size), size)
    assert any(f.code == "layout.covered" for f in _plate_faults(layout))


def test_a_banner_slides_sideways_off_a_tagline_under_the_product():
    scene = (3000, 1000)
    units = (unit("product", "product", (2000, 100, 2900, 950), 2),
             unit("headline", "headline", (100, 200, 1400, 400), 3, 120))
    tagline = (LayerRef("tagline", 9, Box(1450, 600, 1950, 680), True),)
    size = (1000, 1000)
    layout = plan_layout(LayoutSource(units, scene, tagline), make_slot(size), size)
    start = plate_crop(scene, size, (0.5, 0.5), (tagline[0].box,))
    assert [f.code for f in faults(tagline, layout.placements, start, size, (), {})] == [
        "layout.covered"]  # what the focus alone gave
    assert not [f for f in layout.findings if f.layer == "tagline" and f.code != "layout.left-out"]
    # where the product's own place shows whole and the tagline is not cut: just past it
    assert 1949 <= layout.bg_crop.x0 <= 1951 and layout.bg_crop.x1 >= 2900


def _one_by_one(text: Box, crop: Box, placed, zones, size) -> tuple[bool, bool, int]:
    """The rule as `faults` judged one text with Box arithmetic before it judged many crops
    at once (the oracle of the vectorized verdicts)."""
    frame = Box(0, 0, *size)
    box = text.mapped(crop, frame)
    shown = box.intersect(frame)
    if shown is None or min(shown.width, shown.height) <= 1.0:
        return True, False, -1
    inside = box.x0 >= -1 and box.y0 >= -1 and box.x1 <= size[0] + 1 and box.y1 <= size[1] + 1
    cut = not inside or any(box.shared(z) > max(box.width, box.height) for z in zones)
    return False, cut, next((i for i, p in enumerate(placed) if box.shared(p) >= 1), -1)


def test_the_verdicts_agree_with_box_arithmetic_on_random_layouts():
    rng = random.Random(7)
    for _ in range(400):
        size = (rng.randint(100, 1500), rng.randint(100, 1500))
        crops = []
        for _ in range(3):
            x, y = rng.uniform(-50, 400), rng.uniform(-50, 400)
            crops.append(Box(x, y, x + size[0] * rng.uniform(0.3, 3),
                             y + size[1] * rng.uniform(0.3, 3)))
        texts = [Box(x, y, x + rng.uniform(0, 600), y + rng.uniform(0, 200))
                 for x, y in ((rng.uniform(-100, 1500), rng.uniform(-100, 1500))
                              for _ in range(rng.randint(1, 6)))]
        placed = [Box(x, y, x + rng.uniform(1, 500), y + rng.uniform(1, 500))
                  for x, y in ((rng.uniform(0, size[0]), rng.uniform(0, size[1]))
                               for _ in range(rng.randint(0, 4)))]
        zones = [Box(0, 0, size[0], rng.uniform(0, 0.2) * size[1])] if rng.random() < 0.5 else []
        left, cut, under = text_verdicts(texts, crops, placed, zones, size)
        for c, crop in enumerate(crops):
            for i, text in enumerate(texts):
                said = _one_by_one(text, crop, placed, zones, size)
                if said[0]:
                    assert left[c, i]
                else:
                    assert (left[c, i], cut[c, i], under[c, i]) == said


def test_a_move_never_lowers_the_coded_texts_contrast():
    """With the slot's coded-text judge, the crop does not move where the coded text loses
    its contrast: the clear band at the top is dark under the title, the one mid-page is not."""
    from assetkit.layout.crop_text import clear_crop

    size = (1000, 1000)
    copy = tuple(c for c in COPY if not 5700 < c.box.y0 < 7400)  # a clear band mid-page
    layout = plan_layout(LayoutSource(HERO, PAGE), make_slot(size), size)
    start = plate_crop(PAGE, size, (0.5, 0.5), [c.box for c in copy])
    texts = [c.box for c in copy]
    free = clear_crop(start, PAGE, texts, layout.placements, size, ())
    assert free.y0 < 1200  # the hero band, with nothing to judge by
    judged = clear_crop(start, PAGE, texts, layout.placements, size, (),
                        judge=lambda crop: 1.0 if crop.y0 > 5000 else 0.3)
    assert judged.y0 > 5000 and judged != start  # the clear band mid-page
    kept = clear_crop(start, PAGE, texts, layout.placements, size, (),
                      judge=lambda crop: 1.0 if crop == start else 0.3)
    assert kept == start  # nowhere clear keeps the contrast: the crop stays


def test_without_units_the_nearest_clear_crop_to_the_focus_is_taken():
    from assetkit.layout.crop_text import clear_crop

    size = (1000, 1000)
    start = plate_crop(PAGE, size, (0.5, 0.3), ())  # not the page's middle
    cut = Box(80, start.y1 - 100, 780, start.y1 + 100)  # across the crop's lower edge
    moved = clear_crop(start, PAGE, [cut], [], size, ())
    assert moved.y1 <= cut.y0 + 1 or moved.y0 >= cut.y1 - 1  # out of it, not cut
    assert abs(moved.y0 - start.y0) <= 201  # the nearest way, not to the page's middle


def test_many_texts_and_no_clear_crop_are_judged_in_bounded_batches():
    from assetkit.layout import crop_text

    size = (1000, 1000)
    texts = [Box(80, y, 780, y + 30) for y in range(0, 12000, 20)]  # 600 lines of copy
    layout = plan_layout(LayoutSource(HERO, PAGE), make_slot(size), size)
    start = plate_crop(PAGE, size, (0.5, 0.5), ())
    seen = []
    judge = crop_text.text_verdicts

    def counting(texts_, crops, *rest):
        seen.append(len(crops) * len(texts_) * (len(rest[0]) + len(rest[1]) + 1))
        return judge(texts_, crops, *rest)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(crop_text, "text_verdicts", counting)
        moved = crop_text.clear_crop(start, PAGE, texts, layout.placements, size, ())
    assert max(seen) <= crop_text.BUDGET + len(texts) * (len(layout.placements) + 1)
    errors = crop_text._errors(texts, [start, moved], [p.dst for p in layout.placements],
                               (), size)
    assert errors[1] <= errors[0]
