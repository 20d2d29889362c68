"""`assetkit report`: report.html, a page per source (or one file) and a contact-sheet PNG,
regenerated from a build's records."""
from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from assetkit import pipeline
from assetkit.cli import cli
from assetkit.commands.report import report
from assetkit.config import load_campaign
from assetkit.errors import ExitCode, UsageError
from assetkit.report.contact import CELL, LABEL
from assetkit.report.web.pages import pages_dir
from assetkit.samples import make_test_psd
from assetkit.store.manifest import read_manifest

TARGETS = ["google-display/300x250", "coupang/main"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A campaign folder with one small build in output/ (built once for the module)."""
    root = tmp_path_factory.mktemp("campaign")
    (root / "assetkit.yaml").write_text(yaml.safe_dump(
        {"name": "Report test", "sources": ["input/*.psd"], "targets": TARGETS,
         "output": "output"}), encoding="utf-8")
    make_test_psd(root / "input" / "a.psd", size=(120, 80))
    make_test_psd(root / "input" / "b.psd", size=(120, 80), logo=False)
    campaign = load_campaign(root / "assetkit.yaml")
    result = pipeline.build(campaign=campaign, jobs=1)
    assert not result.failures and len(result.outputs) == 4
    return root


@pytest.fixture
def out(built, tmp_path) -> Path:
    """A private copy of the build, so each test may delete and rewrite files."""
    copy = tmp_path / "campaign"
    shutil.copytree(built, copy)
    (copy / "output" / "report.html").unlink()
    return copy / "output"


def image_sources(text: str) -> list[str]:
    """The outputs a page shows (each card's image; the shopper's view repeats it)."""
    return [html.unescape(s) for s in re.findall(r'<a href="([^"]*)"><img', text)]


def page_images(out: Path) -> list[str]:
    """Every output the folder's source pages show, as a path under `out`."""
    found = []
    for page in pages_dir(out).rglob("*.html"):
        found += [(page.parent / s).resolve().relative_to(out.resolve()).as_posix()
                  for s in image_sources(page.read_text(encoding="utf-8"))]
    return found


def test_report_lists_every_output_of_the_manifest(out):
    files = report(out / "manifest.json", lang="en")
    assert files.html == out / "report.html"
    manifest = read_manifest(out)
    text = files.html.read_text(encoding="utf-8")
    assert sorted(page_images(out)) == sorted(o.path for o in manifest.outputs)
    assert "2 sources · 4 outputs" in text
    assert (files.outputs, files.findings, files.missing) == (4, len(manifest.findings), ())
    assert files.pages == 1  # the index (the fixture removed it); the pages are the same
    (pages_dir(out) / "input" / "a.html").write_text("stale", encoding="utf-8")
    assert report(out, lang="en").pages == 1  # a page that reads otherwise is rewritten
    assert "stale" not in (pages_dir(out) / "input" / "a.html").read_text(encoding="utf-8")


def test_report_elsewhere_links_the_images_relative_to_it(out):
    target = out.parent / "review" / "r.html"
    report(out, output_file=target)
    manifest = read_manifest(out)
    sources = image_sources(target.read_text(encoding="utf-8"))
    assert sorted(sources) == sorted(f"../output/{o.path}" for o in manifest.outputs)
    assert all((target.parent / s).is_file() for s in sources)


def test_png_contact_sheet_has_one_tile_per_output(out, tmp_path):
    files = report(out, png=tmp_path / "sheet.png")
    with Image.open(files.png) as sheet:
        assert sheet.format == "PNG"
        assert sheet.size == (6 * CELL, CELL + LABEL)  # 4 outputs: one row of six columns


def test_missing_outputs_are_said_and_left_out_of_the_sheet(out, tmp_path):
    manifest = read_manifest(out)
    gone = manifest.outputs[0].path
    (out / gone).unlink()
    files = report(out, png=tmp_path / "sheet.png")
    assert files.missing == (gone,)
    assert gone in page_images(out)  # still listed


def test_no_manifest_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no manifest.json here"):
        report(tmp_path)


# ---------------------------------------------------------------- the CLI door

def test_cli_report_from_the_build_folder(out, tmp_path):
    sheet = tmp_path / "sheet.png"
    result = CliRunner().invoke(cli, ["report", str(out), "--png", str(sheet)])
    assert result.exit_code == ExitCode.OK, result.output
    findings = len(read_manifest(out).findings)
    assert result.stdout.splitlines() == [
        f"Report: {out / 'report.html'} (4 outputs, {findings} findings)",
        f"Contact sheet: {sheet}",
    ]
    text = (out / "report.html").read_text(encoding="utf-8")
    assert "<title>Report test</title>" in text  # the campaign that owns this output folder
    assert len(page_images(out)) == 4
    with Image.open(sheet) as image:
        assert image.size == (6 * CELL, CELL + LABEL)


def test_cli_report_warns_about_missing_outputs(out):
    gone = read_manifest(out).outputs[0].path
    (out / gone).unlink()
    result = CliRunner().invoke(cli, ["report", str(out / "manifest.json")])
    assert result.exit_code == ExitCode.OK
    assert result.stderr == (f"Warning: 1 outputs in the manifest are missing, first {gone} "
                             f"(see: assetkit check {out})\n")


def test_cli_report_without_a_manifest_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["report", str(tmp_path)])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (f"Error: {tmp_path}: no manifest.json here (pass a build folder "
                             "or its manifest.json)\n")


