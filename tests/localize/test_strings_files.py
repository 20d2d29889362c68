"""Strings out (XLIFF 1.2, CSV) from real PSDs and translations back in, by id, never stale."""
from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from assetkit.cli import cli
from assetkit.errors import InvalidConfig
from assetkit.localize.strings import (
    export_strings,
    extract_all,
    extract_strings,
    load_translations,
    render_strings,
)
from assetkit.localize.units import (
    StringUnit,
    Translation,
    apply_translations,
    from_file_text,
    to_file_text,
    with_targets,
)
from tests.conftest import real_psd

NS = "{urn:oasis:names:tc:xliff:document:1.2}"
XML_NS = "{http://www.w3.org/XML/1998/namespace}"
SYMFONY_SCHEMAS = "/usr/share/php/Symfony/Component/Translation/Resources/schemas"
# From the XLIFF 1.2 transitional schema: what a trans-unit may carry, the state values.
TRANS_UNIT_ATTRS = {"id", "approved", "translate", "reformat", f"{XML_NS}space", "datatype",
                    "ts", "phase-name", "restype", "resname", "extradata", "help-id",
                    "menu", "menu-option", "menu-name", "coord", "font", "css-style", "style",
                    "exstyle", "extype", "charclass", "minwidth", "maxwidth", "minheight",
                    "maxheight", "minbytes", "maxbytes", "size-unit"}
STATES = {"final", "needs-adaptation", "needs-l10n", "needs-review-adaptation",
          "needs-review-l10n", "needs-review-translation", "needs-translation", "new",
          "signed-off", "translated"}
SIZE_UNITS = {"byte", "char", "col", "cm", "dlgunit", "em", "ex", "glyph", "in", "mm",
              "percentage", "pixel", "point", "row"}
COORD = re.compile(r"(-?\d+|#);(-?\d+|#);(-?\d+|#);(-?\d+|#)")


@pytest.fixture(scope="module")
def two_psds() -> list[Path]:
    return [real_psd("webtoon-example-ko-emoji.psd"), real_psd("agpsd-text-complex-multifont.psd")]


def test_control_characters_map_both_ways():
    psd_text = "Line one\rLine\x03two\tend\x01"
    file_text = to_file_text(psd_text)
    assert file_text == "Line one\nLine\u2028two\tend\u2401"
    assert from_file_text(file_text) == psd_text
    assert from_file_text("a\r\nb") == "a\rb"  # a CRLF from a spreadsheet is one paragraph


def test_units_carry_id_path_box_font_and_width(two_psds):
    units = extract_strings(two_psds[0])
    by_id = {u.id: u for u in units}
    hangul = by_id["webtoon-example-ko-emoji#7"]
    assert (hangul.resname, hangul.source) == ("한글텍스트 나눔바른고딕", "한글텍스트\r나눔바른고딕")
    assert hangul.coord == (74, 660, 268, 124)
    assert hangul.font == "NanumBarunGothicOTF;56.5"
    assert hangul.lines == 2 and hangul.maxwidth == 12  # point text: 6 per line as now, 2 lines
    assert hangul.note == ('Layer "한글텍스트 나눔바른고딕" - box 268x124 px at 74,660 - max 12 '
                           'chars, 2 line(s) (CJK width) - NanumBarunGothicOTF 56.5 px')
    latin = by_id["webtoon-example-ko-emoji#6"]
    assert latin.maxwidth == 10  # "Text layer" fits as it is: 219 px / (0.55 * 51 px) = 7 < 10
    korean_target = extract_strings(two_psds[0], target_lang="ko")
    paragraph = extract_strings(real_psd("psdtools-masks-app-ui.psd"), target_lang="ko")
    # paragraph box 560x135 px at 44 px, Korean: 560 / 44 = 12 a line, 135 / (1.2 * 44) = 2 lines
    assert {u.id: u.maxwidth for u in paragraph}["psdtools-masks-app-ui#7"] == 2 * 12
    assert len(korean_target) == len(units) == 4


