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

from assetkit import BuildOptions, build, check
from assetkit.cli import cli
from assetkit.config import load_campaign
from tests.pipeline.test_placed_text_contrast import _page

WHITE = (255, 255, 255)
STORY, LANDSCAPE, DETAIL = "meta/story", "meta/feed-landscape", "coupang/detail"


def _found(findings, slot: str) -> list[tuple[str, str, str | None, str]]:
    """A slot's findings as build records them per variant, before encoding."""
    platform, slot_id = slot.split("/")
    return sorted((f.code, f.severity, f.layer, f.message) for f in findings
                  if f.platform == platform and f.slot == slot_id
                  and not f.code.startswith("encode."))


def _campaign(root: Path, mode: str) -> Path:
    path = root / "assetkit.yaml"
    path.write_text(f"sources: [page.psd]\ntargets: [{STORY}, {LANDSCAPE}, {DETAIL}]\n"
                    "formats: [jpeg]\n"
                    f"output: out\nmode: {mode}\n", encoding="utf-8")
    return path


def _built(root: Path, mode: str):
    _page(root / "page.psd", WHITE)
    campaign = load_campaign(_campaign(root, mode))
    return root, campaign, build(campaign=campaign, jobs=1, options=BuildOptions(source_root=root))


@pytest.fixture(scope="module", params=["recompose", "flatten"])
def built(tmp_path_factory, request):
    return (*_built(tmp_path_factory.mktemp(request.param), request.param), request.param)


@pytest.mark.parametrize("slot", [STORY, LANDSCAPE, DETAIL])
def test_check_with_slot_reports_what_build_records_of_that_variant(built, slot):
    root, campaign, result, mode = built
    report = check([root / "page.psd"], slot=slot, campaign=campaign)
    [asset] = report.assets
    [render] = [r for r in asset.results if r.check == "render"]
    assert _found(render.findings, slot) == _found(result.findings, slot)
    backed = [f for f in render.findings if f.code == "layout.text-backed"]
    # recomposed, the story lays the white footer line on the paper: it is backed, named;
    # flattened, the line stays on its band; the landscape slot keeps it on the band
    assert len(backed) == (1 if (mode, slot) == ("recompose", STORY) else 0), render.findings
    assert render.status == ("failed" if any(f.severity in ("error", "warning")
                                             for f in render.findings) else "passed")


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


def test_check_without_slot_renders_nothing(built):
    """Without --slot no slot is rendered (only those with coded-text areas, for coded.*)."""
    root, campaign, _, _ = built
    [asset] = check([root / "page.psd"], campaign=campaign).assets
    assert "render" not in {r.check for r in asset.results}
