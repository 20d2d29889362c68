"""Config errors name file, line and key path: each test asserts the whole message."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from assetkit.config import find_campaign, load_brand, load_campaign, load_spec
from assetkit.errors import ExitCode, InvalidConfig

# A valid one-slot spec; the line numbers below are the ones the messages must name.
BASE = """\
id: shop
names: {en: Shop, ko: 샵}
slots:
  - id: main
    labels: {en: Main image, ko: 대표이미지}
    kind: main
    size: [1000, 1000]
    max_kb: 500
    formats: [jpeg, png]
    sources: [https://example.com/guide]
    verified_on: 2026-11-24
    confidence: official
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work inside tmp_path so messages show paths relative to it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(rel: str, text: str) -> Path:
    path = Path(rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def message(loader, path: Path) -> str:
    with pytest.raises(InvalidConfig) as info:
        loader(path)
    return str(info.value)


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


# ---- platform specs ----

def test_the_base_spec_is_valid(here):
    warnings: list[str] = []
    spec = load_spec(write("shop.yaml", BASE), warnings)
    assert warnings == []
    assert spec.id == "shop"
    assert dict(spec.names) == {"en": "Shop", "ko": "샵"}
    (slot,) = spec.slots
    assert (slot.id, slot.kind, slot.size, slot.max_kb) == ("main", "main", (1000, 1000), 500.0)
    assert slot.formats == ("jpeg", "png")
    assert slot.sources == ("https://example.com/guide",)
    assert str(slot.verified_on) == "2026-11-24"


def test_max_kb_of_the_third_slot_names_file_line_and_key_path(here):
    path = write("specs/coupang.yaml", textwrap.dedent("""\
        id: coupang
        names: {en: Coupang, ko: 쿠팡}
        slots:
          - {id: main, labels: {en: Main, ko: 대표}, kind: main, size: [1000, 1000],
             max_kb: 5120, formats: [jpeg], sources: [https://example.com/a],
             verified_on: 2026-11-24, confidence: secondary}
          - {id: additional, labels: {en: More, ko: 추가}, kind: additional, size: [1000, 1000],
             max_kb: 5120, formats: [jpeg], sources: [https://example.com/a],
             verified_on: 2026-11-24, confidence: secondary}
          - id: banner
            labels: {en: Banner, ko: 배너}
            kind: banner
            size: [1200, 600]
            max_kb: 150kb
            formats: [jpeg]
            sources: [https://example.com/a]
            verified_on: 2026-11-24
            confidence: secondary
        """))
    assert message(load_spec, path) == (
        "specs/coupang.yaml:14: slots[2].max_kb: expected a positive number, got '150kb'"
    )


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("max_kb: 500", "max_kb: -5",
     "shop.yaml:8: slots[0].max_kb: expected a positive number, got -5"),
    ("max_kb: 500", "max_kb: 0",
     "shop.yaml:8: slots[0].max_kb: expected a positive number, got 0"),
    ("max_kb: 500", "max_kb: true",
     "shop.yaml:8: slots[0].max_kb: expected a positive number, got True"),
    # .nan/.inf are YAML floats; a NaN cap used to pass and crash later in Slot.cap_bytes
    ("max_kb: 500", "max_kb: .nan",
     "shop.yaml:8: slots[0].max_kb: expected a positive number, got nan"),
    ("max_kb: 500", "max_kb: .inf",
     "shop.yaml:8: slots[0].max_kb: expected a positive number, got inf"),
    ("kind: main", "kind: hero",
     "shop.yaml:6: slots[0].kind: expected one of main, additional, banner, thumbnail, detail,"
     " ad, got 'hero'"),
    ("confidence: official", "confidence: sure",
     "shop.yaml:12: slots[0].confidence: expected one of official, secondary, unverified,"
     " got 'sure'"),
    ("formats: [jpeg, png]", "formats: [jpeg, jpg]",
     "shop.yaml:9: slots[0].formats[1]: expected one of jpeg, png, webp, avif, gif, got 'jpg'"),
    ("formats: [jpeg, png]", "formats: []",
     "shop.yaml:9: slots[0].formats: expected a non-empty list"),
    ("    sources: [https://example.com/guide]\n", "",
     "shop.yaml:4: slots[0].sources: missing required key 'sources'"),
    ("sources: [https://example.com/guide]", "sources:",
     "shop.yaml:10: slots[0].sources: missing required key 'sources'"),
    ("size: [1000, 1000]", "size: [1000]",
     "shop.yaml:7: slots[0].size: expected [width, height] in pixels, got a list"),
    ("size: [1000, 1000]", "size: [1000, 0]",
     "shop.yaml:7: slots[0].size: expected [width, height] in pixels, got a list"),
    ("size: [1000, 1000]", "size: 1000x0",
     "shop.yaml:7: slots[0].size: expected [width, height] in pixels, got '1000x0'"),
    ("size: [1000, 1000]", "size: 1000",
     "shop.yaml:7: slots[0].size: expected [width, height] in pixels, got 1000"),
    ("size: [1000, 1000]", "size: [1000, 1000]\n    bounds: {max: [2000, 2000]}",
     "shop.yaml:7: slots[0].size: give exactly one of 'size' or 'bounds'"),
    ("    size: [1000, 1000]\n", "",
     "shop.yaml:4: slots[0].size: give exactly one of 'size' or 'bounds'"),
    ("    size: [1000, 1000]\n", "    bounds: {min: [500, 500], aspect: wide}\n",
     "shop.yaml:7: slots[0].bounds.aspect: expected an aspect ratio like '16:9', got 'wide'"),
    ("kind: main", "kind: detail",
     "shop.yaml:4: slots[0].detail: a detail slot needs 'detail' (width, max_slice_height)"),
    ("verified_on: 2026-11-24", "verified_on: yesterday",
     "shop.yaml:11: slots[0].verified_on: expected a date (YYYY-MM-DD), got 'yesterday'"),
    # an impossible date fails while YAML is read; the line used to be missing
    ("verified_on: 2026-11-24", "verified_on: 2026-13-45",
     "shop.yaml:11: invalid YAML: month must be in 1..12"),
    ("id: main", "id: Main",
     "shop.yaml:4: slots[0].id: expected a lowercase ASCII id (a-z, 0-9, -), got 'Main'"),
    ("labels: {en: Main image, ko: 대표이미지}", "labels: {en: Main image}",
     "shop.yaml:5: slots[0].labels.ko: missing required key 'ko'"),
])
def test_slot_field_errors(here, old, new, expected):
    assert message(load_spec, write("shop.yaml", edit(old, new))) == expected


