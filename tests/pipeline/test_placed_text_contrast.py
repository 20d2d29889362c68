"""A recomposed slot judges each placed text unit against what the layout put behind it: a
white legal line lifted from the page's dark footer band and laid on the light background does
not read, an error naming its layer (the bench's detail page drew its footer line white on a
white podium in 15 slots without a word); the same line in dark ink, or white text that kept its
dark band, is not named."""
from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from assetkit import BuildOptions, build
from assetkit.document.writer import PixelLayer, write_layered_psd
from assetkit.samples.draw import text_image
from tests.factories import CANVAS, block, ellipse

# the wide and story templates lay the legal line on the paper above the band; the landscape
# ones keep it on the band, at the foot
SLOTS = ["kakao-ads/channel-search-wide", "google-pmax/logo-landscape", "meta/story",
         "youtube/thumbnail", "meta/feed-landscape", "kakao-channel/wide-image"]
OVER_PAPER = {"channel-search-wide", "logo-landscape", "story"}
NAVY, PAPER = (20, 30, 70), (246, 244, 240)
LEGAL = ["Customer care 1588-0000", "Images are for illustration"]


def _page(path: Path, ink: tuple[int, int, int]) -> Path:
    bg = Image.new("RGB", CANVAS, PAPER)
    bg.paste(NAVY, (0, 1330, CANVAS[0], CANVAS[1]))  # the footer band, left in the plate
    layers = [PixelLayer("@bg", bg),
              PixelLayer("@product", ellipse((400, 600), (200, 30, 120)), 1300, 450),
              PixelLayer("@headline", block((900, 140), (30, 30, 30), stripes=True), 80, 400),
              PixelLayer("footer @legal", text_image(LEGAL, "Regular", 36, ink), 80, 1370)]
    return write_layered_psd(path, CANVAS, layers)


def _named(tmp_path: Path, ink) -> dict[str, list[tuple[str, str, str]]]:
    source = _page(tmp_path / "page.psd", ink)
    out = tmp_path / "out"
    build([source], out=out, only=SLOTS, jobs=1, options=BuildOptions(source_root=tmp_path))
    outputs = json.loads((out / "manifest.json").read_text("utf-8"))["outputs"]
    assert {o["layout"]["mode"] for o in outputs} == {"recompose"}
    placed = [o for o in outputs if any(p["role"] == "legal" for p in o["layout"]["placements"])]
    assert len(placed) == len(SLOTS), "the legal line is placed in every slot"
    return {o["slot"]: [(f["code"], f["severity"], f["layer"]) for f in o["findings"]
                        if f["code"] == "legibility.low-contrast"] for o in placed}


def test_white_footer_text_laid_on_the_light_background_is_named(tmp_path):
    named = _named(tmp_path, (255, 255, 255))
    assert {slot for slot, codes in named.items() if codes} == OVER_PAPER, named
    assert all(codes == [("legibility.low-contrast", "error", "footer @legal")]
               for codes in named.values() if codes)


def test_dark_footer_text_on_the_light_background_is_not_named(tmp_path):
    # the same line in navy: unreadable on its band in the source (navy on navy), readable
    # wherever the layout lays it on the paper
    named = _named(tmp_path, NAVY)
    assert not any(named.values()), named
