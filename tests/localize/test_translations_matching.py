"""A translations file against the sources of a run: by id, then by location, a filled target
before an empty one; units matching no layer are one error, untranslated layers warnings (errors
with --require-complete); PO read directly; a DOCTYPE refused."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from assetkit.cli import cli
from assetkit.errors import InvalidConfig
from assetkit.localize.matching import Translations, file_findings
from assetkit.localize.strings import extract_strings, load_translations, render_strings
from assetkit.localize.units import FileUnit, StringUnit, Translation, with_targets
from tests.conftest import real_psd

PSD = "psdjs-example.psd"  # six type layers, all saying "Make a change and save."


def test_an_id_wins_over_a_location_and_a_filled_target_over_an_empty_one():
    units = [FileUnit("p#1", "Sale", "", locations=("p#1",)),        # po2xliff -t: template
             FileUnit("7", "Sale", "세일", "translated", ("p#1",)),    # its translated copy
             FileUnit("p#2", "Buy", "구매", locations=("p#2",)),
             FileUnit("8", "Buy", "사기", locations=("p#2",)),         # id p#2 is filled: wins
             FileUnit("9", "New", "신상", locations=("p#3",)),
             FileUnit("10", "New", "", locations=("p#3",))]           # empty never replaces
    found = Translations(units, "ko.xlf")
    assert found["p#1"] == Translation("Sale", "세일", "translated")
    assert found["p#2"].target == "구매"
    assert found["p#3"].target == "신상"
    assert found.get("p#4") is None


def test_units_matching_no_layer_are_one_error_and_other_psds_one_info():
    file = Translations([FileUnit("p#1", "a", "가"), FileUnit("p#9", "b", "나"),
                         FileUnit("12", "c", "다"), FileUnit("", "d", "라", locations=("p#8",)),
                         FileUnit("q#1", "e", "마"), FileUnit("r#1", "f", "바"),
                         FileUnit("5", "g", "사", locations=("p#1",))], "ko.po")
    [unknown, other] = file_findings(file, {"p#1", "p#2"}, {"p", "r"}, failed=["r"])
    assert (unknown.code, unknown.severity, unknown.source) == (
        "localize.unknown-unit", "error", None)
    assert unknown.message == ("3 unit(s) of ko.po match no text layer of the sources: p#9, 12, "
                               "p#8")
    assert (other.code, other.severity, other.message) == (
        "localize.other-psd", "info", "ko.po also holds units for PSDs not in this run (q); "
                                      "not used")
    assert file_findings(Translations([FileUnit("p#1", "a", "가")]), {"p#1"}, {"p"}) == []


def test_po_is_read_directly_with_its_references_and_fuzzy_state(tmp_path):
    path = tmp_path / "ko.po"
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    '#: p%231\nmsgctxt "p#1"\nmsgid "Sale"\nmsgstr "세일"\n\n'
                    '#, fuzzy\n#: p%232\nmsgid "Two\\nlines"\nmsgstr "두\\n줄"\n',
                    encoding="utf-8")
    found = load_translations(path)
    assert [(u.id, u.locations, u.state) for u in found.units] == [
        ("p#1", ("p#1",), "translated"), ("", ("p#2",), "needs-review-translation")]
    assert found["p#2"] == Translation("Two\rlines", "두\r줄", "needs-review-translation")


def test_an_entity_declaration_is_refused_so_no_entity_is_ever_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    path = tmp_path / "evil.xlf"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM '
                    f'"file://{secret}">]>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:'
                    f'xliff:document:1.2"><file original="p.psd" source-language="en" '
                    f'datatype="x-psd"><body><trans-unit id="p#1"><source>a</source>'
                    f'<target>&x;</target></trans-unit></body></file></xliff>\n',
                    encoding="utf-8")
    with pytest.raises(InvalidConfig) as caught:
        load_translations(path)
    assert str(caught.value) == (f"{path}:2: an entity declaration (<!ENTITY>) is not allowed "
                                 f"in a translations file")
    bomb = tmp_path / "bomb.xlf"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE xliff [\n<!ENTITY a "aaaaaaaaaa">\n'
                    + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">\n'
                              for p, n in zip("abcdefgh", "bcdefghi", strict=True))
                    + ']>\n<xliff version="1.2"><file original="p.psd"><body><trans-unit '
                      'id="p#1"><source>&i;</source></trans-unit></body></file></xliff>\n',
                    encoding="utf-8")
    with pytest.raises(InvalidConfig, match=r"bomb.xlf:3: an entity declaration"):
        load_translations(bomb)
    # the DOCTYPE older tools write for XLIFF 1.1 names a DTD that is never loaded: fine
    legacy = tmp_path / "legacy.xlf"
    legacy.write_text('<?xml version="1.0"?>\n<!DOCTYPE xliff PUBLIC "-//XLIFF//DTD XLIFF//EN" '
                      '"http://www.oasis-open.org/committees/xliff/documents/xliff.dtd">\n'
                      '<xliff version="1.1"><file original="p.psd" source-language="en" '
                      'datatype="x-psd"><body><trans-unit id="p#1"><source>a</source><target>'
                      '가</target></trans-unit></body></file></xliff>\n', encoding="utf-8")
    assert load_translations(legacy)["p#1"].target == "가"
    other = tmp_path / "page.xlf"
    other.write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(InvalidConfig, match=r"page.xlf: not an XLIFF file \(root element <html>"):
        load_translations(other)


# ---- through the CLI ----

def _file(tmp_path: Path, units: list[StringUnit], filled: int, name: str = "ko.xlf") -> Path:
    """An XLIFF with the first `filled` units translated (each its own target)."""
    targets = {u.id: Translation(u.source, f"번역 {u.id}", "translated") for u in units[:filled]}
    path = tmp_path / name
    path.write_bytes(render_strings(with_targets(units, targets), "xliff", target_lang="ko"))
    return path


def _localize(tmp_path: Path, translations: Path, *extra: str):
    brand = tmp_path / "brand.yaml"  # any font allowed: only the translations are under test
    brand.write_text("name: Test\n", encoding="utf-8")
    psd = real_psd(PSD)
    result = CliRunner().invoke(cli, [
        "localize", str(psd), "--to", "ko", "--translations", str(translations),
        "--brand", str(brand), "--only", "naver-smartstore/detail", "-o", str(tmp_path / "out"),
        "--source-root", str(psd.parent), "--json", *extra])
    return result.exit_code, json.loads(result.stdout)


def _codes(report: dict, code: str) -> list[dict]:
    return [f for f in report["findings"] if f["code"] == code]


def test_three_unknown_ids_exit_1_naming_them(tmp_path):
    units = extract_strings(real_psd(PSD))
    strays = [replace(units[0], id=uid) for uid in ("psdjs-example#901", "psdjs-example#902",
                                                   "17")]
    code, report = _localize(tmp_path, _file(tmp_path, [*units, *strays], len(units) + 3))
    assert code == 1
    [error] = _codes(report, "localize.unknown-unit")
    assert (error["severity"], error["message"]) == ("error", (
        "3 unit(s) of ko.xlf match no text layer of the sources: psdjs-example#901, "
        "psdjs-example#902, 17"))
    assert _codes(report, "localize.untranslated") == []


def test_a_half_translated_file_warns_once_per_missing_layer(tmp_path):
    units = extract_strings(real_psd(PSD))
    path = _file(tmp_path, units, 3)
    code, report = _localize(tmp_path, path)
    assert code == 0
    missing = _codes(report, "localize.untranslated")
    assert sorted(f["layer"] for f in missing) == sorted(u.resname for u in units[3:])
    assert {f["severity"] for f in missing} == {"warning"}
    assert _codes(report, "localize.unknown-unit") == []
    code, report = _localize(tmp_path, path, "--require-complete")
    assert code == 1
    assert {f["severity"] for f in _codes(report, "localize.untranslated")} == {"error"}


def test_xliff_text_is_read_as_written_without_xml_space(tmp_path):
    """A tool that drops xml:space="preserve" must not merge a PSD's paragraphs or spaces."""
    path = tmp_path / "tool.xlf"
    path.write_text('<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1">'
                    '<file original="p.psd" source-language="en" datatype="x-psd"><body>'
                    '<trans-unit id="p#1"><source>Big\n  sale</source>'
                    '<target>큰\n  세일</target></trans-unit></body></file></xliff>',
                    encoding="utf-8")
    assert load_translations(path)["p#1"] == Translation("Big\r  sale", "큰\r  세일")
