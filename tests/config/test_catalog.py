"""The bundled platform catalog: complete, sourced, and overlaid by a specs dir; target selection."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from fractions import Fraction

import pytest

from assetkit.config import bundled_specs_dir, load_catalog, load_spec
from assetkit.errors import UsageError
from assetkit.model import Catalog, PlatformSpec, Slot
from assetkit.pipeline.plan import select_targets

ASCII_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
URL = re.compile(r"https?://[^\s/]+\.[^\s/]+(/\S*)?")

# Google Ads "uploaded image ads" sizes, each capped at 150 KB.
GOOGLE_DISPLAY_SIZES = {
    (200, 200), (240, 400), (250, 250), (250, 360), (300, 250), (336, 280), (580, 400),
    (120, 600), (160, 600), (300, 600), (300, 1050), (468, 60), (728, 90), (930, 180),
    (970, 90), (970, 250), (980, 120), (300, 50), (320, 50), (320, 100),
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def all_slots(catalog: Catalog) -> list[tuple[str, Slot]]:
    return [(p.id, s) for p in catalog for s in p.slots]


def slot_ids(catalog: Catalog, platform: str) -> set[str]:
    spec = catalog.get(platform)
    assert spec is not None, f"no platform {platform!r} in the catalog"
    return {s.id for s in spec.slots}


def test_bundled_catalog_loads_without_warnings():
    warnings: list[str] = []
    catalog = load_catalog(warnings=warnings)
    assert warnings == []
    files = sorted(p.stem for p in bundled_specs_dir().glob("*.y*ml"))
    assert list(catalog.platforms) == files
    assert len(files) >= 15


def test_every_slot_is_sourced_dated_and_rated(catalog):
    for pid, slot in all_slots(catalog):
        where = f"{pid}/{slot.id}"
        assert slot.sources, where
        for url in slot.sources:
            assert URL.fullmatch(url), f"{where}: source {url!r} is not an http(s) URL"
        assert isinstance(slot.verified_on, dt.date), where
        assert dt.date(2020, 1, 1) <= slot.verified_on <= dt.date(2100, 1, 1), where
        assert slot.confidence in {"official", "secondary", "unverified"}, where


def test_platform_and_slot_ids_are_ascii(catalog):
    for spec in catalog:
        assert spec.id.isascii() and ASCII_ID.fullmatch(spec.id), spec.id
        assert set(spec.names) == {"en", "ko"}, spec.id
        for slot in spec.slots:
            assert slot.id.isascii() and ASCII_ID.fullmatch(slot.id), f"{spec.id}/{slot.id}"


def test_every_slot_has_a_usable_size_rule(catalog):
    for pid, slot in all_slots(catalog):
        where = f"{pid}/{slot.id}"
        assert slot.max_kb > 0 and slot.formats, where
        if slot.kind == "detail":
            assert slot.detail is not None and slot.detail.width > 0, where
        else:
            assert (slot.size is None) != (slot.bounds is None), where


@pytest.mark.parametrize(("platform", "required"), [
    ("naver-smartstore", {"main", "additional", "detail"}),
    ("coupang", {"main", "additional", "detail"}),
    ("11st", set()), ("gmarket", set()), ("auction", set()), ("kakao-store", set()),
    ("kakao-ads", set()), ("musinsa", set()), ("amazon", set()), ("shopify", set()),
    ("meta", {"story", "story-legacy", "reels"}), ("google-display", set()),
    ("google-pmax", set()), ("youtube", set()),
    ("kakao-channel", {"wide-image", "wide-list-first", "wide-list", "image", "carousel"}),
    ("kakaotalk", {"link-preview"}), ("naver-display", {"timeboard"}), ("temu", {"main"}),
])
def test_catalog_covers_platform(catalog, platform, required):
    ids = slot_ids(catalog, platform)
    assert ids, platform
    assert required <= ids


def test_detail_slots_are_detail_kind(catalog):
    for platform in ("naver-smartstore", "coupang"):
        assert catalog.get(platform).slot("detail").kind == "detail"


def test_google_display_has_every_uploaded_size_at_150_kb(catalog):
    slots = catalog.get("google-display").slots
    by_size = {s.size: s for s in slots}
    missing = GOOGLE_DISPLAY_SIZES - set(by_size)
    assert not missing, f"missing sizes: {sorted(missing)}"
    for size in GOOGLE_DISPLAY_SIZES:
        assert by_size[size].max_kb == 150, size


def test_meta_has_a_9_16_story_slot_with_overlay_zones(catalog):
    stories = [s for s in catalog.get("meta").slots
               if s.size and Fraction(*s.size) == Fraction(9, 16) and "story" in s.id]
    assert stories
    for slot in stories:
        assert slot.overlay_zones
        assert {z.covered_by for z in slot.overlay_zones} <= {"platform-text", "ui", "crop"}


def test_youtube_thumbnail_has_a_duration_badge_zone(catalog):
    zones = [z for s in catalog.get("youtube").slots for z in s.overlay_zones]
    assert any("duration" in z.name for z in zones)


@pytest.mark.parametrize("platform", ["coupang", "amazon"])
def test_main_images_are_white_without_text_or_logo(catalog, platform):
    main = catalog.get(platform).slot("main")
    assert main.kind == "main"
    assert main.background == "white"
    assert {"text", "logo"} <= set(main.forbid)


def test_overlay_dir_replaces_only_the_same_platform(tmp_path):
    (tmp_path / "coupang.yaml").write_text(textwrap.dedent("""\
        id: coupang
        names: {en: Coupang (ours), ko: 쿠팡}
        slots:
          - id: hero
            labels: {en: Hero, ko: 히어로}
            kind: banner
            size: [640, 320]
            max_kb: 99
            formats: [webp]
            sources: [https://example.com/our-coupang-notes]
            verified_on: 2026-12-01
            confidence: unverified
        """), encoding="utf-8")
    bundled = load_catalog()
    overlaid = load_catalog(tmp_path)
    coupang = overlaid.get("coupang")
    assert coupang.names["en"] == "Coupang (ours)"
    assert [(s.id, s.size, s.max_kb) for s in coupang.slots] == [("hero", (640, 320), 99.0)]
    assert list(overlaid.platforms) == list(bundled.platforms)
    for pid in bundled.platforms:
        if pid != "coupang":
            assert overlaid.get(pid) == bundled.get(pid), pid


def test_overlay_dir_may_add_a_platform(tmp_path):
    shutil.copy(bundled_specs_dir() / "youtube.yaml", tmp_path / "youtube.yaml")
    text = (tmp_path / "youtube.yaml").read_text(encoding="utf-8")
    (tmp_path / "tube.yaml").write_text(text.replace("id: youtube", "id: tube"), encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert catalog.get("tube").slots == load_spec(bundled_specs_dir() / "youtube.yaml").slots
    assert "coupang" in catalog.platforms


# ---- select_targets ----

def make_slot(slot_id: str, kind: str = "main") -> Slot:
    return Slot(id=slot_id, labels={"en": slot_id, "ko": slot_id}, kind=kind, max_kb=100,
                formats=("jpeg",), sources=("https://example.com",),
                verified_on=dt.date(2026, 1, 1), confidence="official", size=(100, 100))


@pytest.fixture
def small() -> Catalog:
    alpha = PlatformSpec(id="alpha", names={"en": "A", "ko": "A"},
                         slots=(make_slot("main"), make_slot("detail", "banner")))
    beta = PlatformSpec(id="beta", names={"en": "B", "ko": "B"}, slots=(make_slot("story"),))
    return Catalog(platforms={"alpha": alpha, "beta": beta})


def keys(targets) -> list[str]:
    return [t.key for t in targets]


def test_default_is_every_slot_of_every_platform(small, catalog):
    assert keys(select_targets(small)) == ["alpha/main", "alpha/detail", "beta/story"]
    every = {f"{pid}/{slot.id}" for pid, slot in all_slots(catalog)}
    chosen = keys(select_targets(catalog))
    assert len(chosen) == len(every) and set(chosen) == every


def test_platform_selects_its_slots(small, catalog):
    assert keys(select_targets(small, ["beta"])) == ["beta/story"]
    assert keys(select_targets(catalog, ["coupang"])) == [
        "coupang/main", "coupang/additional", "coupang/detail"]


def test_platform_slot_selects_one(catalog):
    (target,) = select_targets(catalog, ["coupang/main"])
    assert target.platform.id == "coupang" and target.slot.id == "main"
    assert target.slot is catalog.get("coupang").slot("main")


def test_repeated_selectors_do_not_duplicate(small):
    assert keys(select_targets(small, ["alpha/detail", "alpha", "alpha/main"])) == [
        "alpha/detail", "alpha/main"]


def test_only_narrows(small, catalog):
    assert keys(select_targets(small, (), ["alpha/detail"])) == ["alpha/detail"]
    assert keys(select_targets(small, ["alpha", "beta"], ["beta"])) == ["beta/story"]
    assert keys(select_targets(catalog, ["coupang", "meta/story"], ["meta"])) == ["meta/story"]


@pytest.mark.parametrize(("targets", "only", "expected"), [
    (["gamma"], (), "target 'gamma': unknown platform 'gamma' (known: alpha, beta)"),
    (["gamma/main"], (), "target 'gamma/main': unknown platform 'gamma' (known: alpha, beta)"),
    (["alpha/story"], (),
     "target 'alpha/story': platform 'alpha' has no slot 'story' (slots: main, detail)"),
    ((), ["beta/main"], "--only 'beta/main': platform 'beta' has no slot 'main' (slots: story)"),
    (["alpha"], ["delta"], "--only 'delta': unknown platform 'delta' (known: alpha, beta)"),
])
def test_unknown_selectors_list_what_is_known(small, targets, only, expected):
    with pytest.raises(UsageError) as info:
        select_targets(small, targets, only)
    assert str(info.value) == expected


def test_unknown_platform_in_the_bundled_catalog_lists_all(catalog):
    with pytest.raises(UsageError) as info:
        select_targets(catalog, ["kupang"])
    known = ", ".join(sorted(p.stem for p in bundled_specs_dir().glob("*.yaml")))
    assert str(info.value) == f"target 'kupang': unknown platform 'kupang' (known: {known})"
