"""A recomposed slot judges each placed text unit against what the layout put behind it: a
white legal line lifted from the page's dark footer band and laid on the light background does
not read (the bench's detail page drew its footer line white on a white podium in 15 slots
without a word). It is laid on a panel of the navy it read against in the source, and named
(`layout.text-backed`); the same line in dark ink, or white text that kept its dark band, is
left as it is."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PIL import Image

from assetkit import BuildOptions, build
from assetkit.document.writer import PixelLayer, write_layered_psd
from assetkit.samples.draw import text_image
from tests.factories import CANVAS, block, ellipse

# the wide and story templates lay the legal line on the paper above the band; the landscape
# ones keep it on the band, at the foot (a template change moves slots between the two sets)
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


def _built(tmp_path: Path, ink) -> list[dict]:
    source = _page(tmp_path / "page.psd", ink)
    out = tmp_path / "out"
    build([source], out=out, only=SLOTS, jobs=1, options=BuildOptions(source_root=tmp_path))
    outputs = json.loads((out / "manifest.json").read_text("utf-8"))["outputs"]
    assert {o["layout"]["mode"] for o in outputs} == {"recompose"}
    assert sorted(o["slot"] for o in outputs if any(p["role"] == "legal" for p in
                                                    o["layout"]["placements"])) == \
        sorted(s.split("/")[1] for s in SLOTS), "the legal line is placed in every slot"
    return outputs


def _named(outputs: list[dict], code: str) -> dict[str, list[tuple[str, str, str]]]:
    return {o["slot"]: [(f["code"], f["severity"], f["layer"], f["message"]) for f in o["findings"]
                        if f["code"] == code] for o in outputs}


def _under_legal(tmp_path: Path, output: dict) -> np.ndarray:
    """The output's median colour over the top quarter of the legal line's placed box (on
    a wide slot the band covers the rest)."""
    (box,) = [p["box"] for p in output["layout"]["placements"] if p["role"] == "legal"]
    image = Image.open(tmp_path / "out" / output["path"]).convert("RGB")
    x0, y0, x1, y1 = (round(v) for v in box)
    top = np.asarray(image.crop((x0, y0, x1, y0 + max(1, (y1 - y0) // 4))))
    return np.median(top.reshape(-1, 3), axis=0)


def test_white_footer_text_laid_on_the_light_background_is_backed_with_its_band(tmp_path):
    outputs = _built(tmp_path, (255, 255, 255))
    backed = _named(outputs, "layout.text-backed")
    assert {slot for slot, found in backed.items() if found} == OVER_PAPER, backed
    share = {slot: int(found[0][3].split("% of its length")[0].rsplit(" ", 1)[1])
             for slot, found in backed.items() if found}
    # wholly over the paper in the story and logo slots; on the wide one its last line meets
    # the band
    assert share["story"] == share["logo-landscape"] == 100 and 40 <= share[
        "channel-search-wide"] < 100, share
    for slot in OVER_PAPER:
        assert backed[slot] == [("layout.text-backed", "warning", "footer @legal",
                                 "legal: laid on a #141e46 panel, the colour behind it in the "
                                 f"source: {share[slot]}% of its length did not read over what "
                                 "the layout put behind it")]
    assert not any(_named(outputs, "legibility.low-contrast").values())  # it reads now
    for output in outputs:  # over paper it sits on a navy panel; on the band, on the band
        assert np.abs(_under_legal(tmp_path, output) - NAVY).max() <= 30, output["slot"]


def test_dark_footer_text_on_the_light_background_is_left_as_it_is(tmp_path):
    # the same line in navy: unreadable on its band in the source (navy on navy), readable
    # wherever the layout lays it on the paper
    outputs = _built(tmp_path, NAVY)
    for code in ("layout.text-backed", "legibility.low-contrast"):
        assert not any(_named(outputs, code).values())
    for output in outputs:
        if output["slot"] in OVER_PAPER:  # no panel: the paper shows under the line
            assert np.abs(_under_legal(tmp_path, output) - PAPER).max() <= 30, output["slot"]


def test_check_of_the_build_folder_reports_the_backed_text(tmp_path):
    from assetkit import check

    _built(tmp_path, (255, 255, 255))
    checked = check([tmp_path / "out"])
    found = sorted((f.slot, f.layer, f.severity) for f in checked.findings
                   if f.code == "layout.text-backed")
    assert found == sorted((slot, "footer @legal", "warning") for slot in OVER_PAPER)
