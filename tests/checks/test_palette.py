"""CIEDE2000 against Sharma et al. (2005), and the palette check on real Photoshop files."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assetkit.commands.check import check
from assetkit.measure.colour import ciede2000, srgb_to_lab
from tests.conftest import real_psd

# Rows of table 1 of Sharma, Wu & Dalal (2005): Lab 1, Lab 2, ΔE00.
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 2.8361, -74.0200), (50.0, 0.0, -82.7485), 3.4412),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
    ((50.0, 2.4900, -0.0010), (50.0, -2.4900, 0.0009), 7.1792),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((90.8027, -2.0831, 1.4410), (91.1528, -1.6435, 0.0447), 1.4441),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_ciede2000_matches_sharma_table(lab1, lab2, expected):
    assert float(ciede2000(lab1, lab2)) == pytest.approx(expected, abs=1e-4)
    assert float(ciede2000(lab2, lab1)) == pytest.approx(expected, abs=1e-4)  # symmetric


def test_ciede2000_broadcasts_over_arrays():
    a = np.array([row[0] for row in SHARMA])
    b = np.array([row[1] for row in SHARMA])
    assert np.allclose(ciede2000(a, b), [row[2] for row in SHARMA], atol=1e-4)


def test_srgb_to_lab_white_and_black():
    assert np.allclose(srgb_to_lab((255, 255, 255)), (100, 0, 0), atol=1e-3)
    assert np.allclose(srgb_to_lab((0, 0, 0)), (0, 0, 0), atol=1e-6)


def brand(tmp_path: Path, colours: str, tolerance: float = 6.0) -> Path:
    path = tmp_path / "brand.yaml"
    path.write_text(f"palette: {{colours: {{{colours}}}, tolerance: {tolerance}}}\n",
                    encoding="utf-8")
    return path


def palette_result(report):
    (asset,) = report.assets
    return next(r for r in asset.results if r.check == "palette")


def test_text_colour_near_a_palette_colour_passes(tmp_path):
    # psdjs-example's visible headline is (85, 96, 110); slate is 1-2 units off it.
    rules = brand(tmp_path, 'slate: "#56606F", white: "#FFFFFF"')
    assert palette_result(check([real_psd("psdjs-example.psd")], brand_path=rules)).status == \
        "passed"


def test_off_brand_text_colour_names_the_nearest_colour_and_distance(tmp_path):
    rules = brand(tmp_path, 'navy: "#1B2A4A", coral: "#FF6B5B"')
    result = palette_result(check([real_psd("psdjs-example.psd")], brand_path=rules))
    assert result.status == "failed"
    assert [(f.code, f.severity, f.layer, f.message) for f in result.findings] == [(
        "palette.off-brand", "warning", "Version A/Make a change and save.",
        "text colour #55606E in layer 'Version A/Make a change and save.' is off-brand: "
        "nearest palette colour navy #1B2A4A is 19.6 ΔE00 away (tolerance 6)")]


def test_solid_fill_layer_colour_is_read_and_checked(tmp_path):
    psd = real_psd("psdtools-masks-app-ui.psd")  # visible 'Color Fill 1' is (247, 247, 247)
    near = palette_result(check([psd], brand_path=brand(tmp_path, 'white: "#FFFFFF"')))
    assert not [f for f in near.findings if f.layer == "Color Fill 1"]
    far = palette_result(check([psd], brand_path=brand(tmp_path, 'white: "#FFFFFF"', 1.0)))
    fill = [f.message for f in far.findings if f.layer == "Color Fill 1"]
    assert fill == ["fill colour #F7F7F7 in layer 'Color Fill 1' is off-brand: nearest palette "
                    "colour white #FFFFFF is 1.6 ΔE00 away (tolerance 1)"]


def test_no_palette_skips_the_check(tmp_path):
    rules = tmp_path / "brand.yaml"
    rules.write_text("name: X\n", encoding="utf-8")
    result = palette_result(check([real_psd("psdjs-example.psd")], brand_path=rules))
    assert (result.status, result.reason) == ("skipped", "the brand rules define no palette")
