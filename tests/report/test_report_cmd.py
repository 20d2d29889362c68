"""`assetkit report`: report.html (and a contact-sheet PNG) regenerated from a build's manifest."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from assetkit import pipeline
from assetkit.cli import cli
from assetkit.config import load_campaign
from assetkit.errors import ExitCode, UsageError
from assetkit.report.contact import CELL, LABEL
from assetkit.report.regenerate import regenerate as report
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
    return [html.unescape(s) for s in re.findall(r'<img loading="lazy" src="([^"]*)"', text)]


def test_report_lists_every_output_of_the_manifest(out):
    files = report(out / "manifest.json")
    assert files.html == out / "report.html"
    manifest = read_manifest(out)
    text = files.html.read_text(encoding="utf-8")
    assert sorted(image_sources(text)) == sorted(o.path for o in manifest.outputs)
    assert f"<p>{len(manifest.outputs)} outputs · {len(manifest.findings)} findings</p>" in text
    assert (files.outputs, files.findings, files.missing) == (4, len(manifest.findings), ())


def test_report_elsewhere_links_the_images_relative_to_it(out):
    target = out.parent / "review" / "r.html"
    report(out, out=target)
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
    assert gone in image_sources(files.html.read_text(encoding="utf-8"))  # still listed


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
    assert len(image_sources(text)) == 4
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
