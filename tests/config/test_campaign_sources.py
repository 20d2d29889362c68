"""Campaign sources may carry their own targets: {path: GLOB, targets: [...]}."""
from __future__ import annotations

import pytest

from assetkit import build
from assetkit.config import load_campaign
from assetkit.errors import InvalidConfig
from assetkit.samples import make_test_psd


def campaign_file(tmp_path, text):
    path = tmp_path / "assetkit.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_per_source_targets_parse_and_build(tmp_path):
    make_test_psd(tmp_path / "in" / "banner.psd", size=(300, 200))
    make_test_psd(tmp_path / "in" / "page.psd", size=(200, 600))
    path = campaign_file(tmp_path, (
        "sources:\n"
        "  - in/banner.psd\n"
        "  - {path: in/page.psd, targets: [coupang/detail]}\n"
        "source_root: in\n"
        "targets: [google-display/300x250]\n"))
    campaign = load_campaign(path)
    assert campaign.sources == ("in/banner.psd", "in/page.psd")
    assert dict(campaign.source_targets) == {"in/page.psd": ("coupang/detail",)}
    result = build(campaign=campaign, jobs=1)
    built = sorted((o.source, f"{o.platform}/{o.slot}") for o in result.outputs)
    assert built == [("banner", "google-display/300x250"), ("page", "coupang/detail")]


def test_only_keeps_sources_whose_targets_match(tmp_path):
    make_test_psd(tmp_path / "in" / "banner.psd", size=(300, 200))
    make_test_psd(tmp_path / "in" / "page.psd", size=(200, 600))
    path = campaign_file(tmp_path, (
        "sources: [in/banner.psd, {path: in/page.psd, targets: [coupang/detail]}]\n"
        "targets: [google-display/300x250]\n"))
    result = build(campaign=load_campaign(path), only=["coupang/detail"], jobs=1)
    assert {o.source for o in result.outputs} == {"in/page"}  # ids under the campaign folder


def test_a_source_entry_needs_a_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    campaign_file(tmp_path, "sources:\n  - {targets: [coupang]}\n")
    with pytest.raises(InvalidConfig) as err:
        load_campaign(tmp_path / "assetkit.yaml")
    assert str(err.value) == "assetkit.yaml:2: sources[0].path: missing required key 'path'"
