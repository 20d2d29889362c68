"""Text-likeness from pixels (assetkit.measure.textlike): rendered English and Korean text, bare,
with drop shadows and on panels, is found with its lines and body height; pictures are not.

line_height is the body height (top of the tallest glyph run to the baseline): the expectation is
the cap height ("H") of the font for Latin lines, the height of "한" for Hangul, within 25 %.

Timing (not asserted, see the module doc): about 1.5 ms for a 3000 x 600 layer of bare text, 5-7 ms
for a 3000 x 600 opaque photo or button (the panel path pools the colour too)."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from assetkit.geometry import Box
from assetkit.measure.textlike import TextInk, encloses, text_ink
from tests.measure.textlike_images import (
    arrays,
    barcode,
    bottle,
    disc,
    dots_row,
    dotted,
    expected_height,
    font,
    gradient_band,
    grain,
    horizontal_gradient,
    korean_fonts,
    latin_fonts,
    on_panel,
    outline_frames,
    photo,
    product_with_caption,
    products_row,
    render,
    rule,
    soft_shadow,
    starburst,
    with_shadow,
)

ENGLISH_1 = ["SUMMER SALE 50% OFF"]
ENGLISH_3 = ["Fresh juice every day", "Order now and get", "free delivery today"]
KOREAN_1 = ["여름 세일 최대 50% 할인"]
KOREAN_3 = ["신선한 주스를 매일", "지금 주문하시면", "무료 배송 해드립니다"]
SIZES = (14, 24, 48, 120, 200)


def _cases() -> list:
    cases = []
    for path in latin_fonts():
        for lines in (ENGLISH_1, ENGLISH_3, ["1+1"], ["Buy now"]):
            cases += [pytest.param(path, size, lines, id=f"{path.stem}-{size}-{lines[0]}")
                      for size in SIZES]
    for path in korean_fonts():
        for lines in (KOREAN_1, KOREAN_3, ["지금 구매하기"]):
            cases += [pytest.param(path, size, lines, id=f"{path.stem}-{size}-{lines[0]}")
                      for size in SIZES]
    return cases


def _within(found: float, expected: float, tolerance: float = 0.25) -> bool:
    return abs(found / expected - 1) <= tolerance


def _ink_box(alpha: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(alpha >= 128)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def _check_lines(found: TextInk, shape: tuple[int, int], count: int) -> None:
    assert len(found.lines) == count
    for box in found.lines:
        assert 0 <= box.x0 < box.x1 <= shape[1] and 0 <= box.y0 < box.y1 <= shape[0]
    for above, below in zip(found.lines, found.lines[1:], strict=False):
        assert above.y1 <= below.y0, "lines overlap or are out of reading order"


@pytest.mark.parametrize(("path", "size", "lines"), _cases())
def test_bare_text_is_found_with_its_lines_and_body_height(path, size, lines):
    f = font(path, size)
    alpha, rgb = arrays(render(lines, f))
    found = text_ink(alpha, rgb)
    assert found is not None
    assert not found.on_panel
    assert 0.3 <= found.confidence <= 1
    _check_lines(found, alpha.shape, len(lines))
    assert _within(found.line_height, expected_height(f, lines[0])), found.line_height
    # the lines together hold the layer's ink (boxes are in the layer's pixels)
    x0, y0, x1, y1 = _ink_box(alpha)
    assert min(b.x0 for b in found.lines) == pytest.approx(x0, abs=2)
    assert max(b.x1 for b in found.lines) == pytest.approx(x1, abs=2)
    assert found.lines[0].y0 == pytest.approx(y0, abs=2)
    assert found.lines[-1].y1 == pytest.approx(y1, abs=2)
    # the alpha alone is enough for bare text
    assert text_ink(alpha) == found


def test_text_baked_at_a_low_opacity_is_text():
    f = font(korean_fonts()[0], 40)
    alpha = arrays(render(ENGLISH_3, f))[0]
    faint = (alpha * 0.45).astype(np.uint8)  # never reaches the 50 % ink level
    found = text_ink(faint)
    assert found is not None
    assert len(found.lines) == 3
    assert _within(found.line_height, expected_height(f, ENGLISH_3[0]))


@pytest.mark.parametrize("text", ["58,000원", "$129.00", "39,900"])
@pytest.mark.parametrize("size", [30, 70, 120])
def test_a_struck_through_old_price_is_text(text, size):
    """A rule drawn through every glyph (an old price) joins them into one blob: still text,
    one line, its body height unchanged by the rule."""
    f = font(korean_fonts()[0], size)
    layer = render([text], f)
    alpha = np.array(layer.getchannel("A"))
    rows = np.flatnonzero(alpha.max(axis=1) > 128)
    middle = (rows[0] + rows[-1]) // 2
    alpha[middle - max(1, size // 20):middle + max(2, size // 20), :] = 255  # the strike
    found = text_ink(alpha)
    assert found is not None and len(found.lines) == 1 and found.struck
    assert _within(found.line_height, expected_height(f, text))
    assert not text_ink(np.array(layer.getchannel("A"))).struck  # the same copy, no rule
    under = np.array(layer.getchannel("A"))
    under[rows[-1] + 2:rows[-1] + 2 + max(2, size // 12), :] = 255  # an underline instead
    assert text_ink(under) is None or not text_ink(under).struck


@pytest.mark.parametrize("lines", [ENGLISH_3, KOREAN_3])
@pytest.mark.parametrize("spacing", [0.0, -0.05, 0.1])
def test_tight_leading_still_gives_one_line_per_line(lines, spacing):
    f = font(korean_fonts()[1], 80)
    found = text_ink(arrays(render(lines, f, spacing=spacing))[0])
    assert found is not None
    assert len(found.lines) == 3
    assert _within(found.line_height, expected_height(f, lines[0]))


def test_a_wide_layer_is_measured_downscaled_and_reported_at_full_size():
    """3000 x 600: the work is done at 600 x 120, the boxes and height come back in the layer's
    own pixels (each line's box against the same line rendered alone)."""
    f = font(latin_fonts()[1], 230)
    lines = ["BIG SUMMER SALE", "UP TO 70% OFF"]
    layer = Image.new("RGBA", (3000, 600), (0, 0, 0, 0))
    layer.alpha_composite(render(lines, f, spacing=0.2), (300, 20))
    alpha = arrays(layer)[0]
    found = text_ink(alpha)
    assert found is not None
    _check_lines(found, alpha.shape, 2)
    assert _within(found.line_height, expected_height(f, "B"), 0.1)
    # the first line's true ink: the rows above the first empty row, at full resolution
    rows = np.flatnonzero((alpha >= 128).any(1))
    gap = int(rows[np.flatnonzero(np.diff(rows) > 1)[0]]) + 1
    expected = _ink_box(alpha[:gap])
    assert found.lines[0].as_tuple() == pytest.approx(expected, abs=2)


@pytest.mark.parametrize(("offset", "blur", "opacity"), [(2, 0, 0.5), (4, 3, 0.75), (6, 6, 1.0)])
@pytest.mark.parametrize("size", [24, 60, 150])
def test_text_with_a_drop_shadow_is_text(offset, blur, opacity, size):
    f = font(latin_fonts()[1], size)
    alpha = arrays(with_shadow(render(["Shop the new season"], f), offset, blur, opacity))[0]
    found = text_ink(alpha)
    assert found is not None
    assert len(found.lines) == 1
    assert _within(found.line_height, expected_height(f, "S"))


@pytest.mark.parametrize("size", [16, 28, 48, 90])
@pytest.mark.parametrize("text", ["지금 구매하기", "SHOP NOW"])
def test_white_text_on_a_navy_button_is_text_on_a_panel(size, text):
    f = font(korean_fonts()[0], size)
    glyphs = render([text], f)
    button, at = on_panel(glyphs, (20, 30, 80), (255, 255, 255), "button")
    alpha, rgb = arrays(button)
    found = text_ink(alpha, rgb)
    assert found is not None
    assert found.on_panel
    _check_lines(found, alpha.shape, 1)
    assert _within(found.line_height, expected_height(f, text))
    x0, y0, x1, y1 = _ink_box(arrays(glyphs)[0])
    assert found.lines[0].as_tuple() == pytest.approx((x0 + at[0], y0 + at[1],
                                                       x1 + at[0], y1 + at[1]), abs=2)
    # the alpha is a rounded rectangle: without the colour it is a shape, not text
    assert text_ink(alpha) is None


@pytest.mark.parametrize("size", [16, 28, 48, 90])
def test_black_1_plus_1_on_a_red_disc_is_text_on_a_panel(size):
    f = font(latin_fonts()[1], size)
    badge = on_panel(render(["1+1"], f), (220, 30, 40), (0, 0, 0), "disc")[0]
    found = text_ink(*arrays(badge))
    assert found is not None and found.on_panel
    assert len(found.lines) == 1
    assert _within(found.line_height, expected_height(f, "1"))


def test_two_lines_on_a_yellow_disc():
    f = font(korean_fonts()[1], 60)
    badge = on_panel(render(["최대", "50%"], f, spacing=0.1), (250, 220, 0), (200, 0, 0), "disc")[0]
    found = text_ink(*arrays(badge))
    assert found is not None and found.on_panel
    assert len(found.lines) == 2


def test_a_bordered_button_keeps_its_outline_out_of_the_text():
    glyphs = render(["Shop now"], font(latin_fonts()[1], 40))
    button, at = on_panel(glyphs, (255, 255, 255), (20, 30, 80), "button")
    ImageDraw.Draw(button).rounded_rectangle((0, 0, button.width - 1, button.height - 1),
                                             radius=min(button.size) // 3,
                                             outline=(20, 30, 80, 255), width=4)
    found = text_ink(*arrays(button))
    assert found is not None and found.on_panel
    x0, y0, x1, y1 = _ink_box(arrays(glyphs)[0])
    assert found.lines[0].as_tuple() == pytest.approx((x0 + at[0], y0 + at[1],
                                                       x1 + at[0], y1 + at[1]), abs=2)


def test_sale_on_a_starburst_badge_is_text_on_a_panel():
    f = font(latin_fonts()[1], 48)
    found = text_ink(*arrays(starburst(render(["SALE"], f), (255, 210, 0), (200, 0, 30))))
    assert found is not None and found.on_panel
    assert len(found.lines) == 1
    assert _within(found.line_height, expected_height(f, "S"))


NOT_TEXT = {
    "bottle cut-out": bottle,
    "soft ellipse shadow": soft_shadow,
    "soft shadow, opaque core": lambda: soft_shadow(peak=255),
    "photo rectangle": photo,
    "wide photo rectangle": lambda: photo(3000, 600),
    "plain disc": disc,
    "tone band (vertical alpha ramp)": gradient_band,
    "horizontal gradient": horizontal_gradient,
    "thin rule": rule,
    "grain": grain,
    "dense grain": lambda: grain(density=0.8),
    "specks": dotted,
    "small specks": lambda: dotted(300, 200, 0.01),
    "a row of jars": products_row,
    "two jars": lambda: products_row(2, 700),
    "barcode": barcode,
    "pagination dots": dots_row,
    "colour swatches": lambda: dots_row(5, 120, 30),
    "product with a caption under it": lambda: product_with_caption(font(latin_fonts()[0], 36)),
    "hairline frames in a row": outline_frames,
}


@pytest.mark.parametrize("name", NOT_TEXT)
def test_pictures_are_not_text(name):
    alpha, rgb = arrays(NOT_TEXT[name]())
    assert text_ink(alpha, rgb) is None
    assert text_ink(alpha) is None


def test_degenerate_input_is_not_text():
    assert text_ink(np.zeros((0, 0), np.uint8)) is None
    assert text_ink(np.zeros((40, 300), np.uint8)) is None
    assert text_ink(np.full((40, 300), 255, np.uint8)) is None


# --- encloses -------------------------------------------------------------------------------

def _button(w: int = 300, h: int = 100) -> np.ndarray:
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=h // 3, fill=255)
    return np.asarray(mask)


def test_a_button_encloses_the_label_on_it():
    alpha = _button()
    h, w = alpha.shape
    origin = (500, 200)
    label = Box(500 + 40, 200 + 25, 500 + w - 40, 200 + h - 25)
    assert encloses(alpha, origin, label)
    # the same box where the button is not (origin elsewhere), or sticking out of it
    assert not encloses(alpha, (0, 0), label)
    assert not encloses(alpha, origin, Box(label.x0, label.y0, label.x1 + 60, label.y1))


def test_the_rounded_corners_count_against_a_box_of_the_whole_button():
    alpha = _button(300, 100)
    whole = Box(0, 0, alpha.shape[1], alpha.shape[0])
    assert not encloses(alpha, (0, 0), whole, fill=0.99)
    assert encloses(alpha, (0, 0), whole, fill=0.8)


def test_a_disc_encloses_its_inscribed_square_not_its_bounding_box():
    alpha = arrays(disc(400))[0]
    r = 200 / 2 ** 0.5
    assert encloses(alpha, (10, 10), Box(10 + 200 - r + 2, 10 + 200 - r + 2,
                                         10 + 200 + r - 2, 10 + 200 + r - 2))
    assert not encloses(alpha, (10, 10), Box(10, 10, 410, 410))


def test_an_outline_does_not_enclose_what_is_inside_it():
    ring = np.zeros((200, 400), np.uint8)
    ring[:8] = ring[-8:] = 255
    ring[:, :8] = ring[:, -8:] = 255
    assert not encloses(ring, (0, 0), Box(40, 40, 360, 160))
    solid = np.full((200, 400), 255, np.uint8)
    assert encloses(solid, (0, 0), Box(40, 40, 360, 160))
    assert not encloses(np.zeros((200, 400), np.uint8), (0, 0), Box(40, 40, 360, 160))
