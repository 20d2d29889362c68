"""Text that read in its source and does not where it is placed is laid on a panel of the colour
it read against, a third of its tallest line around its ink, when it then reads: wholly under
its ink (even where a unit drawn before it is, the case that needs it), and in its margin around
what was drawn before it (the pen fixture's headline panel hid the top of the sub)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from assetkit.measure.edge_contrast import edge_contrast
from assetkit.render.legible import TextContrast, legible

FONT = ImageFont.load_default(size=40)
BLACK, WHITE = (0, 0, 0), (255, 255, 255)


def _text(words: str, colour=BLACK) -> Image.Image:
    piece = Image.new("RGBA", (400, 56), (0, 0, 0, 0))
    ImageDraw.Draw(piece).text((4, 4), words, font=FONT, fill=(*colour, 255))
    return piece


def _scene():
    """A white slot with a black stroke across its middle, and the sub drawn already."""
    canvas = Image.new("RGB", (600, 300), WHITE)
    canvas.paste(BLACK, (0, 112, 600, 220))
    sub = _text("Vodka vodka")
    canvas.paste(sub, (100, 70), sub)
    return canvas, [(sub, (100, 70))]


def test_black_text_on_a_black_stroke_gets_a_white_panel_around_what_was_drawn():
    canvas, drawn = _scene()
    headline = _text("Boris headline")
    sub_bottom = 70 + drawn[0][0].getchannel("A").getbbox()[3]
    at = (100, sub_bottom + 3 - headline.getchannel("A").getbbox()[1])  # its ink 3 px under
    # the sub's: on the stroke, and its panel's margin reaches up over the sub's lowest ink
    source = edge_contrast(headline, Image.new("RGB", headline.size, WHITE))
    placed = edge_contrast(headline, canvas.crop((*at, at[0] + 400, at[1] + 56)))
    assert source is not None and placed is not None and placed.unreadable > 0.5
    before = np.asarray(canvas).copy()
    judged, note = legible(canvas, (headline, at), TextContrast(
        "headline", ("Boris",), placed, source), drawn)
    assert judged.backed == WHITE and judged.placed.unreadable == 0  # it reads on its panel
    assert note is not None and (note.code, note.severity, note.layer) == (
        "layout.text-backed", "warning", "Boris")
    assert note.message == ("headline: laid on a #ffffff panel, the colour behind it in the "
                            f"source: {placed.unreadable:.0%} of its length did not read over "
                            "what the layout put behind it")
    after = np.asarray(canvas)
    ink = np.asarray(headline.getchannel("A")) > 0
    ys, xs = np.nonzero(ink)
    y0, y1, x0, x1 = at[1] + ys.min(), at[1] + ys.max(), at[0] + xs.min(), at[0] + xs.max()
    assert (after[y0:y1, x0:x1] == 255).mean() > 0.95  # white under the (undrawn) headline
    # the sub's glyphs drawn before are untouched where the panel's margin reaches them
    sub_ink = np.zeros(after.shape[:2], bool)
    sub_ink[70:126, 100:500] = np.asarray(drawn[0][0].getchannel("A")) > 128
    assert np.array_equal(after[sub_ink], before[sub_ink])
    assert (after[y0 - 4:y0, x0:x1] != before[y0 - 4:y0, x0:x1]).any()  # the margin is drawn


def test_text_that_reads_here_is_left_as_it_is():
    canvas, drawn = _scene()
    headline, at = _text("Boris headline"), (100, 10)  # on the white above
    source = edge_contrast(headline, Image.new("RGB", headline.size, WHITE))
    placed = edge_contrast(headline, canvas.crop((*at, at[0] + 400, at[1] + 56)))
    before = canvas.tobytes()
    judged = TextContrast("headline", ("Boris",), placed, source)
    assert legible(canvas, (headline, at), judged, drawn) == (judged, None)
    assert canvas.tobytes() == before


def test_text_over_a_unit_drawn_before_it_is_backed_under_its_ink():
    # the backdrop that kills the contrast is an earlier unit (a dark product), not the plate
    canvas = Image.new("RGB", (600, 200), WHITE)
    product = Image.new("RGBA", (600, 120), (*BLACK, 255))
    canvas.paste(product, (0, 40), product)
    headline, at = _text("Boris headline"), (100, 60)
    source = edge_contrast(headline, Image.new("RGB", headline.size, WHITE))
    placed = edge_contrast(headline, canvas.crop((*at, at[0] + 400, at[1] + 56)))
    judged, note = legible(canvas, (headline, at), TextContrast("headline", ("Boris",), placed,
                                                                source), [(product, (0, 40))])
    assert note is not None and judged.placed.unreadable == 0
    ink = headline.getchannel("A").getbbox()
    under = np.asarray(canvas.crop((at[0] + ink[0], at[1] + ink[1], at[0] + ink[2],
                                    at[1] + ink[3])))
    assert (under == 255).all()  # the panel is under all of the ink
    margin = np.asarray(canvas.crop((at[0] + ink[0], at[1] + ink[1] - 5, at[0] + ink[2],
                                     at[1] + ink[1])))
    assert (margin == 0).all()  # the margin keeps clear of the product drawn before


def test_a_panel_that_would_not_make_it_read_is_not_drawn():
    # white text read on a white-ish source backdrop?  No: it read on navy; but a source whose
    # backdrop median is as light as the ink gives a panel that cannot help: nothing is drawn
    canvas = Image.new("RGB", (600, 100), WHITE)
    text, at = _text("Customer care", WHITE), (50, 20)
    placed = edge_contrast(text, canvas.crop((*at, at[0] + 400, at[1] + 56)))
    navy = edge_contrast(text, Image.new("RGB", text.size, (20, 30, 70)))
    assert placed is not None and navy is not None
    light = replace(navy, backdrop=(250, 250, 250))  # a median the ink does not stand out on
    before = canvas.tobytes()
    judged = TextContrast("legal", ("legal",), placed, light)
    assert legible(canvas, (text, at), judged, []) == (judged, None)
    assert canvas.tobytes() == before


def test_the_panel_has_smooth_corners_and_crisp_sides():
    """The panel's rounded corners are anti-aliased (drawn at 4x, reduced): a hard-edged
    quarter circle showed stair steps on a small panel; its straight sides stay whole pixels."""
    canvas = Image.new("RGB", (600, 300), BLACK)
    headline = _text("Boris headline")
    at = (100, 120)
    source = edge_contrast(headline, Image.new("RGB", headline.size, WHITE))
    placed = edge_contrast(headline, canvas.crop((*at, at[0] + 400, at[1] + 56)))
    judged, note = legible(canvas, (headline, at), TextContrast(
        "headline", ("Boris",), placed, source), [])
    assert note is not None and judged.backed == WHITE
    grey = np.asarray(canvas.convert("L")).astype(int)
    panel = grey > 0
    ys, xs = np.nonzero(panel)
    y0, y1, x0, x1 = ys.min(), ys.max(), xs.min(), xs.max()
    pad = round(judged.placed.line_px / 3)
    corner = grey[y0:y0 + pad, x0:x0 + pad]
    partial = ((corner > 0) & (corner < 255)).sum()
    assert partial >= pad // 2, corner  # the arc has in-between pixels along its length
    middle = (y0 + y1) // 2
    assert grey[middle, x0] == 255 and grey[middle, x0 - 1] == 0  # a crisp left side
    assert grey[y0, (x0 + x1) // 2] == 255 and grey[y0 - 1, (x0 + x1) // 2] == 0  # and top