def test_bad_percentage_in_an_overlay_zone_box(here):
    text = BASE + textwrap.indent(textwrap.dedent("""\
        overlay_zones:
          - name: top-bar
            box: [0, 0, "100%", "14%"]
            covered_by: ui
          - name: bottom-bar
            box: [0, "80%", "100%", "150%"]
            covered_by: ui
        """), "    ")
    assert message(load_spec, write("shop.yaml", text)) == (
        "shop.yaml:18: slots[0].overlay_zones[1].box[3]: expected pixels (an integer) or a "
        "percentage like '14%', got '150%'"
    )


@pytest.mark.parametrize(("zone", "expected"), [
    ("{name: top, box: [0, 0, '100%'], covered_by: ui}",
     "shop.yaml:14: slots[0].overlay_zones[0].box: expected [x, y, w, h], got a list"),
    ("{name: top, box: [0, 0, '100%', '-5%'], covered_by: ui}",
     "shop.yaml:14: slots[0].overlay_zones[0].box[3]: expected pixels (an integer) or a "
     "percentage like '14%', got '-5%'"),
    ("{name: top, box: [0, 0, 10.5, 10], covered_by: ui}",
     "shop.yaml:14: slots[0].overlay_zones[0].box[2]: expected pixels (an integer) or a "
     "percentage like '14%', got 10.5"),
    ("{name: top, box: [0, 0, 10, 10], covered_by: logo}",
     "shop.yaml:14: slots[0].overlay_zones[0].covered_by: expected one of platform-text, ui,"
     " crop, got 'logo'"),
    ("{name: top, covered_by: ui}",
     "shop.yaml:14: slots[0].overlay_zones[0].box: missing required key 'box'"),
])
def test_overlay_zone_errors(here, zone, expected):
    text = BASE + f"    overlay_zones:\n      - {zone}\n"
    assert message(load_spec, write("shop.yaml", text)) == expected


# A provenance entry backing max_kb; its key is on line 14, source 15, date 16, confidence 17,
# quote 18.
PROVENANCE = BASE + """\
    provenance:
      - key: max_kb
        source: https://example.com/guide
        verified_on: 2026-12-04
        confidence: official
        quote: "Images must be 500 KB or less."
"""


def test_provenance_entries_are_read(here):
    warnings: list[str] = []
    (slot,) = load_spec(write("shop.yaml", PROVENANCE), warnings).slots
    assert warnings == []
    (entry,) = slot.provenance
    assert (entry.key, entry.source, str(entry.verified_on), entry.confidence, entry.quote) == (
        "max_kb", "https://example.com/guide", "2026-12-04", "official",
        "Images must be 500 KB or less.")
    assert slot.provenance_of("max_kb") == (entry,)
    assert slot.provenance_of("size") == ()


