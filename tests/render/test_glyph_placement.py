"""Small re-set text: every glyph where its advance puts it, to a fraction of a pixel.

FreeType puts each glyph of a string on a whole pixel; at 8-24 px that reads as uneven
spacing ("G entle enoug h" in a 320x50). Found on the agency set's small slots."""
from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image, ImageDraw

from assetkit.fonts.index import FontIndex
from assetkit.fonts.resolve import FontResolver
from assetkit.render.text import set_text
from assetkit.render.text.glyphs import FINE_BELOW, clusters, glyph_mask
from assetkit.render.text.metrics import engine_name, load_font
from assetkit.scene import TextInfo, TextRun

NOTO = "NotoSansKR-Regular"


pytestmark = pytest.mark.skipif(engine_name() != "raqm", reason=(
    "Pillow without raqm lays text out on whole-pixel advances: there is nothing to place"))


@pytest.fixture(scope="module")
def face():
    return FontResolver(FontIndex.build(system=False)).resolve(NOTO).face


def _set(face, text: str, size: float, tracking: float = 0.0) -> Image.Image:
    run = TextRun(text, NOTO, size, (0, 0, 0, 255), tracking=tracking)
    info = TextInfo(text, (run,), "left", "point", None, (1, 0, 0, 1, 10.0, 40.0))
    return set_text(info, face).image


def _stem_centres(image: Image.Image) -> np.ndarray:
    """The x centroid of each stem: its core (columns over 30 % of the darkest) found first,
    then all the ink from the middle of the gap before it to the middle of the gap after."""
    columns = np.asarray(image.getchannel("A"), dtype=float).sum(axis=0)
    core = np.flatnonzero(columns > columns.max() * 0.3)
    runs = np.split(core, np.flatnonzero(np.diff(core) > 1) + 1)
    middles = [float(r.mean()) for r in runs]
    bounds = [0, *((a + b) / 2 for a, b in zip(middles, middles[1:], strict=False)), len(columns)]
    centres = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        x = np.arange(math.ceil(lo), math.ceil(hi))
        centres.append(float((x * columns[x]).sum() / columns[x].sum()))
    return np.array(centres)


@pytest.mark.parametrize("size", [10.0, 12.7, 16.0, 20.0, 24.0])
@pytest.mark.parametrize("tracking", [0.0, 37.0])
def test_identical_glyphs_are_evenly_spaced(face, size, tracking):
    """Fourteen 'l's: their stems lie on a straight line to a fifth of a pixel (0.11-0.17 px
    measured; each on a whole pixel they strayed 0.43-0.54 px at every one of these sizes)."""
    centres = _stem_centres(_set(face, "l" * 14, size, tracking))
    assert len(centres) == 14
    n = np.arange(14)
    residual = centres - np.polyval(np.polyfit(n, centres, 1), n)
    assert np.abs(residual).max() < 0.2


def _whole(text: str, font, origin, size) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).text(origin, text, font=font, fill=255, anchor="ls")
    return mask


@pytest.mark.parametrize("text", ["Gentle enough for every day", "AVATAR Type $12.50",
                                  "촉촉한 하늘빛 세럼을 지금 만나보세요"])
def test_rows_stay_as_crisp_and_glyphs_where_the_layout_puts_them(face, text):
    """Only columns move: every row carries the ink FreeType's own drawing gives it (baselines
    and x-heights stay on their pixel rows), and the ink spans what the kerned layout spans."""
    font = load_font(face.path, face.index, 11.3)
    size = (int(font.getlength(text)) + 12, 24)
    ours = np.asarray(glyph_mask(text, (3.4, 17), size, font, 0, 0.0), dtype=float)
    theirs = np.asarray(_whole(text, font, (3.4, 17), size), dtype=float)
    rows_ours, rows_theirs = ours.sum(axis=1), theirs.sum(axis=1)
    assert np.abs(rows_ours - rows_theirs).max() <= 0.03 * rows_theirs.max()
    inked_ours = np.nonzero(ours.sum(axis=0) > 0)[0]
    inked_theirs = np.nonzero(theirs.sum(axis=0) > 0)[0]
    assert abs(int(inked_ours[0]) - int(inked_theirs[0])) <= 1
    assert abs(int(inked_ours[-1]) - int(inked_theirs[-1])) <= 1


def test_large_text_is_drawn_as_freetype_lays_it(face):
    """At FINE_BELOW px and over half a pixel is under 1 % of the size: drawn whole, as before."""
    font = load_font(face.path, face.index, FINE_BELOW)
    text = "Clean skin"
    size = (int(font.getlength(text)) + 12, 80)
    drawn = _set(face, text, FINE_BELOW)
    whole = _whole(text, font, (6, 60), size)
    assert drawn.getchannel("A").getbbox() is not None
    # same glyph columns as FreeType's whole-string drawing (positions on whole pixels)
    ours = np.asarray(drawn.getchannel("A"), dtype=float).sum(axis=0)
    theirs = np.asarray(whole, dtype=float).sum(axis=0)
    ours, theirs = ours[ours > 0], theirs[theirs > 0]
    assert len(ours) == len(theirs) and np.allclose(ours, theirs)


def test_clusters_are_graphemes_and_text_a_shaper_joins_is_drawn_whole():
    assert clusters("ab") == ((0, 1), (1, 2))
    assert clusters("e\u0301x") == ((0, 2), (2, 3))  # a combining accent stays on its letter
    assert clusters("👍🏽!") == ((0, 2), (2, 3))  # an emoji and its skin tone
    assert clusters("👩\u200d💻") == ((0, 3),)  # a ZWJ sequence
    assert clusters("🇰🇷 sale") == ((0, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7))  # a flag
    assert clusters("가\u1161") == ((0, 2),)  # a conjoining vowel
    # right-to-left, Indic, Thai, and letters of scripts assetkit does not list
    for shaped in ("مرحبا", "שלום", "नमस्ते", "สวัสดี", "ক্ষমা", "ܫܠܡܐ", "ខ្មែរ"):
        assert clusters(shaped) is None, shaped


def _ink_columns(image: Image.Image) -> tuple[int, int]:
    inked = np.flatnonzero(np.asarray(image.getchannel("A")).max(axis=0) > 0)
    return int(inked[0]), int(inked[-1])


def test_text_drawn_whole_keeps_its_tracking(face, monkeypatch):
    """Text a shaper joins is drawn as before, letter-spaced as it was measured (a first
    version drew it as one string and lost the tracking: 14 px narrower here)."""
    from assetkit.render.text import glyphs

    placed = _ink_columns(_set(face, "Gentle sale", 20.0, tracking=100.0))
    monkeypatch.setattr(glyphs, "clusters", lambda piece: None)
    whole = _ink_columns(_set(face, "Gentle sale", 20.0, tracking=100.0))
    assert abs((placed[1] - placed[0]) - (whole[1] - whole[0])) <= 1


@pytest.mark.parametrize("size", [20.0, 60.0])
def test_tight_tracking_keeps_the_last_glyph_whole(face, size):
    """Negative tracking (designers' tight headlines) moves the last glyph in by len-1 steps,
    not len: the canvas was one step short and cut its right edge."""
    image = _set(face, "Clean skin", size, tracking=-150.0)
    alpha = np.asarray(image.getchannel("A"))
    assert alpha[:, -1].max() == 0 and alpha[:, 0].max() == 0
