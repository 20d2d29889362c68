"""`severity: {CODE: off}` as the README writes it: YAML 1.1 reads an unquoted `off` (and `no`,
`false`) as false, and the brand and campaign files refused it ("expected one of error,
warning, info, off, got False"); it means off. `on`/`true` name no level: still refused."""
from __future__ import annotations

from pathlib import Path

import pytest

from assetkit.config import load_brand, load_campaign
from assetkit.errors import InvalidConfig


@pytest.mark.parametrize("word", ["off", "Off", "no", "false", "'off'"])
def test_an_unquoted_off_turns_a_finding_off(tmp_path: Path, word):
    brand = tmp_path / "brand.yaml"
    brand.write_text(f"severity:\n  layout.upscaled: {word}\n  fonts.missing: warning\n",
                     encoding="utf-8")
    assert dict(load_brand(brand).severity) == {"layout.upscaled": "off",
                                                "fonts.missing": "warning"}
    campaign = tmp_path / "assetkit.yaml"
    campaign.write_text(f"sources: [a.psd]\nseverity: {{layout.upscaled: {word}}}\n",
                        encoding="utf-8")
    assert dict(load_campaign(campaign).severity) == {"layout.upscaled": "off"}


def test_on_is_no_level(tmp_path: Path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("severity:\n  layout.upscaled: on\n", encoding="utf-8")
    with pytest.raises(InvalidConfig, match=r"brand.yaml:2: severity.layout.upscaled: expected "
                                            r"one of error, warning, info, off, got True"):
        load_brand(brand)