def test_provenance_may_name_a_bounds_key_or_an_overlay_zone(here):
    text = edit("size: [1000, 1000]", "bounds: {min: [500, 500]}") + textwrap.indent(
        textwrap.dedent("""\
        overlay_zones:
          - {name: top-bar, box: [0, 0, "100%", "14%"], covered_by: ui}
        provenance:
          - {key: bounds.min, source: "https://example.com/guide", verified_on: 2026-12-04,
             confidence: secondary, quote: "At least 500 px."}
          - {key: overlay_zones.top-bar, source: "https://example.com/guide",
             verified_on: 2026-12-04, confidence: secondary, quote: "Keep the top 14 % clear."}
        """), "    ")
    (slot,) = load_spec(write("shop.yaml", text)).slots
    assert [p.key for p in slot.provenance] == ["bounds.min", "overlay_zones.top-bar"]


def provenance_edit(old: str, new: str) -> str:
    assert PROVENANCE.count(old) == 1, old
    return PROVENANCE.replace(old, new)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("key: max_kb", "key: max_kbb",
     "shop.yaml:14: slots[0].provenance[0].key: expected a slot key such as max_kb, bounds.min "
     "or overlay_zones.<zone name>, got 'max_kbb'"),
    ("key: max_kb", "key: bounds.minimum",
     "shop.yaml:14: slots[0].provenance[0].key: expected a slot key such as max_kb, bounds.min "
     "or overlay_zones.<zone name>, got 'bounds.minimum'"),
    ("key: max_kb", "key: min_text_px",
     "shop.yaml:14: slots[0].provenance[0].key: the slot sets no 'min_text_px' for this to back"),
    ("key: max_kb", "key: bounds.min",
     "shop.yaml:14: slots[0].provenance[0].key: the slot sets no 'bounds.min' for this to back"),
    ("key: max_kb", "key: overlay_zones.top-bar",
     "shop.yaml:14: slots[0].provenance[0].key: the slot has no overlay zone named 'top-bar'"),
    ("source: https://example.com/guide", "source: example.com/guide",
     "shop.yaml:15: slots[0].provenance[0].source: expected an http(s) URL, got "
     "'example.com/guide'"),
    ("source: https://example.com/guide", "source: https://example.com/other",
     "shop.yaml:15: slots[0].provenance[0].source: 'https://example.com/other' is not one of "
     "the slot's sources"),
    ("verified_on: 2026-12-04", "verified_on: soon",
     "shop.yaml:16: slots[0].provenance[0].verified_on: expected a date (YYYY-MM-DD), got 'soon'"),
    ("confidence: official\n        quote", "confidence: sure\n        quote",
     "shop.yaml:17: slots[0].provenance[0].confidence: expected one of official, secondary, "
     "unverified, got 'sure'"),
    ('quote: "Images must be 500 KB or less."', 'quote: "  "',
     "shop.yaml:18: slots[0].provenance[0].quote: expected the sentence quoted from the source, "
     "got an empty text"),
    ('        quote: "Images must be 500 KB or less."\n', "",
     "shop.yaml:14: slots[0].provenance[0].quote: missing required key 'quote'"),
    ("      - key: max_kb", "      - kee: max_kb",
     "shop.yaml:14: slots[0].provenance[0].key: missing required key 'key'"),
])
def test_provenance_errors(here, old, new, expected):
    assert message(load_spec, write("shop.yaml", provenance_edit(old, new))) == expected


def test_id_must_match_the_file_name(here):
    assert message(load_spec, write("specs/other-shop.yaml", BASE)) == (
        "specs/other-shop.yaml:1: id: id 'shop' must equal the file name 'other-shop'"
    )


def test_duplicate_slot_id_names_the_second_one(here):
    second = BASE[BASE.index("  - id: main"):]
    assert message(load_spec, write("shop.yaml", BASE + second)) == (
        "shop.yaml:13: slots[1].id: duplicate slot id 'main'"
    )


@pytest.mark.parametrize(("text", "expected"), [
    ("id: shop\nnames: {en: Shop, ko: 샵}\nnames: x: y\n",
     "shop.yaml:3: invalid YAML: mapping values are not allowed here"),
    ("id: shop\nnames: {en: Shop, ko: 샵}\nslots:\n  - id: main\n\tkind: main\n",
     "shop.yaml:5: invalid YAML: found character '\\t' that cannot start any token"),
    ("- a\n- b\n", "shop.yaml:1: (top level): expected a mapping, got a list"),
    ("", "shop.yaml:1: id: missing required key 'id'"),
    ("id: shop\nnames: {en: Shop, ko: 샵}\nslots: []\n",
     "shop.yaml:3: slots: expected a non-empty list"),
])
def test_invalid_yaml_and_top_level_shape(here, text, expected):
    assert message(load_spec, write("shop.yaml", text)) == expected


