"""Refactors keep every output byte: the sample campaign, the fixture sweep and localized
fixtures, rebuilt fresh, against the sha256 list in tests/golden/outputs.json
(`python -m tools.golden_outputs --write` records it after a change meant to differ)."""
from __future__ import annotations

import json

import pytest

from tools.golden_outputs import FIXTURES, GOLDEN, collect, differences, runs

EXPECTED = json.loads(GOLDEN.read_text("utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_outputs_are_byte_identical(name, tmp_path, ci_fonts):
    """Recorded with the font packages CI installs (fonts-liberation2, fonts-noto-cjk): the
    substitutes set the fixtures' text, and the manifests name their files and digests."""
    if name != "sample" and not FIXTURES.is_dir():
        pytest.skip(f"real fixtures not found under {FIXTURES} (set ASSETKIT_FIXTURES)")
    assert name in runs(), f"{name} is recorded but no longer run"
    actual = collect(tmp_path, [name])
    assert differences({name: EXPECTED[name]}, actual) == []
    assert actual[name]["manifest"] == EXPECTED[name]["manifest"]


def test_every_run_is_recorded():
    if not FIXTURES.is_dir():
        pytest.skip(f"real fixtures not found under {FIXTURES} (set ASSETKIT_FIXTURES)")
    assert sorted(runs()) == sorted(EXPECTED)
