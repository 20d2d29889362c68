"""Golden images of the sample campaign (committed after their contact sheet was reviewed:
docs/contact-sheet-sample.png). Compared with luma SSIM, evidence written on failure."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from assetkit import build
from tests.conftest import REPO
from tests.imaging import assert_similar

GOLDEN = REPO / "tests" / "golden"
SAMPLE = REPO / "input" / "haneul-serum-launch.psd"
# slot -> size the golden PNG is kept at (large slots are compared downscaled)
SLOTS = {"google-display/300x250": None, "google-display/728x90": None,
         "google-display/160x600": None, "meta/story": (270, 480), "coupang/main": (250, 250),
         "kakao-ads/channel-search-thumbnail": None, "youtube/thumbnail": (320, 180)}


def golden_name(key: str) -> str:
    return key.replace("/", "__") + ".png"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden")
    result = build([SAMPLE], out=out, only=list(SLOTS), jobs=1, campaign=None)
    return out, {f"{o.platform}/{o.slot}": out / o.path for o in result.outputs}


def comparable(path: Path, size) -> Image.Image:
    with Image.open(path) as image:
        image = image.convert("RGB")
        return image.resize(size, Image.Resampling.LANCZOS) if size else image


@pytest.mark.parametrize("key", list(SLOTS))
def test_sample_matches_golden(built, key, tmp_path):
    _, outputs = built
    actual = comparable(outputs[key], SLOTS[key])
    assert_similar(actual, GOLDEN / golden_name(key), tmp_path, min_ssim=0.97)


def regenerate(out_dir: Path) -> None:  # pragma: no cover - run by hand after review
    """python -c 'from tests.render.test_golden import regenerate; regenerate(...)'"""
    result = build([SAMPLE], out=out_dir, only=list(SLOTS), jobs=1)
    for o in result.outputs:
        key = f"{o.platform}/{o.slot}"
        comparable(out_dir / o.path, SLOTS[key]).save(GOLDEN / golden_name(key), optimize=True)