def test_missing_spec_file(here):
    assert message(load_spec, Path("specs/nowhere.yaml")) == "specs/nowhere.yaml: file not found"


def test_config_errors_are_usage_errors():
    assert InvalidConfig.exit_code == ExitCode.USAGE == 2


def test_unknown_keys_warn_with_file_line_and_key_path(here):
    text = edit("    max_kb: 500\n", "    max_kb: 500\n    colour: red\n") + "extra: 1\n"
    path = write("shop.yaml", text)
    warnings: list[str] = []
    spec = load_spec(path, warnings)  # warnings, not an error
    assert spec.slots[0].max_kb == 500.0
    assert warnings == [  # in file order
        "shop.yaml:9: slots[0].colour: unknown key 'colour' (ignored)",
        "shop.yaml:14: extra: unknown key 'extra' (ignored)",
    ]


def test_unknown_keys_in_nested_mappings_warn(here):
    text = edit("size: [1000, 1000]", "bounds: {min: [500, 500], maxi: [9, 9]}")
    warnings: list[str] = []
    load_spec(write("shop.yaml", text), warnings)
    assert warnings == [
        "shop.yaml:7: slots[0].bounds.maxi: unknown key 'maxi' (did you mean 'max'?)"]


# ---- brand rules ----

def test_brand_palette_colour_name_is_rejected(here):
    path = write("brand.yaml", textwrap.dedent("""\
        name: Haneul
        palette:
          colours:
            navy: '#1B2A4A'
            sky: blue
        """))
    assert message(load_brand, path) == (
        "brand.yaml:5: palette.colours.sky: expected a colour like '#1B2A4A', got 'blue'"
    )


def test_brand_unquoted_hex_colour_is_a_yaml_comment(here):
    path = write("brand.yaml", "palette:\n  colours:\n    navy: #1B2A4A\n")
    assert message(load_brand, path) == (
        "brand.yaml:3: palette.colours.navy: expected a colour like '#1B2A4A', got nothing"
    )


@pytest.mark.parametrize(("text", "expected"), [
    ("severity:\n  fonts.missing: fatal\n",
     "brand.yaml:2: severity.fonts.missing: expected one of error, warning, info, off,"
     " got 'fatal'"),
    ("min_text_px: -3\n", "brand.yaml:1: min_text_px: expected a positive number, got -3"),
    ("mobile_min_css_px: big\n",
     "brand.yaml:1: mobile_min_css_px: expected a positive number, got 'big'"),
    ("logo:\n  required: yes please\n",
     "brand.yaml:2: logo.required: expected true or false, got 'yes please'"),
    ("logo:\n  clear_space: 1.5\n",
     "brand.yaml:2: logo.clear_space: expected a number from 0 to 1, got 1.5"),
    ("fonts:\n  allowed: {a: 1}\n", "brand.yaml:2: fonts.allowed: expected a list, got a mapping"),
])
def test_brand_wrong_types(here, text, expected):
    assert message(load_brand, write("brand.yaml", text)) == expected


def test_brand_missing_logo_master(here):
    path = write("brand_rules/brand.yaml", textwrap.dedent("""\
        name: Haneul
        logo:
          masters:
            - logos/haneul.png
        """))
    assert message(load_brand, path) == (
        "brand_rules/brand.yaml:4: logo.masters[0]: logo master not found: "
        "brand_rules/logos/haneul.png"
    )


def logo_png(path: Path) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (120, 40), (27, 42, 74)).save(path)
    return path


@pytest.mark.parametrize(("spoil", "expected"), [
    (lambda p: p.write_text("not really a png"), "is not an image file"),
    (lambda p: p.write_bytes(b""), "is not an image file"),
    (lambda p: p.write_bytes(p.read_bytes()[:60]), "is a broken image (image file is truncated)"),
])
def test_brand_logo_master_that_is_not_an_image(here, spoil, expected):
    spoil(logo_png(here / "brand_rules" / "logos" / "haneul.png"))
    path = write("brand_rules/brand.yaml", "name: Haneul\nlogo:\n  masters:\n"
                                           "    - logos/haneul.png\n")
    assert message(load_brand, path) == (
        f"brand_rules/brand.yaml:4: logo.masters[0]: logo master brand_rules/logos/haneul.png "
        f"{expected}")