def _structure_errors(root: ET.Element) -> list[str]:
    """What the XLIFF 1.2 transitional schema would reject, checked by hand (the XSD is not
    shipped by any package reachable offline; tests/data/ takes it if someone adds it)."""
    errors = []
    if root.tag != f"{NS}xliff" or root.get("version") != "1.2":
        errors.append(f"root {root.tag} version {root.get('version')}")
    for file in root:
        missing = {"original", "source-language", "datatype"} - set(file.attrib)
        errors += [f"<file> lacks {m}" for m in sorted(missing)]
        if [c.tag for c in file] != [f"{NS}body"]:
            errors.append(f"<file> children {[c.tag for c in file]}")
        ids = [u.get("id") for u in file.iter(f"{NS}trans-unit")]
        if len(ids) != len(set(ids)):
            errors.append("duplicate trans-unit ids")
        for unit in file.iter(f"{NS}trans-unit"):
            errors += [f"{unit.get('id')}: attribute {a}" for a in set(unit.attrib) -
                       TRANS_UNIT_ATTRS]
            if unit.get("coord") and not COORD.fullmatch(unit.get("coord")):
                errors.append(f"{unit.get('id')}: coord {unit.get('coord')}")
            if unit.get("maxwidth") and not unit.get("maxwidth").isdigit():
                errors.append(f"{unit.get('id')}: maxwidth {unit.get('maxwidth')}")
            if unit.get("size-unit", "pixel") not in SIZE_UNITS:
                errors.append(f"{unit.get('id')}: size-unit {unit.get('size-unit')}")
            tags = [c.tag.removeprefix(NS) for c in unit]
            if tags[:1] != ["source"] or tags[1:2] not in (["target"], ["note"], []):
                errors.append(f"{unit.get('id')}: children {tags}")
            for target in unit.iter(f"{NS}target"):
                if target.get("state") and target.get("state") not in STATES:
                    errors.append(f"{unit.get('id')}: state {target.get('state')}")
    return errors


def test_xliff_is_well_formed_xliff_1_2_with_one_file_per_psd(two_psds, tmp_path):
    out = tmp_path / "strings.xlf"
    units = export_strings(two_psds, out, "xliff", "en", "ko")
    root = ET.parse(out).getroot()
    assert _structure_errors(root) == []
    assert [f.get("original") for f in root] == [p.name for p in two_psds]
    assert [u.get("id") for u in root.iter(f"{NS}trans-unit")] == [u.id for u in units]
    unit = root.find(f".//{NS}trans-unit[@id='agpsd-text-complex-multifont#2']")
    assert unit.get(f"{XML_NS}space") == "preserve"
    assert unit.find(f"{NS}source").text == "Test text aaaa\nxxxxx\n\nOMG !"
    assert unit.find(f"{NS}target").get("state") == "needs-translation"
    [location] = unit.findall(f"{NS}context-group[@purpose='location']/{NS}context")
    assert (location.get("context-type"), location.text) == (
        "sourcefile", "agpsd-text-complex-multifont#2")
    [note] = unit.findall(f"{NS}note")
    assert note.get("from") == "developer"
    assert note.text.startswith('Layer "Test text aaaa xxxxx  OMG !" - box ')


def test_each_file_gets_the_language_of_its_own_text():
    korean = StringUnit("ko-page#1", "제목", "여름 세일", 1, "ko-page.psd")
    english = StringUnit("en-page#1", "Title", "Summer sale", 1, "en-page.psd")
    root = ET.fromstring(render_strings([korean, english], "xliff", target_lang="ja"))
    assert [(f.get("original"), f.get("source-language"), f.get("target-language"))
            for f in root] == [("ko-page.psd", "ko", "ja"), ("en-page.psd", "en", "ja")]
    root = ET.fromstring(render_strings([korean, english], "xliff", "en", "ja"))
    assert [f.get("source-language") for f in root] == ["en", "en"]  # --from is for all


def test_xliff_validates_against_the_oasis_schema(two_psds, tmp_path):
    """The OASIS XLIFF 1.2 strict schema ships in Debian's php-symfony-translation; .ci/run
    unpacks it (no PHP needed) and points ASSETKIT_XLIFF_SCHEMAS at the folder."""
    folder = Path(os.environ.get("ASSETKIT_XLIFF_SCHEMAS", SYMFONY_SCHEMAS))
    strict = folder / "xliff-core-1.2-strict.xsd"
    if not strict.is_file():
        pytest.skip(f"no XLIFF 1.2 schema at {folder} (set ASSETKIT_XLIFF_SCHEMAS; .ci/run "
                    f"unpacks Debian's php-symfony-translation)")
    xmlschema = pytest.importorskip("xmlschema", reason="pip install -e '.[test]'")
    schema = xmlschema.XMLSchema(str(strict), locations=[
        ("http://www.w3.org/XML/1998/namespace", str(folder / "xml.xsd"))])  # stay offline
    out = tmp_path / "strings.xlf"
    export_strings(two_psds, out, "xliff", "en", "ko")
    errors = [f"{e.path}: {e.reason}" for e in schema.iter_errors(str(out))]
    assert errors == []


