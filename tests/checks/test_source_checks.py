"""Source checks on real Photoshop files: fonts (missing, not allowed, missing glyphs, faux
styles) and the logo typed as text."""
from __future__ import annotations

from pathlib import Path

import pytest

from assetkit.commands.check import check
from assetkit.errors import ExitCode
from assetkit.samples import make_garbage_psd


def brand(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "brand.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def findings(report, code: str) -> list:
    return [f for f in report.findings if f.code == code]


def fonts_result(report):
    (asset,) = report.assets
    return next(r for r in asset.results if r.check == "fonts")


def test_bundled_noto_sans_kr_resolves_and_is_allowed(fixtures_dir, tmp_path):
    psd = fixtures_dir / "agpsd-text-alias-notosanskr.psd"
    rules = brand(tmp_path, "fonts: {allowed: [NotoSansKR-Regular]}\n")
    report = check([psd], brand_path=rules)
    assert fonts_result(report).status == "passed"
    assert report.exit_code() == ExitCode.OK


def test_font_the_brand_does_not_allow_is_named_with_its_layer(fixtures_dir, tmp_path):
    psd = fixtures_dir / "agpsd-text-alias-notosanskr.psd"
    rules = brand(tmp_path, "fonts: {allowed: [NotoSansKR-Bold]}\n")
    report = check([psd], brand_path=rules)
    assert not findings(report, "fonts.missing")
    assert [(f.message, f.layer) for f in findings(report, "fonts.not-allowed")] == [
        ("font 'NotoSansKR-Regular' in layer 'Windows' is not allowed by the brand "
         "(allowed: NotoSansKR-Bold)", "Windows"),
        ("font 'NotoSansKR-Regular' in layer 'Windows LCD' is not allowed by the brand "
         "(allowed: NotoSansKR-Bold)", "Windows LCD"),
    ]
    assert report.exit_code() == ExitCode.FINDINGS


def test_fonts_missing_and_substituted_name_their_layers(fixtures_dir):
    report = check([fixtures_dir / "webtoon-example-ko-emoji.psd"])
    missing = {f.layer: f.message for f in findings(report, "fonts.missing")}
    missing.pop("∑", None)  # Arial-Black: substituted where fonts-liberation2 is installed
    assert missing == {
        "Text layer": "font 'BradleyHandITCTT-Bold' in layer 'Text layer' is not installed, "
                      "bundled with assetkit or in the substitution table",
        "그룹 1/🤣": "font 'AppleColorEmoji' in layer '그룹 1/🤣' is not installed, bundled "
                    "with assetkit or in the substitution table"}
    substituted = {f.layer: f for f in findings(report, "fonts.substituted")}
    korean = substituted["한글텍스트 나눔바른고딕"]
    assert (korean.severity, korean.message) == ("warning", (
        "layer '한글텍스트 나눔바른고딕' wants font 'NanumBarunGothicOTF' (not installed): set "
        "with substitute 'NotoSansKR-Regular' (NotoSansKR-Regular.ttf, Version 2.004-H2)"))
    assert not findings(report, "fonts.not-allowed")  # no brand: nothing to allow against


def test_emoji_without_a_glyph_is_named(fixtures_dir, tmp_path):
    rules = brand(tmp_path, "fonts: {aliases: {AppleColorEmoji: NotoSansKR-Regular}}\n")
    report = check([fixtures_dir / "webtoon-example-ko-emoji.psd"], brand_path=rules)
    (glyph,) = findings(report, "fonts.missing-glyph")
    assert glyph.layer == "그룹 1/🤣"
    assert glyph.message == (
        "font 'AppleColorEmoji' (alias of 'NotoSansKR-Regular') in layer '그룹 1/🤣': no face in "
        "the font chain has a glyph for '🤣' U+1F923")
    assert "AppleColorEmoji" not in " ".join(f.message for f in findings(report, "fonts.missing"))


def test_every_font_of_a_multifont_layer_is_reported(fixtures_dir, ci_fonts):
    report = check([fixtures_dir / "agpsd-text-complex-multifont.psd"])
    assert not findings(report, "fonts.missing")
    used = sorted((f.message.split("'")[3], f.message.split("'")[5])
                  for f in findings(report, "fonts.substituted"))
    myriad = ci_fonts.resolve("MyriadPro-Regular").face.postscript_name
    assert used == [("ArialMT", "LiberationSans"), ("CourierNewPSMT", "LiberationMono"),
                    ("MyriadPro-Bold", ci_fonts.resolve("MyriadPro-Bold").face.postscript_name),
                    ("MyriadPro-Regular", myriad)]
    metric = [f for f in findings(report, "fonts.substituted") if "metric-compatible" in f.message]
    assert len(metric) == 2 and all(f.severity == "warning" for f in metric)


def test_faux_bold_warns(fixtures_dir):
    report = check([fixtures_dir / "psdtools-layer-effects-text.psd"])
    faux = findings(report, "fonts.faux-style")
    assert faux and all(f.severity == "warning" for f in faux)
    assert faux[0].message == ("font 'Arial-Black' in layer 'Bevel' uses Photoshop's faux bold; "
                               "use the real font style")


def test_severity_overrides_from_brand_and_campaign(fixtures_dir, tmp_path):
    from assetkit.model import Campaign, frozen_map

    rules = brand(tmp_path, "severity: {fonts.missing: warning}\n")
    campaign = Campaign(severity=frozen_map({"fonts.missing": "off"}))
    psd = fixtures_dir / "psdtools-artboard-text.psd"  # Futura: not in the substitution table
    assert {f.severity for f in findings(check([psd], brand_path=rules), "fonts.missing")} == {
        "warning"}
    assert not check([psd], brand_path=rules, campaign=campaign).findings  # campaign wins


@pytest.mark.parametrize(("rules", "expected"), [
    ("name: windows\n", ["Windows"]),                     # casefolded
    ("name: HANEUL\nwordmark: Windows  LCD\n", ["Windows LCD"]),  # whitespace ignored
    ("name: HANEUL\n", []),
])
def test_logo_typed_as_text(fixtures_dir, tmp_path, rules, expected):
    psd = fixtures_dir / "agpsd-text-alias-notosanskr.psd"
    report = check([psd], brand_path=brand(tmp_path, rules))
    hits = findings(report, "logo.typed-as-text")
    assert [f.layer for f in hits] == expected
    assert all(f.severity == "error" for f in hits)
    if expected:
        assert hits[0].message.startswith(f"text layer '{expected[0]}' spells ")


def test_logo_text_check_is_skipped_without_a_brand_name(fixtures_dir):
    report = check([fixtures_dir / "agpsd-text-alias-notosanskr.psd"])
    (asset,) = report.assets
    result = next(r for r in asset.results if r.check == "logo-text")
    assert (result.status, result.reason) == (
        "skipped", "the brand rules name no brand name or wordmark")


def test_unreadable_psd_is_an_error(tmp_path):
    report = check([make_garbage_psd(tmp_path / "junk.psd")])
    assert report.assets[0].status == "error"
    assert report.exit_code() == ExitCode.UNREADABLE


def test_font_index_is_not_built_for_images_only(tmp_path, monkeypatch):
    from PIL import Image

    from assetkit.fonts import index as fontindex

    def boom(*a, **k):
        raise AssertionError("font index built")

    monkeypatch.setattr(fontindex.FontIndex, "build", boom)
    Image.new("RGB", (8, 8)).save(tmp_path / "a.png")
    assert check([tmp_path / "a.png"]).exit_code() == ExitCode.OK


def test_example_brand_rejects_a_real_psd_set_in_another_font(fixtures_dir, tmp_path):
    from click.testing import CliRunner

    from assetkit.cli import cli

    example = Path(__file__).resolve().parents[2] / "brand_rules" / "example.yaml"
    if not example.is_file():
        pytest.skip("brand_rules/example.yaml not generated yet")
    psd = fixtures_dir / "agpsd-text-complex-multifont.psd"
    result = CliRunner().invoke(cli, ["check", str(psd), "--brand", str(example)])
    assert result.exit_code == 1
    assert ("      error    fonts.not-allowed: font 'ArialMT' in layer 'Test text aaaa xxxxx  "
            "OMG !' is not allowed by the brand (allowed: NotoSansKR-Regular, NotoSansKR-Bold)"
            ) in result.output.splitlines()


def test_paragraph_boxes_under_a_x2_transform(fixtures_dir, tmp_path):
    """psdtools-masks-app-ui.psd: five paragraph boxes under a x2 transform, ProximaNova
    missing: every text layer is named; aliased to the bundled font, all of them pass."""
    psd = fixtures_dir / "psdtools-masks-app-ui.psd"
    report = check([psd])
    missing = findings(report, "fonts.missing")
    assert sorted(f.layer for f in missing) == sorted([
        "Footer/replaced", "Footer/replaced", "replaced", "replaced", "text replaced",
        "Header/sign in"])
    assert all("'ProximaNova-Regular'" in f.message for f in missing)
    rules = brand(tmp_path, "fonts: {aliases: {ProximaNova-Regular: NotoSansKR-Regular}}\n")
    aliased = check([psd], brand_path=rules)
    assert fonts_result(aliased).status == "passed"