def test_brand_logo_master_resolves_against_the_brand_file(here):
    logo_png(here / "brand_rules" / "logos" / "haneul.png")
    path = write("brand_rules/brand.yaml", "logo:\n  masters: [logos/haneul.png]\n"
                                           "palette:\n  colours: {navy: '#1B2A4A'}\n")
    brand = load_brand(path)
    (master,) = brand.logo.masters
    assert master.resolve() == (here / "brand_rules" / "logos" / "haneul.png").resolve()
    assert dict(brand.palette) == {"navy": (0x1B, 0x2A, 0x4A)}


def test_brand_unknown_key_warns(here):
    warnings: list[str] = []
    load_brand(write("brand.yaml", "name: Haneul\nslogan: Sky\n"), warnings)
    assert warnings == ["brand.yaml:2: slogan: unknown key 'slogan' (ignored)"]


# ---- campaign ----

def test_campaign_unknown_template_placeholder(here):
    path = write("assetkit.yaml", 'name: Launch\nfilename: "{source}_{sku}.{ext}"\n')
    assert message(load_campaign, path) == (
        "assetkit.yaml:2: filename: unknown placeholder 'sku' in file-name template; "
        "use source, platform, slot, w, h, ext, lang, slice"
    )


def test_campaign_template_attribute_access_is_a_config_error(here):
    # used to escape as AttributeError (an internal error) instead of InvalidConfig
    path = write("assetkit.yaml", 'filename: "{source.upper_}.{ext}"\n')
    assert message(load_campaign, path) == (
        "assetkit.yaml:1: filename: invalid file-name template: "
        "'str' object has no attribute 'upper_'"
    )


def test_campaign_template_without_ext(here):
    path = write("assetkit.yaml", 'filename: "{source}.png"\n')
    assert message(load_campaign, path) == (
        "assetkit.yaml:1: filename: the file-name template must end with '.{ext}'"
    )


def test_campaign_template_may_zero_pad_the_size(here):
    # w and h are integers when names are made; validation used to try them as strings
    campaign = load_campaign(write("assetkit.yaml", 'filename: "{source}_{w:05d}.{ext}"\n'))
    assert campaign.filename == "{source}_{w:05d}.{ext}"


@pytest.mark.parametrize(("targets", "expected"), [
    ("targets:\n  - coupang\n  - a/b/c\n",
     "assetkit.yaml:4: targets[1]: expected PLATFORM or PLATFORM/SLOT, got 'a/b/c'"),
    ("targets: [coupang/]\n",
     "assetkit.yaml:2: targets[0]: expected PLATFORM or PLATFORM/SLOT, got 'coupang/'"),
    ("targets: a/b/c\n",
     "assetkit.yaml:2: targets: expected PLATFORM or PLATFORM/SLOT, got 'a/b/c'"),
])
def test_campaign_bad_target(here, targets, expected):
    assert message(load_campaign, write("assetkit.yaml", "name: Launch\n" + targets)) == expected


def test_campaign_paths_resolve_against_its_folder(here):
    write("camp/assetkit.yaml", "targets: [coupang, meta/story]\nbrand: brand/rules.yaml\n")
    campaign = load_campaign(Path("camp/assetkit.yaml"))
    assert campaign.targets == ("coupang", "meta/story")
    assert campaign.brand.resolve() == (here / "camp" / "brand" / "rules.yaml").resolve()
    assert campaign.output.resolve() == (here / "camp" / "output").resolve()
    assert campaign.name == "camp"


def test_find_campaign_searches_upward(tmp_path, monkeypatch):
    campaign = tmp_path / "launch" / "assetkit.yaml"
    campaign.parent.mkdir()
    campaign.write_text("name: Launch\n")
    nested = tmp_path / "launch" / "input" / "psd"
    nested.mkdir(parents=True)
    assert find_campaign(nested) == campaign.resolve()
    monkeypatch.chdir(nested)
    assert find_campaign() == campaign.resolve()


def test_find_campaign_prefers_the_nearest(tmp_path):
    outer = tmp_path / "assetkit.yaml"
    inner = tmp_path / "sub" / "assetkit.yaml"
    inner.parent.mkdir()
    outer.write_text("name: outer\n")
    inner.write_text("name: inner\n")
    assert find_campaign(tmp_path / "sub") == inner.resolve()


def test_find_campaign_returns_none_when_absent(tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    above = [p for p in nested.resolve().parents if (p / "assetkit.yaml").is_file()]
    if above:
        pytest.skip(f"an assetkit.yaml exists above the temp dir: {above[0]}")
    assert find_campaign(nested) is None
