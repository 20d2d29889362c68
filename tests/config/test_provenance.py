"""Issue 13: every catalogue value the issue added or changed names its own source, date,
confidence and a sentence quoted from the page; `official` only with the platform's own domain."""
from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from assetkit.cli import cli
from assetkit.config import load_catalog
from assetkit.model import Length, Slot

URL = re.compile(r"https?://[^\s/]+\.[^\s/]+(/\S*)?")
SELLER_CENTRAL = "https://sellercentral.amazon.com/gp/help/external/G9FUUH87RBNXGKB7"
AMAZON_OFFICIAL = ("formats", "colour_space", "bounds.min", "bounds.max")
META_9_16 = ("overlay_zones.top-bar", "overlay_zones.caption-cta", "overlay_zones.left-edge",
             "overlay_zones.right-edge")
MESSAGE_IMAGE = ("size", "max_kb", "formats")

# platform/slot -> the keys issue 13 added or changed there; each needs its own provenance.
CHANGED = {
    "meta/story": META_9_16,
    "meta/reels": META_9_16,
    "meta/story-legacy": ("size", "max_kb", "formats", "overlay_zones.profile-bar",
                          "overlay_zones.cta-reply"),
    "meta/feed-square": ("alternatives",),
    "meta/feed-portrait": ("alternatives",),
    "meta/feed-landscape": ("alternatives",),
    "amazon/main": (*AMAZON_OFFICIAL, "max_kb"),
    "amazon/additional": (*AMAZON_OFFICIAL, "max_kb"),
    "naver-smartstore/main": ("max_kb",),
    "coupang/main": ("size", "max_kb"),
    "kakao-channel/wide-image": (*MESSAGE_IMAGE, "alternatives"),
    "kakao-channel/wide-list-first": (*MESSAGE_IMAGE, "alternatives"),
    "kakao-channel/wide-list": (*MESSAGE_IMAGE, "alternatives"),
    "kakao-channel/image": MESSAGE_IMAGE,
    "kakao-channel/carousel": MESSAGE_IMAGE,
    "kakaotalk/link-preview": MESSAGE_IMAGE,
    "naver-display/timeboard": (*MESSAGE_IMAGE, "forbid", "min_text_px"),
    "temu/main": (*MESSAGE_IMAGE, "background", "min_product_fill", "forbid", "alternatives"),
}
NEW_PLATFORMS = ("kakao-channel", "kakaotalk", "naver-display", "temu")

