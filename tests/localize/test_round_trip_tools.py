"""The round trips a translator makes with translate-toolkit's own console scripts (xliff2po,
po2xliff with and without -t, pomerge -t), over every real fixture with text: every unit
exported comes back onto its own layer, identical strings included."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from assetkit.cli import cli
from assetkit.localize.strings import export_strings, extract_strings, load_translations
from assetkit.localize.units import apply_translations, to_file_text
from tests.conftest import FIXTURES, all_real_psds, real_psd

BIN = Path(sys.executable).parent  # the venv's console scripts, next to its python
IDENTICAL = "psdjs-example.psd"  # six layers saying "Make a change and save."


def _tool(name: str, *args: str | Path) -> None:
    script = BIN / name
    if not script.is_file():
        pytest.skip(f"{name} not found in {BIN} (pip install translate-toolkit)")
    done = subprocess.run([str(script), *map(str, args)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr


def _korean(location: str) -> str:
    """The translator's target for one PO entry: its own, so a swap or a collapse shows."""
    return f"번역 {location}"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Every fixture with text in one XLIFF (the units), its PO (xliff2po) and that PO
    translated entry by entry, the way a translator does it in a PO editor."""
    folder = tmp_path_factory.mktemp("roundtrip")
    xlf, pot, ko = folder / "pages.xlf", folder / "pages.po", folder / "ko.po"
    units = export_strings([FIXTURES / n for n in all_real_psds()], xlf, "xliff",
                           target_lang="ko")
    psds = [FIXTURES / n for n in dict.fromkeys(u.document for u in units)]  # those with text
    if not psds:
        pytest.skip(f"no real fixture with text layers under {FIXTURES}")
    _tool("xliff2po", xlf, pot)
    _translate_po(pot, ko)
    return {"units": units, "psds": psds, "xlf": xlf, "pot": pot, "ko": ko, "folder": folder}


def _translate_po(pot: Path, out: Path) -> None:
    """Fill every msgstr with a target naming the entry's `#:` location (text edit, no API)."""
    lines, location = [], ""
    for line in pot.read_text(encoding="utf-8").splitlines():
        if line.startswith("#: "):
            location = unquote(line[3:].strip())  # PO references are URL-quoted
        if line == 'msgstr ""' and location:
            line, location = f'msgstr "{_korean(location)}"', ""
        lines.append(line)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _route(name: str, exported: dict) -> Path:
    """The translations file the route gives (each route runs once per module)."""
    routes = exported.setdefault("routes", {})
    if name not in routes:
        routes[name] = _run_route(name, exported)
    return routes[name]


def _run_route(name: str, exported: dict) -> Path:
    folder, ko = exported["folder"], exported["ko"]
    out = folder / f"{name.replace(' ', '_')}.out"
    if name == "po":
        return ko
    if name == "po2xliff":
        _tool("po2xliff", ko, out.with_suffix(".xlf"))
    elif name == "po2xliff -t":
        _tool("po2xliff", "-t", exported["xlf"], ko, out.with_suffix(".xlf"))
    elif name == "pomerge -t":  # the translated PO merged into the one the translator was sent
        _tool("pomerge", "-t", exported["pot"], "-i", ko, "-o", out.with_suffix(".po"))
        return out.with_suffix(".po")
    return out.with_suffix(".xlf")


ROUTES = ("po", "po2xliff", "po2xliff -t", "pomerge -t")


def test_xliff2po_keeps_each_id_as_a_location_and_identical_strings_apart(exported):
    pot = exported["pot"].read_text(encoding="utf-8")
    for unit in exported["units"]:
        location = unit.id.replace("#", "%23")  # PO locations are URL-quoted
        assert f"#: {location}\n" in pot, unit.id
    identical = [u for u in exported["units"] if u.document == IDENTICAL]
    assert len(identical) == 6 and len({u.source for u in identical}) == 1
    for unit in identical:
        assert f'msgctxt "{unit.id}"\nmsgid "{to_file_text(unit.source)}"' in pot
    assert '#. Layer "Version A/Make a change and save." - box 365x38 px' in pot


@pytest.mark.parametrize("route", ROUTES)
def test_every_unit_comes_back_on_every_route(exported, route):
    loaded = load_translations(_route(route, exported))
    applied, expected, findings = {}, {}, []
    for psd in exported["psds"]:
        units = [u for u in exported["units"] if u.document == psd.name]
        done, found = apply_translations(units, loaded)
        applied.update({f"{psd.stem}#{k}": v for k, v in done.items()})
        expected.update({u.id: _korean(u.id) for u in units})
        findings += found
    assert findings == []
    assert len(applied) == len(exported["units"]) == len(expected)
    assert applied == expected


@pytest.mark.parametrize("route", ROUTES)
def test_six_identical_layers_each_get_their_own_target(exported, route):
    loaded = load_translations(_route(route, exported))
    units = extract_strings(real_psd(IDENTICAL))
    applied, findings = apply_translations(units, loaded)
    assert findings == []
    assert applied == {u.layer_id: _korean(u.id) for u in units}
    assert len(set(applied.values())) == 6


@pytest.mark.parametrize("route", ROUTES)
def test_localize_takes_each_route_with_no_layer_left_out(exported, route, tmp_path):
    """The command end to end on one PSD of the file: nothing untranslated or unknown; the
    other PSDs' units are said to be unused (one info)."""
    brand = tmp_path / "brand.yaml"  # any font allowed: only the translations are under test
    brand.write_text("name: Test\n", encoding="utf-8")
    psd = real_psd(IDENTICAL)
    result = CliRunner().invoke(cli, [
        "localize", str(psd), "--to", "ko", "--translations",
        str(_route(route, exported)), "--brand", str(brand), "--only", "naver-smartstore/detail",
        "-o", str(tmp_path / "out"), "--source-root", str(psd.parent), "--json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0, report["findings"]
    codes = [f["code"] for f in report["findings"]]
    lost = {"localize.untranslated", "localize.unknown-unit", "localize.stale-translation"}
    assert lost & set(codes) == set()
    assert codes.count("localize.other-psd") == 1


def test_pomerge_into_the_xliff_template_is_not_silent_about_identical_strings(exported):
    """pomerge finds a PO entry's XLIFF unit by source text when the ids differ, so every
    identical string lands on the first unit (README); the rest are named, not lost silently."""
    merged = exported["folder"] / "merged.xlf"
    _tool("pomerge", "-t", exported["xlf"], "-i", exported["ko"], "-o", merged)
    units = extract_strings(real_psd(IDENTICAL))
    applied, findings = apply_translations(units, load_translations(merged))
    assert list(applied) == [units[0].layer_id]
    assert [(f.code, f.severity, f.layer) for f in findings] == [
        ("localize.untranslated", "warning", u.resname) for u in units[1:]]
