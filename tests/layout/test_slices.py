"""The one detail-page cutter: cuts in blank bands near the even cut, never through a photo or a
line of text when a blank band exists, no slice under a quarter of the max height but the last,
the even cut (with its finding) only as the fallback; build and localize cut alike."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from assetkit import build
from assetkit.commands.localize import localize
from assetkit.document import open_document
from assetkit.layout.slices import PageRows, blank_rows, cut_findings, plan_slices, text_rows
from assetkit.localize.translators import OfflineTranslator
from assetkit.pipeline.stages import detail_page
from assetkit.render.resample import Resampler
from tests.conftest import REPO, real_psd

WIDTH = 600


def page(height: int, photos: list[tuple[int, int]]) -> Image.Image:
    """White page with grainy photo bands [y0, y1) (no row of a photo is uniform)."""
    rng = np.random.default_rng(7)
    pixels = np.full((height, WIDTH, 3), 255, dtype=np.uint8)
    for y0, y1 in photos:
        pixels[y0:y1, 20:WIDTH - 20] = rng.integers(0, 255, (y1 - y0, WIDTH - 40, 3))
    return Image.fromarray(pixels, "RGB")


def test_a_photo_over_the_even_cut_moves_the_cut_into_the_blank_band_10_percent_away():
    # 6000 rows, max 4000: even cut at 3000; a photo covers 2800-3300; a gap at 3380-3420
    # (about 10 % of the max height below the even cut), photos elsewhere
    image = page(6000, [(100, 2800), (2800, 3380), (3420, 5900)])
    cuts = plan_slices(PageRows(image), 4000)
    assert cuts.slices == ((0, 3400), (3400, 6000)) and cuts.through == ()


def test_without_a_blank_band_the_even_cut_carries_the_finding():
    image = page(6000, [(0, 6000)])
    cuts = plan_slices(PageRows(image), 4000)
    assert cuts.slices == ((0, 3000), (3000, 6000))
    where = {"source": "page", "platform": "p", "slot": "detail"}
    assert [(f.code, f.severity, f.message) for f in cut_findings(cuts, where)] == [
        ("layout.slice-through-content", "warning", "the cut at row 3000 goes through content: "
         "no blank band where a cut may go")]


def test_a_blank_band_beyond_the_window_still_beats_cutting_a_photo():
    image = page(6000, [(0, 2000), (2040, 6000)])  # the only gap is 1000 rows above the even cut
    cuts = plan_slices(PageRows(image), 4000)
    assert cuts.slices == ((0, 2020), (2020, 6000)) and cuts.through == ()


def test_a_line_of_text_is_never_split_and_a_paragraph_may_be_cut_between_lines():
    image = page(600, [(80, 560)])  # a photo beside the text: no blank row from 80 to 560
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 80, 420, 560), fill=(220, 220, 220))  # the text's panel
    for y in range(90, 530, 40):  # eleven 24 px lines of "text"; one spans the even cut (300)
        draw.rectangle((40, y, 300, y + 23), fill=(20, 20, 20))
    text = text_rows(image, [(40, 90, 400, 530)])
    assert text[290:314].all() and not text[314:330].any()
    cuts = plan_slices(PageRows.known(blank_rows(image), text), 350)
    assert plan_slices(PageRows(image, [(40, 90, 400, 530)]), 350) == cuts
    assert cuts.slices == ((0, 290), (290, 600))  # moved off the line, onto its top edge
    assert cuts.through == ((290, "content"),)  # the photo is cut, no line of text


@settings(max_examples=150, deadline=None)
@given(height=st.integers(min_value=1, max_value=20000),
       max_height=st.integers(min_value=8, max_value=5000),
       bands=st.lists(st.tuples(st.integers(0, 20000), st.integers(1, 400)), max_size=30))
def test_slices_cover_the_page_and_stay_between_a_quarter_and_the_max(height, max_height, bands):
    blank = np.zeros(height, dtype=bool)
    for y, h in bands:
        blank[y:y + h] = True
    cuts = plan_slices(PageRows.known(blank), max_height)
    slices = cuts.slices
    assert slices[0][0] == 0 and slices[-1][1] == height
    assert all(a[1] == b[0] for a, b in zip(slices, slices[1:], strict=False))
    sizes = [y1 - y0 for y0, y1 in slices]
    assert all(0 < s <= max_height for s in sizes)
    assert all(s >= max_height / 4 for s in sizes[:-1])
    fewest = max(1, -(-height // max_height))
    assert fewest <= len(slices) <= fewest + max(2, fewest // 4)
    if len(slices) > fewest:  # more slices only to land every cut in a blank band
        assert cuts.through == () or plan_slices(PageRows.known(blank), max_height).through == cuts.through
    clean = {y for y in range(1, height) if blank[y - 1] or blank[y]}
    assert all(y1 in clean for _, y1 in slices[:-1] if y1 not in dict(cuts.through))


@settings(max_examples=40, deadline=None)
@given(height=st.integers(min_value=1, max_value=3000),
       max_height=st.integers(min_value=40, max_value=1500),
       photos=st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 600)), max_size=8),
       boxes=st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 300)), max_size=4))
def test_reading_rows_on_demand_cuts_exactly_as_reading_the_whole_page(height, max_height,
                                                                       photos, boxes):
    image = page(height, [(y, min(height, y + h)) for y, h in photos if y < height])
    text_boxes = [(30, y, 300, y + h) for y, h in boxes]
    whole = PageRows.known(blank_rows(image), text_rows(image, text_boxes))
    assert plan_slices(PageRows(image, text_boxes), max_height) == plan_slices(whole, max_height)


def test_a_page_is_read_only_around_its_cuts_and_not_at_all_when_it_needs_none():
    image = page(12000, [(y, y + 900) for y in range(50, 12000, 1000)])
    rows = PageRows(image)
    cuts = plan_slices(rows, 3000)
    assert len(cuts.slices) == 4 and cuts.through == ()
    assert rows.rows_read <= 0.4 * 12000  # three windows of +-15 % of 3000 rows, in chunks
    untouched = PageRows(image)
    assert plan_slices(untouched, 12000).slices == ((0, 12000),) and untouched.rows_read == 0


def test_webtoon_page_at_150_px_slices():
    path = real_psd("webtoon-enginedata-paragraph.psd")
    doc = open_document(path)
    layers = [la for la in doc.scene.layers if la.text is not None and la.visible and la.bbox]
    boxes = [la.bbox.as_tuple() for la in layers]
    cuts = detail_page(doc.flatten().convert("RGB"), doc.size, 150, boxes,
                       Resampler("pillow")).cuts
    heights = [y1 - y0 for y0, y1 in cuts.slices]
    assert len(heights) >= 3 and all(h >= 37 for h in heights[:-1]), heights
    for la in layers:  # each line of each type layer: rows where its own pixels have ink
        px = doc.layer_pixels(la.id)
        ink = np.asarray(px.image.getchannel("A")).max(axis=1) > 32
        rows = {px.offset[1] + i for i in np.flatnonzero(ink)}
        split = [y1 for _, y1 in cuts.slices[:-1] if y1 - 1 in rows and y1 in rows]
        assert split == [], (la.name, split)


@pytest.mark.slow
def test_build_and_localize_cut_the_same_page_at_the_same_rows(tmp_path):
    psd = REPO / "input" / "haneul-detail-page.psd"
    slot = "naver-smartstore/detail"
    built = build([psd], only=[slot], out=tmp_path / "b", jobs=1)
    local = localize([psd], to="ko", translator=OfflineTranslator(), only=[slot],
                     out=tmp_path / "l")
    rows = sorted((o.slice.y0, o.slice.y1) for o in built.outputs)
    (source,) = local.sources
    assert rows == sorted((o.slice.y0, o.slice.y1) for o in source.outputs)
    assert len(rows) >= 2
