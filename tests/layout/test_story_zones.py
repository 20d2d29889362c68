"""Issue 13: the sample's story and reels variants keep every placed unit inside Meta's unified
9:16 safe area (top 14 %, bottom 35 %, 6 % per side), as recorded in the manifest's layout."""
from __future__ import annotations

import pytest

from assetkit import build
from tests.conftest import REPO

SAMPLE = REPO / "input" / "haneul-serum-launch.psd"
SLOTS = ("meta/story", "meta/reels")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("story-zones")
    result = build([SAMPLE], out=out, only=[*SLOTS, "meta/story-legacy"], jobs=1, campaign=None)
    return {f"{o.platform}/{o.slot}": o for o in result.outputs}


@pytest.mark.parametrize("key", SLOTS)
def test_story_and_reels_units_stay_out_of_the_bottom_35_percent(outputs, key):
    o = outputs[key]
    placements = o.layout["placements"]
    assert {p["role"] for p in placements} >= {"product", "logo", "headline", "cta"}
    w, h = o.width, o.height
    for p in placements:
        x0, y0, x1, y1 = p["box"]
        assert y1 <= 0.65 * h + 0.5, (p["role"], p["box"], "in the bottom 35 %")
        assert y0 >= 0.14 * h - 0.5, (p["role"], p["box"], "in the top 14 %")
        assert x0 >= 0.06 * w - 0.5 and x1 <= 0.94 * w + 0.5, (p["role"], p["box"], "in a side")
    assert not [f for f in o.findings if f.code == "layout.no-room"]


def test_the_legacy_story_still_uses_the_old_bottom_band(outputs):
    o = outputs["meta/story-legacy"]
    lowest = max(p["box"][3] for p in o.layout["placements"])
    assert 0.65 * o.height < lowest <= 1540 + 0.5