def test_round_trip_through_translate_toolkit(two_psds, tmp_path):
    from translate.storage import xliff

    units = extract_all(two_psds)
    tricky = Translation(units[1].source, "한국어 첫 줄\r둘째\x03줄 & <b>", "translated")
    data = render_strings(with_targets(units, {units[1].id: tricky}), "xliff", "en", "ko")
    store = xliff.xlifffile(data)
    seen = {u.xmlelement.get("id"): (from_file_text(u.source), from_file_text(u.target or ""))
            for u in store.units}
    assert seen == {u.id: (u.source, tricky.target if u.id == units[1].id else "")
                    for u in units}
    store.units[0].target = "텍스트 레이어"  # a CAT tool edits and saves
    saved = tmp_path / "edited.xlf"
    saved.write_bytes(bytes(store))
    loaded = load_translations(saved)
    assert set(loaded) == {u.id for u in units}
    assert loaded[units[0].id].target == "텍스트 레이어"
    assert loaded[units[1].id].target == tricky.target
    assert all(loaded[u.id].source == u.source for u in units)


def test_csv_has_a_bom_rfc4180_quoting_and_reads_back(two_psds, tmp_path):
    out = tmp_path / "strings.csv"
    units = export_strings(two_psds, out, "csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,resname,source,target,maxwidth,font,coord,note\r\n")
    assert '"한글텍스트\n나눔바른고딕"'.encode() in raw
    loaded = load_translations(out)
    assert {k: v.source for k, v in loaded.items()} == {u.id: u.source for u in units}


def _translated_file(tmp_path: Path, psd: Path, edit=None) -> Path:
    units = extract_strings(psd)
    translations = {u.id: Translation(u.source, f"[ko] {u.source}", "translated") for u in units}
    if edit:
        translations = edit(translations)
    out = tmp_path / "ko.xlf"
    out.write_bytes(render_strings(with_targets(units, translations), "xliff", "en", "ko"))
    return out


