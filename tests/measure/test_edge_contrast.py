"""Edge contrast: how placed text reads against what is behind it, judged along the edges of
its glyphs in cells about a line high, so a line half over a backdrop of its own colour is
half unreadable; an outline drawn into the piece keeps it readable; a panel is not judged."""
from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from assetkit.measure.edge_contrast import UNREADABLE, edge_contrast

FONT = ImageFont.load_default(size=40)
NAVY, WHITE, BLACK = (20, 30, 70), (255, 255, 255), (0, 0, 0)


def _text(colour, stroke: tuple[int, int, int] | None = None) -> Image.Image:
    piece = Image.new("RGBA", (620, 60), (0, 0, 0, 0))
    ImageDraw.Draw(piece).text((4, 4), "Customer care 1588-0000 daily", font=FONT,
                               fill=(*colour, 255), stroke_width=3 if stroke else 0,
                               stroke_fill=(*stroke, 255) if stroke else None)
    return piece


def _split(left, right, width: int = 620, at: int = 310) -> Image.Image:
    backdrop = Image.new("RGB", (width, 60), left)
    backdrop.paste(right, (at, 0, width, 60))
    return backdrop


def test_white_text_reads_on_navy_and_not_on_white():
    text = _text(WHITE)
    on_navy = edge_contrast(text, Image.new("RGB", text.size, NAVY))
    on_white = edge_contrast(text, Image.new("RGB", text.size, WHITE))
    assert on_navy is not None and on_white is not None
    assert on_navy.unreadable == 0 and on_navy.worst > 10
    assert on_white.unreadable == 1 and on_white.worst < UNREADABLE
    assert on_white.cells >= 10  # a 620 px line of 40 px text: ~15 cells
    assert on_navy.cells == 0  # nothing behind it near its colour: its cells need no judging


@pytest.mark.parametrize("at", [155, 310, 465])
def test_a_line_half_over_its_own_colour_is_judged_by_the_share_it_loses(at):
    text = _text(WHITE)
    judged = edge_contrast(text, _split(NAVY, WHITE, at=at))
    assert judged is not None
    ink = text.getchannel("A").getbbox()
    lost = (ink[2] - at) / (ink[2] - ink[0])  # the share of the line's length over white
    assert judged.unreadable == pytest.approx(lost, abs=0.12)
    assert judged.worst < UNREADABLE


def test_an_outline_keeps_white_text_readable_on_white():
    # the outline's contrast with the fill reads on any backdrop: not judged, as a panel
    assert edge_contrast(_text(WHITE, stroke=BLACK), Image.new("RGB", (620, 60), WHITE)) is None
    heavy = Image.new("RGBA", (400, 90), (0, 0, 0, 0))  # a heavy outline fills 2/3 of its box
    ImageDraw.Draw(heavy).text((4, 4), "SALE 50%", font=ImageFont.load_default(size=60),
                               fill=(*WHITE, 255), stroke_width=4, stroke_fill=(*BLACK, 255))
    assert edge_contrast(heavy, Image.new("RGB", heavy.size, WHITE)) is None
    # a grey outline on grey text (1.3:1 with it) adds no contrast of its own: judged, unreadable
    judged = edge_contrast(_text((200, 200, 200), stroke=(175, 175, 175)),
                           Image.new("RGB", (620, 60), (190, 190, 190)))
    assert judged is not None and judged.unreadable == 1


def test_dark_grey_on_black_is_unreadable_and_mid_grey_on_black_reads():
    dark = edge_contrast(_text((40, 40, 40)), Image.new("RGB", (620, 60), BLACK))
    mid = edge_contrast(_text((150, 150, 150)), Image.new("RGB", (620, 60), BLACK))
    assert dark is not None and mid is not None
    assert dark.unreadable == 1 and mid.unreadable == 0


def test_a_panel_carries_its_own_backdrop_and_nothing_drawn_is_not_judged():
    button = Image.new("RGBA", (300, 80), (*WHITE, 255))
    ImageDraw.Draw(button).text((20, 20), "Buy now", font=FONT, fill=(*NAVY, 255))
    badge = Image.new("RGBA", (200, 200), (0, 0, 0, 0))  # a round badge fills pi/4 of its box
    ImageDraw.Draw(badge).ellipse((0, 0, 199, 199), fill=(*WHITE, 255))
    ImageDraw.Draw(badge).text((40, 80), "SALE", font=FONT, fill=(*NAVY, 255))
    for panel in (button, badge):
        assert edge_contrast(panel, Image.new("RGB", panel.size, WHITE)) is None
    assert edge_contrast(Image.new("RGBA", (50, 20)), Image.new("RGB", (50, 20))) is None


def test_lines_are_judged_apart():
    # two lines: the upper over navy, the lower over white: half the cells do not read
    piece = Image.new("RGBA", (620, 130), (0, 0, 0, 0))
    draw = ImageDraw.Draw(piece)
    for y in (4, 70):
        draw.text((4, y), "Customer care 1588-0000 daily", font=FONT, fill=(*WHITE, 255))
    backdrop = Image.new("RGB", piece.size, NAVY)
    backdrop.paste(WHITE, (0, 66, 620, 130))
    judged = edge_contrast(piece, backdrop)
    assert judged is not None and judged.unreadable == pytest.approx(0.5, abs=0.08)


def _faces(features: bool) -> Image.Image:
    """Two yellow emoji-like discs far apart (their silhouette fills little of its box)."""
    piece = Image.new("RGBA", (260, 60), (0, 0, 0, 0))
    draw = ImageDraw.Draw(piece)
    for x in (0, 200):
        draw.ellipse((x, 0, x + 59, 59), fill=(255, 226, 90, 255))
        if features:
            for box in ((12, 15, 22, 25), (38, 15, 48, 25), (14, 38, 46, 46)):
                draw.rectangle((x + box[0], box[1], x + box[2], box[3]), fill=(60, 40, 20, 255))
    return piece


def test_a_piece_with_contrast_of_its_own_is_not_judged():
    # yellow on white is 1.3:1 at the edge: plain yellow discs do not read, emoji faces do
    white = Image.new("RGB", (260, 60), WHITE)
    plain = edge_contrast(_faces(False), white)
    assert plain is not None and plain.unreadable == 1
    assert edge_contrast(_faces(True), white) is None


def test_a_known_ink_range_screens_the_backdrop_as_the_measure_does():
    # render screens each placement with its unit's own colours from the source: the same
    # rule as edge_contrast's own screen, without reading the piece again
    from assetkit.measure.edge_contrast import clear_of

    text = _text(WHITE)
    judged = edge_contrast(text, Image.new("RGB", text.size, NAVY))
    assert judged is not None and judged.cells == 0 and judged.ink[1] > 0.9
    for backdrop, screened in ((NAVY, True), (WHITE, False), ((120, 120, 120), True),
                               ((200, 200, 200), False)):
        plain = Image.new("RGB", text.size, backdrop)
        full = edge_contrast(text, plain)
        assert full is not None
        quick = clear_of(judged.ink, plain)
        assert (quick is not None) == screened == (full.cells == 0), backdrop
        if quick is not None:
            assert quick.unreadable == 0 and quick.worst == pytest.approx(full.worst)
