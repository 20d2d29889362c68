"""`assetkit localize` through Click: machine translation against the local LibreTranslate stub,
a translations file, exit codes 0 / 1 / 2 / 3 and the summary lines."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from assetkit.cli import cli
from assetkit.store.manifest import read_manifest
from tests.conftest import REPO, real_psd

APP_UI = "psdtools-masks-app-ui.psd"
BRAND = "name: Test\nfonts:\n  aliases: {ProximaNova-Regular: NotoSansKR-Regular}\n"


def _brand(tmp_path: Path) -> Path:
    path = tmp_path / "brand.yaml"
    path.write_text(BRAND, encoding="utf-8")
    return path


def test_mt_libre_end_to_end(tmp_path, libre_server):
    libre_server.dictionary = {"replaced": "교체됨", "text replaced": "텍스트 교체됨",
                               "sign in": "로그인"}
    psd = real_psd(APP_UI)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "localize", str(psd), "--to", "ko", "--mt", "libre", "--mt-url", libre_server.url,
        "--mt-timeout", "0.3", "--brand", str(_brand(tmp_path)), "--only", "coupang/detail",
        "--only", "naver-smartstore/detail", "-o", str(out), "--source-root", str(psd.parent)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Localized 1 of 1 sources into ko: 2 slices in ")
    assert lines[1] == "Findings: 0 errors, 2 warnings, 0 info"  # upscaled to 780 and 860
    assert lines[2] == "psdtools-masks-app-ui: 6 text layers re-set"
    stem = out / "psdtools-masks-app-ui"
    assert f"  HTML: {stem / 'coupang' / 'detail.ko.html'}" in lines
    assert f"  PSD:  {stem / 'psdtools-masks-app-ui.ko.psd'}" in lines
    assert f"  MT:   {stem / 'psdtools-masks-app-ui.ko.mt.xlf'} (needs review)" in lines
    assert {r["body"]["q"] for r in libre_server.requests} == set(libre_server.dictionary)
    assert {o.platform for o in read_manifest(out).outputs} == {"coupang", "naver-smartstore"}


def test_a_rerun_merges_into_the_manifest(tmp_path, libre_server):
    psd, out = real_psd(APP_UI), tmp_path / "out"
    args = ["localize", str(psd), "--to", "ko", "--mt", "libre", "--mt-url", libre_server.url,
            "--brand", str(_brand(tmp_path)), "-o", str(out), "--source-root", str(psd.parent)]
    assert CliRunner().invoke(cli, [*args, "--only", "coupang/detail"]).exit_code == 0
    assert CliRunner().invoke(cli, [*args, "--only", "naver-smartstore/detail"]).exit_code == 0
    assert {o.platform for o in read_manifest(out).outputs} == {"coupang", "naver-smartstore"}


def test_usage_errors_exit_2(tmp_path):
    psd = real_psd(APP_UI)
    result = CliRunner().invoke(cli, ["localize", str(psd), "--to", "ko", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip() == "Error: give either --translations FILE or --mt PROVIDER"
    result = CliRunner().invoke(cli, ["localize", str(psd), "--to", "ko", "--mt", "offline",
                                      "--only", "coupang/main", "-o", str(tmp_path),
                                      "--source-root", str(psd.parent)])
    assert result.exit_code == 2
    assert "no detail slot selected" in result.output


def test_unreadable_source_exits_3(tmp_path):
    bad = tmp_path / "broken.psd"
    bad.write_bytes(b"not a psd")
    result = CliRunner().invoke(cli, ["localize", str(bad), "--to", "ko", "--mt", "offline",
                                      "--only", "coupang/detail", "-o", str(tmp_path / "o"),
                                      "--source-root", str(tmp_path)])
    assert result.exit_code == 3
    assert f"Error: {bad}: not a readable PSD/PSB file" in result.output


def test_overflow_exits_1_with_the_finding(tmp_path):
    psd = real_psd(APP_UI)
    strings = tmp_path / "ko.csv"
    long = "아주 긴 번역 문장이 작은 상자에 들어갈 수 없습니다 " * 5
    strings.write_text("id,resname,source,target\r\n"
                       f"psdtools-masks-app-ui#4,Header/sign in,sign in,{long.strip()}\r\n",
                       encoding="utf-8-sig")
    result = CliRunner().invoke(cli, ["localize", str(psd), "--to", "ko", "--translations",
                                      str(strings), "--brand", str(_brand(tmp_path)),
                                      "--only", "coupang/detail", "-o", str(tmp_path / "o"),
                                      "--source-root", str(psd.parent)])
    assert result.exit_code == 1, result.output
    assert any(line.startswith("  error   localize.overflow psdtools-masks-app-ui "
                               "[Header/sign in]: text of layer") for line in
               result.output.splitlines())


def test_readme_documents_localize():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "assetkit localize PSD... --to LANG" in readme
    assert CliRunner().invoke(cli, ["localize", "--help"]).exit_code == 0


def test_a_unit_whose_protected_term_the_engine_drops_stays_in_the_source_language(
        tmp_path, libre_server, monkeypatch):
    monkeypatch.setenv("ASSETKIT_CACHE_DIR", str(tmp_path / "cache"))  # no remembered answers
    # "text" is the brand's do-not-translate term: sent as "⟦0⟧ replaced"; the engine drops
    # the token for that one unit; the others are translated and the run goes on (exit 0)
    brand = tmp_path / "brand.yaml"
    brand.write_text(BRAND + "do_not_translate: [text]\n", encoding="utf-8")
    libre_server.dictionary = {"replaced": "교체됨", "⟦0⟧ replaced": "교체됨",
                               "sign in": "로그인"}
    psd = real_psd(APP_UI)
    args = ["localize", str(psd), "--to", "ko", "--mt", "libre", "--mt-url",
            libre_server.url, "--brand", str(brand), "--only", "coupang/detail",
            "-o", str(tmp_path / "out"), "--source-root", str(psd.parent), "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    lost = [f for f in document["findings"] if f["code"] == "localize.mt-protection"]
    assert len(lost) == 1 and "'text'" in lost[0]["message"] and lost[0]["layer"]
    assert document["sources"][0]["texts"] == 6  # every layer still set (one as it was)
    assert CliRunner().invoke(cli, [*args, "--fail-on", "warning"]).exit_code == 1


def test_a_layer_already_in_the_target_script_is_never_sent(libre_server):
    from assetkit.localize.provider import ProviderOptions
    from assetkit.localize.translators import machine_translate, make_translator
    from assetkit.localize.units import StringUnit

    units = [StringUnit(id=f"d#{i}", resname=f"L{i}", source=text, document="d", layer_id=i)
             for i, text in enumerate(["한글 세럼 SALE", "Serum sale"])]
    translator = make_translator("libre", ProviderOptions(url=libre_server.url, timeout=0.3))
    out = machine_translate(units, translator, None, "ko")
    assert out.translations["d#0"].target == "한글 세럼 SALE" and out.lost == {}
    assert [r["body"]["q"] for r in libre_server.requests] == ["Serum sale"]
