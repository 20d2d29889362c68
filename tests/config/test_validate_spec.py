"""`validate_spec` reports every problem of a spec file (errors and warnings, one line each,
in file order), reading on past a bad key or value; load_spec still stops at the first."""
from __future__ import annotations

from pathlib import Path

import pytest

from assetkit.config import load_spec, validate_spec
from assetkit.config.specs import bundled_specs_dir
from assetkit.errors import InvalidConfig
from tests.config.test_spec_errors import BASE, edit, write

SECOND_SLOT = BASE[BASE.index("  - id: main"):].replace("id: main", "id: extra")  # lines 13-23


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lines(path: Path) -> list[str]:
    return [str(p) for p in validate_spec(path)]


def test_three_mistakes_give_three_problems_in_file_order():
    text = edit("max_kb: 500", "max_kb: 150kb") + SECOND_SLOT.replace(
        "kind: main", "kind: hero").replace("    confidence: official\n", "")
    assert lines(write("shop.yaml", text)) == [
        "shop.yaml:8: slots[0].max_kb: expected a positive number, got '150kb'",
        "shop.yaml:13: slots[1].confidence: missing required key 'confidence'",
        "shop.yaml:15: slots[1].kind: expected one of main, additional, banner, thumbnail, "
        "detail, ad, got 'hero'",
    ]


def test_every_bad_item_of_a_list_is_reported():
    path = write("shop.yaml", edit("formats: [jpeg, png]", "formats: [jpg, png, tiff]"))
    assert lines(path) == [
        "shop.yaml:9: slots[0].formats[0]: expected one of jpeg, png, webp, avif, gif, got 'jpg'",
        "shop.yaml:9: slots[0].formats[2]: expected one of jpeg, png, webp, avif, gif, got 'tiff'",
    ]


def test_warnings_and_errors_together():
    text = "colour: blue\n" + edit("max_kb: 500", "max_kb: -1\n    fromats: [png]")
    problems = validate_spec(write("shop.yaml", text))
    assert [(p.severity, p.line) for p in problems] == [("warning", 1), ("error", 9),
                                                        ("warning", 10)]
    assert [str(p) for p in problems] == [
        "warning: shop.yaml:1: colour: unknown key 'colour' (ignored)",
        "shop.yaml:9: slots[0].max_kb: expected a positive number, got -1",
        "warning: shop.yaml:10: slots[0].fromats: unknown key 'fromats' (did you mean 'formats'?)",
    ]


def test_checks_across_keys_still_run_on_the_slots_that_read_cleanly():
    broken = BASE.replace("id: shop", "id: shop2").replace("max_kb: 500", "max_kb: lots")
    both = SECOND_SLOT.replace("id: extra", "id: third").replace(
        "size: [1000, 1000]", "size: [9, 9]\n    bounds: {min: [1, 1]}")  # lines 22-31
    text = broken + SECOND_SLOT + both + SECOND_SLOT
    assert lines(write("shop.yaml", text)) == [
        "shop.yaml:1: id: id 'shop2' must equal the file name 'shop'",
        "shop.yaml:8: slots[0].max_kb: expected a positive number, got 'lots'",
        "shop.yaml:25: slots[2].size: give exactly one of 'size' or 'bounds'",
        "shop.yaml:32: slots[3].id: duplicate slot id 'extra'",
    ]


def test_the_first_problem_is_the_error_load_spec_raises():
    path = write("shop.yaml", edit("max_kb: 500", "max_kb: none") + "names: {en: Shop}\n")
    with pytest.raises(InvalidConfig) as err:
        load_spec(path)
    problems = lines(path)
    assert len(problems) == 2 and str(err.value) in problems


@pytest.mark.parametrize(("text", "expected"), [
    ("id: shop\nnames: x: y\n", "shop.yaml:2: invalid YAML: mapping values are not allowed here"),
    ("- a\n", "shop.yaml:1: (top level): expected a mapping, got a list"),
])
def test_a_file_that_cannot_be_read_on_is_one_problem(text, expected):
    assert lines(write("shop.yaml", text)) == [expected]


def test_a_missing_file_is_one_problem():
    assert lines(Path("nowhere.yaml")) == ["nowhere.yaml: file not found"]


def test_valid_files_have_no_problems():
    assert validate_spec(write("shop.yaml", BASE)) == []
    assert {f.name: validate_spec(f) for f in bundled_specs_dir().glob("*.yaml")
            if validate_spec(f)} == {}
