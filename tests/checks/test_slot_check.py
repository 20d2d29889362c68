"""`check SOURCE --slot PLATFORM/SLOT` renders the slot as build renders it and reports what
build records of that variant before encoding it: the layout's findings (cut, covered, left
out, dropped), the render's own (a text unit laid on a panel, fonts), and the variant checks
(zones, legibility, text contrast, logos), in check `render`, beside `coded`. Found: it kept
only the coded.* findings, so a source whose footer line goes unreadable in a slot passed
`check --slot` while its build warned; and it rendered in recompose mode with Pillow's
resampler whatever the campaign's mode and the build's resampler."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from assetkit import BuildOptions, build, check
from assetkit.cli import cli
from assetkit.config import load_campaign
from assetkit.document.writer import PixelLayer, write_layered_psd
from tests.pipeline.test_placed_text_contrast import _page

WHITE = (255, 255, 255)
STORY, LANDSCAPE, DETAIL = "meta/story", "meta/feed-landscape", "coupang/detail"


def _found(findings, slot: str, source: str = "page") -> list[tuple[str, str, str | None, str]]:
    """A source's slot's findings as build records them per variant, before encoding."""
    platform, slot_id = slot.split("/")
    return sorted((f.code, f.severity, f.layer, f.message) for f in findings
                  if f.source == source and f.platform == platform and f.slot == slot_id
                  and not f.code.startswith("encode."))


def _campaign(root: Path, mode: str, extra: str = "") -> Path:
    path = root / "assetkit.yaml"
    path.write_text(f"sources: [page.psd, narrow.psd]\ntargets: [{STORY}, {LANDSCAPE}, {DETAIL}]\n"
                    f"formats: [jpeg]\noutput: out\nmode: {mode}\n{extra}", encoding="utf-8")
    return path


def _narrow(path: Path) -> Path:
    """A page narrower than the detail slot: upscaled to its width, said so."""
    return write_layered_psd(path, (600, 1800), [PixelLayer("@bg", Image.new("RGB", (600, 1800),
                                                                             (246, 244, 240)))])


def _built(root: Path, mode: str, extra: str = ""):
    _page(root / "page.psd", WHITE)
    _narrow(root / "narrow.psd")
    campaign = load_campaign(_campaign(root, mode, extra))
    return root, campaign, build(campaign=campaign, jobs=1, options=BuildOptions(source_root=root))


@pytest.fixture(scope="module", params=["recompose", "flatten"])
def built(tmp_path_factory, request):
    return (*_built(tmp_path_factory.mktemp(request.param), request.param), request.param)


def _checked(root: Path, campaign, slot: str, name: str = "page.psd"):
    [asset] = check([root / name], slot=slot, campaign=campaign).assets
    return {r.check: r for r in asset.results}


@pytest.mark.parametrize("slot", [STORY, LANDSCAPE, DETAIL])
def test_check_with_slot_reports_what_build_records_of_that_variant(built, slot):
    root, campaign, result, mode = built
    render = _checked(root, campaign, slot)["render"]
    assert _found(render.findings, slot) == _found(result.findings, slot)
    assert not [f for f in render.findings if f.code.startswith("coded.")]
    # the source-level notes it carries are ones build recorded for the source
    notes = {(f.code, f.layer, f.message) for f in render.findings if f.platform is None}
    assert notes <= {(f.code, f.layer, f.message) for f in result.findings
                     if f.platform is None and f.source == "page"}
    backed = [f for f in render.findings if f.code == "layout.text-backed"]
    # recomposed, the story lays the white footer line on the paper: it is backed, named;
    # flattened, the line stays on its band; the landscape slot keeps it on the band
    assert len(backed) == (1 if (mode, slot) == ("recompose", STORY) else 0), render.findings
    assert render.status == ("failed" if backed or slot == STORY else "passed"), render.findings


def test_a_detail_slot_reports_its_page_upscaled_as_build_does(built):
    root, campaign, result, _ = built
    render = _checked(root, campaign, DETAIL, "narrow.psd")["render"]
    assert [(f.code, f.severity) for f in render.findings] == [("layout.upscaled", "warning")]
    assert _found(render.findings, DETAIL, "narrow") == _found(result.findings, DETAIL, "narrow")


def test_severity_overrides_of_the_campaign_apply(tmp_path):
    root, campaign, result = _built(tmp_path, "recompose",
                                    "severity: {layout.text-backed: error, layout.upscaled: off}\n")
    render = _checked(root, campaign, STORY)["render"]
    assert [(f.code, f.severity) for f in render.findings] == [("layout.text-backed", "error")]


def test_a_render_that_fails_is_an_error_of_that_check_and_the_run_goes_on(tmp_path,
                                                                          monkeypatch):
    from assetkit.pipeline import variant

    root, campaign, _ = _built(tmp_path, "recompose")

    def broken(job, target):
        raise ValueError("no pixels")
    monkeypatch.setattr(variant, "variant_findings", broken)
    report = check([root / "page.psd", root / "narrow.psd"], slot=STORY, campaign=campaign)
    assert len(report.assets) == 2
    for asset in report.assets:
        [render] = [r for r in asset.results if r.check == "render"]
        assert render.status == "error" and render.reason.startswith(
            f"could not render {STORY}: {root / asset.path.split('/')[-1]}: internal error "
            "(ValueError: no pixels) (traceback in "), render.reason


def test_check_with_slot_fails_on_a_warning_from_the_cli(tmp_path):
    root, _, _ = _built(tmp_path, "recompose")
    run = CliRunner().invoke(cli, ["check", str(root / "page.psd"), "--slot", STORY, "-c",
                                   str(root / "assetkit.yaml"), "--json", "--fail-on",
                                   "warning"])
    report = json.loads(run.output)
    [asset] = report["assets"]
    checks = {c["check"]: c for c in asset["checks"]}
    assert run.exit_code == 1, run.output
    assert checks["render"]["status"] == "failed"
    assert [(f["code"], f["layer"]) for f in checks["render"]["findings"]
            if f["code"] == "layout.text-backed"] == [("layout.text-backed", "footer @legal")]


def test_check_without_slot_renders_nothing(built, monkeypatch):
    """Without --slot no slot is rendered (only those with coded-text areas, for coded.*)."""
    from assetkit.pipeline import variant

    root, campaign, _, _ = built
    monkeypatch.setattr(variant, "variant_findings", lambda *a: pytest.fail("rendered"))
    [asset] = check([root / "page.psd"], campaign=campaign).assets
    assert "render" not in {r.check for r in asset.results}
    assert {r.status for r in asset.results} <= {"passed", "skipped"}, asset.results