def _edit_source(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert f"<source>{old}</source>" in text
    path.write_text(text.replace(f"<source>{old}</source>", f"<source>{new}</source>"),
                    encoding="utf-8")


def test_current_translations_apply_by_layer_id(tmp_path):
    psd = real_psd("agpsd-text-alias-notosanskr.psd")
    scene_units = extract_strings(psd)
    applied, findings = apply_translations(scene_units,
                                           load_translations(_translated_file(tmp_path, psd)))
    assert applied == {2: "[ko] Windows", 3: "[ko] Windows LCD"}
    assert findings == []


def test_a_source_edit_makes_the_translation_stale(tmp_path):
    # The file was made when the layer said "Mac LCD"; the PSD's layer now says "Windows LCD".
    from assetkit.document import open_document

    psd = real_psd("agpsd-text-alias-notosanskr.psd")
    path = _translated_file(tmp_path, psd)
    _edit_source(path, "Windows LCD", "Mac LCD")
    applied, findings = apply_translations(open_document(psd).scene, load_translations(path))
    assert applied == {2: "[ko] Windows"}
    [stale] = findings
    assert (stale.code, stale.severity, stale.layer, stale.source) == (
        "localize.stale-translation", "warning", "Windows LCD", psd.name)
    assert stale.message == ("the translation of agpsd-text-alias-notosanskr#3 was made for "
                             "'Mac LCD' but the layer now says 'Windows LCD'; layer left as is")


def test_a_missing_translation_is_reported_as_info(tmp_path):
    psd = real_psd("agpsd-text-alias-notosanskr.psd")
    path = _translated_file(tmp_path, psd, lambda t: {
        k: (replace(v, target="") if k.endswith("#2") else v) for k, v in t.items()})
    applied, findings = apply_translations(extract_strings(psd), load_translations(path))
    assert applied == {3: "[ko] Windows LCD"}
    assert [(f.code, f.severity, f.layer) for f in findings] == [
        ("localize.untranslated", "warning", "Windows")]
    _, findings = apply_translations(extract_strings(psd), load_translations(path),
                                     require_complete=True)
    assert [(f.code, f.severity) for f in findings] == [("localize.untranslated", "error")]


def test_a_broken_translations_file_names_the_place(tmp_path):
    bad = tmp_path / "bad.xlf"
    bad.write_text("<xliff>\n<file>\n</xliff>\n", encoding="utf-8")
    with pytest.raises(InvalidConfig, match=r"bad.xlf:3:2: not well-formed XLIFF"):
        load_translations(bad)
    for text, message in [
            ('<xliff version="2.0"><file id="f"/></xliff>',
             "XLIFF 2.0 is not read; save the file as XLIFF 1.2 or PO"),
            ('<xliff version="1.2"/>', "no <file> element in the XLIFF"),
            ('<xliff version="1.2"><file original="a.psd"><body><trans-unit><source>a</source>'
             '</trans-unit></body></file></xliff>', "a <trans-unit> has no id attribute")]:
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(InvalidConfig) as caught:
            load_translations(bad)
        assert str(caught.value) == f"{bad}: {message}"
    broken_po = tmp_path / "ko.po"
    broken_po.write_text('msgid "a\nmsgstr "b"\n', encoding="utf-8")
    with pytest.raises(InvalidConfig, match=r"ko.po: not a readable PO file \(end-of-line"):
        load_translations(broken_po)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("id,text\nx,y\n", encoding="utf-8")
    with pytest.raises(InvalidConfig) as caught:
        load_translations(sheet)
    assert str(caught.value) == (f"{sheet}:1: missing column(s) source, target; expected "
                                 f"id,resname,source,target,maxwidth,font,coord,note")


def test_cli_exports_xliff_and_csv(two_psds, tmp_path):
    runner = CliRunner()
    out = tmp_path / "s.xlf"
    result = runner.invoke(cli, ["strings", "export", *map(str, two_psds), "--output-file", str(out),
                                 "--to", "ko"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote 5 strings from 2 PSDs to {out} (xliff)\n"
    assert ET.parse(out).getroot()[0].get("target-language") == "ko"
    csv_out = tmp_path / "s.csv"
    result = runner.invoke(cli, ["strings", "export", str(two_psds[1]), "--output-file", str(csv_out)])
    assert result.output == f"Wrote 1 strings from 1 PSDs to {csv_out} (csv)\n"


def test_cli_machine_translation_needs_a_target_and_a_known_provider(two_psds, tmp_path):
    runner = CliRunner()
    args = ["strings", "export", str(two_psds[1]), "--output-file", str(tmp_path / "s.xlf")]
    result = runner.invoke(cli, [*args, "--mt", "offline"])
    assert (result.exit_code, result.output) == (
        2, "Error: machine translation needs a target language (--to LANG)\n")
    result = runner.invoke(cli, [*args, "--mt", "yandex", "--to", "ko"])
    assert (result.exit_code, result.output) == (
        2, "Error: MT provider 'yandex' is not wired in assetkit yet; use one of libre, deepl, "
           "papago, google, microsoft, offline\n")
    result = runner.invoke(cli, [*args, "--mt", "offline", "--to", "ko"])
    assert result.exit_code == 3
    assert result.output.startswith("Error: offline: no translation known for 1 string(s)")


def test_cli_exports_machine_output_for_review(libre_server, two_psds, tmp_path):
    out = tmp_path / "mt.xlf"
    result = CliRunner().invoke(cli, [
        "strings", "export", str(two_psds[0]), "--output-file", str(out), "--to", "ko", "--mt", "libre",
        "--mt-url", libre_server.url.rstrip("/"), "--mt-timeout", "0.3"])
    assert result.exit_code == 0, result.output
    assert result.output == (f"Wrote 4 strings from 1 PSDs to {out} (xliff), machine-translated "
                             f"by libre (state needs-review-translation)\n")
    loaded = load_translations(out)
    assert loaded["webtoon-example-ko-emoji#6"] == Translation(
        "Text layer", "[ko] Text layer", "needs-review-translation")
    assert loaded["webtoon-example-ko-emoji#11"].target == "🤣"  # nothing to translate: kept
    # without --from each string goes from its own language: the Korean one is already in the
    # target and kept; "∑" and "🤣" were never sent
    korean = next(t for t in loaded.values() if "한글텍스트" in t.source)
    assert korean.target == korean.source
    assert [r["body"]["source"] for r in libre_server.requests] == ["en"]
