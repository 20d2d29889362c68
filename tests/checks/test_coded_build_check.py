"""Coded text end to end: a campaign declares an area and gives the strings; `build` and
`check` on the source with --slot give the same coded.* findings; `check` on the exported
image gives the pixel ones plus coded.image-text-unknown."""
from __future__ import annotations

from pathlib import Path

import pytest

from assetkit import build, check
from assetkit.config import load_campaign
from tests.coded.factory import make_coded_psd

CAMPAIGN = """\
sources: [banner.psd]
targets: [kakao-ads/rich-pop-1200x600]
formats: [png]
output: out
coded_text:
  kakao-ads/rich-pop-1200x600: {title: "오늘만 가을 신상 40% 할인 전 상품 무료 배송 이벤트"}
coded_areas:
  kakao-ads/rich-pop-1200x600:
    - {name: title, box: [5%, 72%, 60%, 14%], size_px: 40, weight: bold, max_chars: 20}
"""


def _coded(findings) -> list[tuple[str, str, str | None, str]]:
    return sorted((f.code, f.severity, f.layer, f.message) for f in findings
                  if f.code.startswith("coded."))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("campaign")
    make_coded_psd(root / "banner.psd", bright_bottom=True)
    (root / "assetkit.yaml").write_text(CAMPAIGN, encoding="utf-8")
    campaign = load_campaign(root / "assetkit.yaml")
    return root, campaign, build(campaign=campaign)


def test_build_finds_conflict_contrast_and_length(built):
    _, _, result = built
    assert [code for code, *_ in _coded(result.findings)] == [
        "coded.conflict", "coded.low-contrast", "coded.too-long"]


def test_check_on_the_source_gives_the_same_coded_findings(built):
    root, campaign, result = built
    report = check([root / "banner.psd"], slot="kakao-ads/rich-pop-1200x600", campaign=campaign)
    assert _coded(report.findings) == _coded(result.findings)


def test_check_on_the_source_without_slot_checks_every_campaign_slot_with_coded_text(built):
    """No --slot: the campaign's targets that have coded-text areas are the slots, as in build."""
    root, campaign, result = built
    report = check([root / "banner.psd"], campaign=campaign)
    assert _coded(report.findings) == _coded(result.findings)
    [asset] = report.assets
    assert [c.check for c in asset.results if c.check.startswith("coded")] == [
        "coded kakao-ads/rich-pop-1200x600"]


def test_check_without_slot_or_coded_campaign_runs_no_coded_check(built):
    root, _, _ = built
    [asset] = check([root / "banner.psd"]).assets
    assert not [c for c in asset.results if c.check.startswith("coded")]


def test_check_on_the_exported_image_gives_the_pixel_findings(built):
    root, campaign, result = built
    [output] = result.outputs
    report = check([Path(result.out_dir) / output.path], campaign=campaign)
    pixel = [f for f in _coded(result.findings) if f[0] != "coded.conflict"]
    assert _coded(report.findings) == sorted([*pixel, (
        "coded.image-text-unknown", "info", None,
        "the image's text is pixels (an exported image): coded.conflict and coded.duplicate "
        "cannot compare it with the coded text")])


def test_previews_are_written_beside_the_output_and_recorded(tmp_path):
    from PIL import Image

    from assetkit import BuildOptions

    make_coded_psd(tmp_path / "banner.psd")
    (tmp_path / "assetkit.yaml").write_text(CAMPAIGN, encoding="utf-8")
    campaign = load_campaign(tmp_path / "assetkit.yaml")
    plain = build(campaign=campaign)
    assert [o.preview for o in plain.outputs] == [None]
    result = build(campaign=campaign, options=BuildOptions(previews=True))
    [output] = result.outputs
    assert output.preview == output.path.removesuffix(".png") + "_preview.png"
    assert output.to_dict()["preview"] == output.preview
    with Image.open(Path(result.out_dir) / output.preview) as im:
        assert im.size == (output.width, output.height)


def test_the_cli_door_check_with_slot_and_campaign_and_build_previews(built, tmp_path):
    import json

    from click.testing import CliRunner

    from assetkit.cli import cli

    root, _, result = built
    run = CliRunner().invoke(cli, ["check", str(root / "banner.psd"), "--slot",
                                   "kakao-ads/rich-pop-1200x600", "-c",
                                   str(root / "assetkit.yaml"), "--json", "--fail-on", "error"])
    report = json.loads(run.output)
    codes = sorted(f["code"] for a in report["assets"] for c in a["checks"]
                   for f in c["findings"] if f["code"].startswith("coded."))
    assert (run.exit_code, codes) == (1, ["coded.conflict", "coded.low-contrast",
                                          "coded.too-long"])
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["build", "-c", str(root / "assetkit.yaml"), "-o", str(out),
                                   "--previews", "-q", "--fail-on", "never"])
    assert run.exit_code == 0, run.output
    assert len(list(out.rglob("*_preview.png"))) == 1
