"""One understanding for every command: build, check and inspect read the roles `understand()`
decides from the same inputs (the document, the campaign's role rules, the brand)."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from assetkit import BuildOptions, build, check
from assetkit.cli import cli
from assetkit.commands.inspect import inspect_document
from assetkit.config import load_brand
from assetkit.document.writer import PixelLayer, write_layered_psd
from assetkit.model import Campaign
from tests.conftest import REPO
from tests.factories import CANVAS, block, ellipse, gradient

MASTER = REPO / "brand_rules" / "haneul-logo.png"
RULES = (("Brand mark", "logo"),)
SLOTS = ["google-display/300x250", "youtube/thumbnail"]


def brand_mark_psd(path: Path) -> Path:
    """A tagged banner whose logo layer is named 'Brand mark' (no tag: a rule names it)."""
    with Image.open(MASTER) as logo:
        logo = logo.convert("RGBA")
    layers = [PixelLayer("@bg", gradient(CANVAS)),
              PixelLayer("Bottle @product", ellipse((400, 600), (200, 30, 120)), 1300, 450),
              PixelLayer("Brand mark", logo, 80, 60),
              PixelLayer("@headline", block((900, 140), (30, 30, 30), stripes=True), 80, 400)]
    return write_layered_psd(path, CANVAS, layers)


def brand_file(tmp_path: Path) -> Path:
    path = tmp_path / "brand.yaml"
    path.write_text(f"logo: {{masters: [{MASTER.as_posix()}], required: true}}\n", "utf-8")
    return path


def test_a_rule_tagged_logo_is_the_logo_in_build_check_and_inspect(tmp_path):
    psd = brand_mark_psd(tmp_path / "banner.psd")
    brand = brand_file(tmp_path)
    campaign = Campaign(role_rules=RULES, brand=brand)

    result = build([psd], campaign=campaign, only=SLOTS, out=tmp_path / "out", jobs=1,
                   options=BuildOptions(source_root=tmp_path))
    assert [f.message for f in result.findings if f.code == "logo.missing"] == []
    placed = {(p["role"], tuple(p["layers"])) for o in result.outputs
              for p in (o.layout or {}).get("placements", ())}
    assert ("logo", ("Brand mark",)) in placed

    report = check([psd], campaign=campaign)
    (asset,) = report.assets
    logo = next(r for r in asset.results if r.check == "logo")
    assert (logo.status, logo.findings) == ("passed", ())

    layer = next(la for la in inspect_document(psd, RULES, load_brand(brand)).scene.layers
                 if la.name == "Brand mark")
    assert (layer.role, layer.role_source) == ("logo", "rule")


def test_without_the_rule_check_reports_the_missing_logo(tmp_path):
    """The same file and brand, no rule: every command agrees there is no logo."""
    psd = brand_mark_psd(tmp_path / "banner.psd")
    campaign = Campaign(brand=brand_file(tmp_path))
    (asset,) = check([psd], campaign=campaign).assets
    logo = next(r for r in asset.results if r.check == "logo")
    assert [f.code for f in logo.findings] == ["logo.missing"]
    result = build([psd], campaign=campaign, only=SLOTS, out=tmp_path / "out", jobs=1,
                   options=BuildOptions(source_root=tmp_path))
    assert "logo.missing" in {f.code for f in result.findings}
    assert all(p["role"] != "logo" for o in result.outputs
               for p in (o.layout or {}).get("placements", ()))


def test_inspect_json_shows_the_rule_its_reason_and_the_units(tmp_path):
    psd = brand_mark_psd(tmp_path / "banner.psd")
    config = tmp_path / "assetkit.yaml"
    config.write_text(f'roles: {{"Brand mark": logo}}\nbrand: {brand_file(tmp_path).name}\n',
                      "utf-8")
    run = CliRunner().invoke(cli, ["inspect", str(psd), "-c", str(config), "--json"])
    assert run.exit_code == 0, run.output
    doc = json.loads(run.output)
    layer = next(la for la in doc["layers"] if la["path"] == "Brand mark")
    assert (layer["role"], layer["role_source"], layer["role_confidence"]) == ("logo", "rule", 1.0)
    assert layer["role_why"] == "campaign rule 'Brand mark'"
    assert {u["role"]: u["layers"] for u in doc["units"]} == {
        "product": ["Bottle @product"], "logo": ["Brand mark"], "headline": ["@headline"]}
