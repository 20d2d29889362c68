"""Coded-text areas, campaign strings and phrase rules: parsed into frozen types, and errors
naming file, line and key path."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assetkit.coded import CodedArea, PhraseRule, Scrim, coded_strings
from assetkit.config import load_brand, load_campaign, load_catalog, load_spec, validate_spec
from assetkit.config.coded import with_campaign_areas
from assetkit.errors import InvalidConfig
from assetkit.model import Length, Target

SPEC = """\
id: shop
names: {en: Shop, ko: 샵}
slots:
  - id: banner
    labels: {en: Banner, ko: 배너}
    kind: banner
    size: [1200, 600]
    max_kb: 500
    formats: [jpeg]
    sources: [https://example.com/guide]
    verified_on: 2026-11-24
    confidence: official
    coded_text:
      - name: title
        box: [5%, 70%, 90%, 60]
        colour: '#FFFFFF'
        size_px: 32
        weight: bold
        lines: 1
        max_chars: 20
        scrim: {opacity: 0.4}
        source: https://example.com/guide
        verified_on: 2026-11-24
    forbid_phrases:
      - {phrase: 무료배송, reason: not in the image}
      - {phrase: '\\d+%', regex: true, reason: no percentages}
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _spec(text: str = SPEC) -> Path:
    path = Path("specs/shop.yaml")
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_slot_reads_its_areas_and_phrase_rules(here):
    slot = load_spec(_spec()).slots[0]
    assert slot.coded_text == (CodedArea(
        name="title", box=(Length(5, True), Length(70, True), Length(90, True), Length(60)),
        colour=(255, 255, 255), size_px=32, weight="bold", lines=1, max_chars=20,
        scrim=Scrim(0.4), source="https://example.com/guide", verified_on=dt.date(2026, 11, 24)),)
    assert slot.phrases.forbid == (PhraseRule("무료배송", "not in the image"),
                                   PhraseRule("\\d+%", "no percentages", regex=True))
    assert slot.coded_text[0].min_contrast() == 3.0


def test_an_area_error_names_file_line_and_key_path(here):
    path = _spec(SPEC.replace("size_px: 32", "size_px: big"))
    with pytest.raises(InvalidConfig) as info:
        load_spec(path)
    assert str(info.value) == ("specs/shop.yaml:17: slots[0].coded_text[0].size_px: "
                               "expected a positive number, got 'big'")


def test_a_sourced_area_needs_verified_on_and_validate_lists_it(here):
    path = _spec(SPEC.replace("        verified_on: 2026-11-24\n", ""))
    assert [str(p) for p in validate_spec(path)] == [
        "specs/shop.yaml:14: slots[0].coded_text[0].verified_on: an area with a 'source' "
        "needs 'verified_on' (YYYY-MM-DD)"]


def test_a_bad_regex_is_an_error(here):
    path = _spec(SPEC.replace("'\\d+%'", "'(('"))
    with pytest.raises(InvalidConfig) as info:
        load_spec(path)
    assert str(info.value) == (
        "specs/shop.yaml:26: slots[0].forbid_phrases[1].phrase: invalid regular expression: "
        "missing ), unterminated subpattern at position 1")


CAMPAIGN = """\
specs: specs
coded_text:
  shop: {title: 전 상품 최대 50%}
  shop/banner: {subtitle: 12/31까지}
coded_areas:
  shop/banner:
    - {name: subtitle, box: [5%, 85%, 90%, 10%], size_px: 18}
"""


def test_campaign_strings_per_platform_and_slot_and_declared_areas(here):
    _spec()
    Path("assetkit.yaml").write_text(CAMPAIGN, encoding="utf-8")
    campaign = load_campaign(Path("assetkit.yaml"))
    catalog = with_campaign_areas(load_catalog(campaign.specs), campaign)
    spec = catalog.get("shop")
    target = Target(spec, spec.slot("banner"))
    assert dict(coded_strings(campaign, target)) == {"title": "전 상품 최대 50%",
                                                    "subtitle": "12/31까지"}
    assert [a.name for a in target.slot.coded_text] == ["title", "subtitle"]


def test_campaign_areas_need_a_slot(here):
    Path("assetkit.yaml").write_text("coded_areas:\n  shop: []\n", encoding="utf-8")
    with pytest.raises(InvalidConfig) as info:
        load_campaign(Path("assetkit.yaml"))
    assert str(info.value) == "assetkit.yaml:2: coded_areas.shop: expected PLATFORM/SLOT, got 'shop'"


def test_brand_phrase_rules(here):
    Path("brand.yaml").write_text("require_phrases:\n  - {phrase: 공식, reason: brand}\n",
                                  encoding="utf-8")
    assert load_brand(Path("brand.yaml")).phrases.require == (PhraseRule("공식", "brand"),)