# The platform's own domains: `official` (slot or key) needs a source on one of these.
# kakaobusiness.gitbook.io is Kakao Business's own guide space (hosted on GitBook).
OWN_DOMAINS = {
    "amazon": ("amazon.com",),
    "coupang": ("coupang.com",),
    "google-display": ("google.com",),
    "google-pmax": ("google.com",),
    "youtube": ("google.com", "youtube.com"),
    "kakao-ads": ("kakao.com", "kakaocorp.com", "kakaobusiness.gitbook.io"),
    "kakao-channel": ("kakao.com", "kakaocorp.com", "kakaobusiness.gitbook.io"),
    "kakao-store": ("kakao.com", "kakaocorp.com", "kakaobusiness.gitbook.io"),
    "kakaotalk": ("kakao.com", "kakaocorp.com", "kakaobusiness.gitbook.io"),
    "meta": ("facebook.com", "meta.com", "instagram.com", "fb.com"),
    "naver-smartstore": ("naver.com",),
    "naver-display": ("naver.com",),
    "11st": ("11st.co.kr",),
    "gmarket": ("gmarket.co.kr",),
    "auction": ("auction.co.kr",),
    "interpark": ("interpark.com",),
    "musinsa": ("musinsa.com",),
    "shopify": ("shopify.com", "shopify.dev"),
    "temu": ("temu.com",),
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def get_slot(catalog, key: str) -> Slot:
    platform, slot_id = key.split("/")
    spec = catalog.get(platform)
    assert spec is not None, f"no platform {platform}"
    slot = spec.slot(slot_id)
    assert slot is not None, f"no slot {key}"
    return slot


def on_domain(url: str, domains) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def sourced_keys(slot: Slot) -> list[str]:
    """The value keys a new slot sets that must be sourced."""
    keys = ["size" if slot.size else "bounds.min", "max_kb", "formats"]
    keys += [f"overlay_zones.{z.name}" for z in slot.overlay_zones]
    keys += [k for k in ("forbid", "min_text_px", "min_product_fill", "alternatives")
             if getattr(slot, k)]
    return keys


def assert_sourced(slot: Slot, where: str, key: str) -> None:
    entries = slot.provenance_of(key)
    assert entries, f"{where}: no provenance for {key}"
    for p in entries:
        assert URL.fullmatch(p.source), f"{where} {key}: {p.source!r} is not a URL"
        assert p.source in slot.sources, f"{where} {key}: {p.source} not in the slot's sources"
        assert p.quote.strip(), f"{where} {key}: empty quote"
        assert isinstance(p.verified_on, dt.date), where
        assert p.confidence in {"official", "secondary", "unverified"}, where


@pytest.mark.parametrize(("where", "keys"), list(CHANGED.items()), ids=list(CHANGED))
def test_every_changed_key_has_its_own_provenance(catalog, where, keys):
    slot = get_slot(catalog, where)
    for key in keys:
        assert_sourced(slot, where, key)


@pytest.mark.parametrize("platform", NEW_PLATFORMS)
def test_every_value_of_a_new_platform_is_sourced(catalog, platform):
    spec = catalog.get(platform)
    assert spec is not None and spec.slots
    for slot in spec.slots:
        assert f"{platform}/{slot.id}" in CHANGED, f"{platform}/{slot.id} missing from CHANGED"
        for key in sourced_keys(slot):
            assert_sourced(slot, f"{platform}/{slot.id}", key)


def test_official_only_with_a_source_on_the_platforms_own_domain(catalog):
    for spec in catalog:
        domains = OWN_DOMAINS.get(spec.id, ())
        for slot in spec.slots:
            where = f"{spec.id}/{slot.id}"
            if slot.confidence == "official":
                assert any(on_domain(u, domains) for u in slot.sources), (
                    f"{where}: official without a source on {domains}")
            for p in slot.provenance:
                if p.confidence == "official":
                    assert on_domain(p.source, domains), (
                        f"{where} {p.key}: official from {p.source}, not on {domains}")


@pytest.mark.parametrize("slot_id", ["main", "additional"])
def test_amazon_technical_values_are_official_from_seller_central(catalog, slot_id):
    slot = catalog.get("amazon").slot(slot_id)
    for key in AMAZON_OFFICIAL:
        assert [p.confidence for p in slot.provenance_of(key)] == ["official"], key
        assert [p.source for p in slot.provenance_of(key)] == [SELLER_CENTRAL], key
    assert {p.confidence for p in slot.provenance_of("max_kb")} == {"secondary"}
    assert slot.bounds.min == (1000, 1000) and slot.bounds.max == (10000, 10000)


def pct(v: float) -> Length:
    return Length(v, percent=True)


UNIFIED_9_16 = {
    "top-bar": (Length(0), Length(0), pct(100), pct(14)),
    "caption-cta": (Length(0), pct(65), pct(100), pct(35)),
    "left-edge": (Length(0), Length(0), pct(6), pct(100)),
    "right-edge": (pct(94), Length(0), pct(6), pct(100)),
}


@pytest.mark.parametrize("slot_id", ["story", "reels"])
def test_story_and_reels_use_the_unified_9_16_safe_zone(catalog, slot_id):
    slot = catalog.get("meta").slot(slot_id)
    assert {z.name: z.box for z in slot.overlay_zones} == UNIFIED_9_16


def test_story_legacy_keeps_the_old_stories_zones(catalog):
    slot = catalog.get("meta").slot("story-legacy")
    assert slot.size == (1080, 1920)
    assert {z.name: z.box for z in slot.overlay_zones} == {
        "profile-bar": (Length(0), Length(0), pct(100), Length(270)),
        "cta-reply": (Length(0), Length(1540), pct(100), Length(380)),
    }


def test_specs_show_meta_shows_the_new_zones_the_legacy_slot_and_provenance():
    result = CliRunner().invoke(cli, ["specs", "show", "meta"])
    assert result.exit_code == 0, result.output
    out = result.output
    story = out[out.index("[story]"):out.index("[story-legacy]")]
    assert "overlay zone caption-cta: [0px, 65%, 100%, 35%] covered by ui" in story
    assert "overlay zone top-bar: [0px, 0px, 100%, 14%] covered by ui" in story
    assert "overlay zone left-edge: [0px, 0px, 6%, 100%] covered by ui" in story
    assert "provenance overlay_zones.caption-cta: secondary, verified on 2026-12-04, " \
           "https://primores.org/wiki/marketing/meta-ad-placement-safe-zones/" in story
    assert '"As of March 2026, Meta unified the Stories + Reels 9:16 safe zone' in story
    legacy = out[out.index("[story-legacy]"):out.index("[reels]")]
    assert "overlay zone cta-reply: [0px, 1540px, 100%, 380px] covered by ui" in legacy


def test_specs_list_json_carries_provenance():
    result = CliRunner().invoke(cli, ["specs", "list", "--json"])
    data = json.loads(result.output)
    amazon = next(p for p in data["platforms"] if p["id"] == "amazon")
    main = next(s for s in amazon["slots"] if s["id"] == "main")
    assert {"key": "bounds.max", "source": SELLER_CENTRAL, "verified_on": "2026-12-04",
            "confidence": "official",
            "quote": "Files cannot exceed 10,000 pixels on the longest side."} in main["provenance"]