def test_cli_report_of_a_broken_manifest_exits_2(tmp_path):
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(tmp_path)])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(f"Error: {tmp_path / 'manifest.json'}: not an assetkit "
                                    "manifest")


def test_cli_report_single_file_inlines_the_thumbnails(out, tmp_path):
    target = tmp_path / "mail.html"
    result = CliRunner().invoke(cli, ["report", str(out), "--single-file", str(target)])
    assert result.exit_code == ExitCode.OK, result.output
    findings = len(read_manifest(out).findings)
    assert result.stdout.splitlines() == [f"Report: {target} (4 outputs, {findings} findings)"]
    sources = re.findall(r'<img src="([^"]*)"', target.read_text(encoding="utf-8"))
    assert len(sources) >= 4 and all(s.startswith("data:image/jpeg;base64,") for s in sources)


def test_cli_report_lang_ko_names_slots_in_korean(out):
    result = CliRunner().invoke(cli, ["report", str(out), "--lang", "ko"])
    assert result.exit_code == ExitCode.OK, result.output
    pages = "".join(p.read_text(encoding="utf-8") for p in pages_dir(out).rglob("*.html"))
    assert '<html lang="ko">' in pages and "<h3>대표이미지</h3>" in pages
    assert "문제 있는 것만" in pages  # the interface too


def test_report_lang_defaults_to_the_campaign_then_the_locale(out, monkeypatch):
    from assetkit.report.web import default_lang

    assert default_lang("ko", {"LANG": "en_US.UTF-8"}) == "ko"
    assert default_lang(None, {"LANG": "ko_KR.UTF-8"}) == "ko"
    assert default_lang(None, {"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}) == "en"
    assert default_lang(None, {}) == "en"
    config = out.parent / "assetkit.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    config.write_text(yaml.safe_dump({**data, "report_lang": "ko"}), encoding="utf-8")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    report(out)
    assert '<html lang="ko">' in (out / "report.html").read_text(encoding="utf-8")


def test_cli_report_open_launches_the_index(out, monkeypatch):
    opened = []
    monkeypatch.setattr("click.launch", lambda url, **kw: opened.append(url) or 0)
    result = CliRunner().invoke(cli, ["report", str(out), "--open"])
    assert result.exit_code == ExitCode.OK, result.output
    assert opened == [str(out / "report.html")]


# ---------------------------------------------------------------- a version-1 folder

def _as_version_1(out: Path) -> dict:
    """`out` as the code before the output store left it: manifest.json version 1 listing
    every output and finding, no `.assetkit/` (no records), the old report.html."""
    manifest = read_manifest(out)
    v1 = {"schema_version": 1, "assetkit_version": "0.1.0", "created": manifest.created,
          "fonts": {}, "outputs": [o.to_dict() for o in manifest.outputs],
          "findings": [f.to_dict() for f in manifest.findings]}
    shutil.rmtree(out / ".assetkit")
    (out / "manifest.json").write_text(json.dumps(v1), encoding="utf-8")
    (out / "report.html").write_text("<p>the version-1 report</p>", encoding="utf-8")
    return v1


def _source_pages(out: Path) -> list[str]:
    return sorted(p.relative_to(pages_dir(out)).as_posix() for p in pages_dir(out).rglob("*.html"))


def test_report_of_a_version_1_folder_shows_its_outputs(out):
    v1 = _as_version_1(out)
    files = report(out, lang="en")
    assert (files.outputs, files.findings, files.legacy) == (4, len(v1["findings"]), True)
    assert sorted(page_images(out)) == sorted(o["path"] for o in v1["outputs"])
    text = files.html.read_text(encoding="utf-8")
    assert "2 sources · 4 outputs" in text
    assert _source_pages(out) == ["input/a.html", "input/b.html"]
    assert not (out / ".assetkit" / "sources").exists()  # still a version-1 folder
    result = CliRunner().invoke(cli, ["report", str(out)])
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout.splitlines() == [
        f"Report: {out / 'report.html'} (4 outputs, {len(v1['findings'])} findings; from a "
        f"version-1 manifest.json)"]


def test_a_build_adopting_a_version_1_folder_keeps_its_report_pages(out):
    """The pages `report` wrote for the version-1 sources (`input/a`) carry the names the
    adopted sources' pages take (`input/a.psd`): the build's page is written, not removed as
    the old one's."""
    _as_version_1(out)
    report(out, lang="en")
    campaign = load_campaign(out.parent / "assetkit.yaml")
    result = pipeline.build(campaign=campaign, jobs=1)
    assert not result.failures
    assert _source_pages(out) == ["input/a.html", "input/b.html"]
    assert sorted(page_images(out)) == sorted(o.path for o in read_manifest(out).outputs)


def test_report_of_a_build_whose_manifest_json_is_cut_short_comes_from_its_records(out):
    """The report is made from the records: a build folder whose manifest.json a half sync cut
    short still gets its report (before: 'not an assetkit manifest', exit 2), as `check` and
    `manifest rebuild` read such a folder."""
    listed = sorted(o.path for o in read_manifest(out).outputs)
    data = (out / "manifest.json").read_bytes()
    (out / "manifest.json").write_bytes(data[: len(data) // 2])
    result = CliRunner().invoke(cli, ["report", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "2 sources · 4 outputs" in (out / "report.html").read_text(encoding="utf-8")
    assert sorted(page_images(out)) == listed
