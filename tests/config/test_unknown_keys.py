"""An unknown key in any YAML file assetkit reads is a warning naming file, line and key path,
with the closest known key when one is near: a typo is never silently ignored."""
from __future__ import annotations

from pathlib import Path

import pytest

from assetkit.config import load_brand, load_campaign, load_spec
from assetkit.config.fonttable import bundled_table_path, load_substitution_table
from assetkit.config.specs import bundled_specs_dir
from assetkit.config.yamlnodes import unknown_key
from assetkit.layout import load_templates
from assetkit.layout.templates import bundled_templates_path
from tests.config.test_spec_errors import BASE, edit, write


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def warnings_of(loader, path: Path) -> list[str]:
    warnings: list[str] = []
    loader(path, warnings)
    return warnings


@pytest.mark.parametrize(("key", "known", "expected"), [
    ("sorces", ("name", "sources"), "unknown key 'sorces' (did you mean 'sources'?)"),
    ("Sources", ("name", "sources"), "unknown key 'Sources' (did you mean 'sources'?)"),
    ("max-kb", ("max_kb", "formats"), "unknown key 'max-kb' (did you mean 'max_kb'?)"),
    ("slogan", ("name", "sources"), "unknown key 'slogan' (ignored)"),
])
def test_the_message_suggests_the_closest_known_key(key, known, expected):
    assert unknown_key(key, known) == expected


def test_campaign_typo_at_the_top_level():
    path = write("assetkit.yaml", "name: Launch\nsorces: [input/*.psd]\n")
    assert warnings_of(load_campaign, path) == [
        "assetkit.yaml:2: sorces: unknown key 'sorces' (did you mean 'sources'?)"]


def test_campaign_typo_in_a_source_entry():
    path = write("assetkit.yaml", "sources:\n  - path: a.psd\n    target: [coupang]\n")
    assert warnings_of(load_campaign, path) == [
        "assetkit.yaml:3: sources[0].target: unknown key 'target' (did you mean 'targets'?)"]


def test_brand_typos_in_nested_mappings():
    path = write("brand.yaml", "name: Haneul\nlogo:\n  min_hieght_px: 40\n"
                               "fonts:\n  substitutes:\n    - {fonts: [A], use: [B], metrc: true}\n")
    assert warnings_of(load_brand, path) == [
        "brand.yaml:3: logo.min_hieght_px: unknown key 'min_hieght_px' "
        "(did you mean 'min_height_px'?)",
        "brand.yaml:6: fonts.substitutes[0].metrc: unknown key 'metrc' (did you mean 'metric'?)",
    ]


def test_spec_typo_in_a_slot():
    path = write("shop.yaml", edit("    max_kb: 500\n", "    max_kb: 500\n    fromats: [png]\n"))
    assert warnings_of(load_spec, path) == [
        "shop.yaml:9: slots[0].fromats: unknown key 'fromats' (did you mean 'formats'?)"]


def test_substitution_table_typo():
    path = write("subs.yaml", "substitutes:\n  - {fonts: [A], use: [B]}\nfallbak: {}\n")
    warnings: list[str] = []
    load_substitution_table(path, warnings)
    assert warnings == ["subs.yaml:3: fallbak: unknown key 'fallbak' (did you mean 'fallback'?)"]


def test_layouts_typos_in_class_and_role_names():
    path = write("layouts.yaml", "templates:\n  sqaure:\n    product: {region: [0, 0, 1, 1]}\n"
                                 "  wide:\n    headlin: {region: [0, 0, 1, 1]}\n")
    warnings: list[str] = []
    load_templates(path, warnings)
    assert warnings == [
        "layouts.yaml:2: templates.sqaure: unknown key 'sqaure' (did you mean 'square'?)",
        "layouts.yaml:5: templates.wide.headlin: unknown key 'headlin' "
        "(did you mean 'headline'?)",
    ]
    again: list[str] = []  # the templates are cached; the warnings are said on every load
    load_templates(path, again)
    assert again == warnings


def test_the_bundled_files_have_no_unknown_keys():
    warnings: list[str] = []
    for spec in sorted(bundled_specs_dir().glob("*.yaml")):
        load_spec(spec, warnings)
    load_substitution_table(bundled_table_path(), warnings)
    load_templates(bundled_templates_path(), warnings)
    assert warnings == []


def test_a_valid_spec_still_has_no_warnings():
    assert warnings_of(load_spec, write("shop.yaml", BASE)) == []
