"""`assetkit inspect`: the layer tree as assetkit understands it, as text and as JSON."""
from __future__ import annotations

import json
import re

from click.testing import CliRunner

from assetkit.cli import cli
from tests.conftest import real_psd
from tests.factories import make_geometry_psd


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_tagged_layers_show_their_roles_and_boxes_top_of_the_stack_first(tmp_path):
    psd = make_geometry_psd(tmp_path / "tagged.psd")
    result = invoke("inspect", psd)
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert re.fullmatch(r"tagged\.psd: \d+x\d+ px, [\d.]+ ppi, RGB 8-bit, 6 layers", out[0])
    names = [re.match(r"\s*\w+\s+'([^']+)'", line)[1] for line in out[1:7]]
    assert names == ["@cta", "@sub", "@headline", "@logo", "@product", "@bg"]
    assert "pixel       '@product' [1300,450 400x600] @product (name)" in out
    assert not any(line.startswith("fx~") for line in out)  # nothing rendered by psd-tools


def test_effects_name_what_assetkit_draws_and_mark_what_psd_tools_renders():
    result = invoke("inspect", real_psd("psdtools-layer-effects-text.psd"))
    assert result.exit_code == 0, result.output
    out = result.stdout
    # (each line also names the unit the layer was read into, @role (heuristic))
    assert re.search(r"'Stroke' \[99,560 232x48\] (@\w+ \(heuristic\) )?fx: Stroke\n", out)
    assert re.search(r"'Gradient Overlay' \[99,422 600x60\] (@\w+ \(heuristic\) )?"
                     r"fx: GradientOverlay\n", out)
    assert re.search(r"'Satin' \[383,560 180x48\] (@\w+ \(heuristic\) )?fx: Satin~\n", out)
    assert "  text: 'Stroke' (point, left; Arial-Black 62.5px)" in out
    assert "fx~: rendered once by psd-tools, not drawn by assetkit " \
           "(render.effect-approximated)" in out.splitlines()


def test_json_lists_every_layer_with_its_effects_and_text_runs():
    result = invoke("inspect", real_psd("psdtools-layer-effects-text.psd"), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["width"], doc["height"], len(doc["layers"])) == (800, 640, 12)
    by_name = {la["path"]: la for la in doc["layers"]}
    assert by_name["Stroke"]["effects"] == ["Stroke"]
    assert by_name["Stroke"]["effects_by_psd_tools"] == []
    assert by_name["Bevel"]["effects_by_psd_tools"] == ["BevelEmboss"]
    run = by_name["Stroke"]["text"]["runs"][0]
    assert (run["font"], run["size_px"]) == ("Arial-Black", 62.5)


def test_an_unreadable_file_is_one_line_and_exit_3(tmp_path):
    bad = tmp_path / "bad.psd"
    bad.write_bytes(b"8BPS not really")
    result = invoke("inspect", bad)
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "bad.psd" in result.stderr


def test_a_finding_is_printed_with_its_own_severity(tmp_path):
    # roles.hidden is a warning (it was printed as "info", as every finding of inspect was)
    from assetkit.document.writer import PixelLayer
    from tests.factories import PRODUCT_SIZE, ellipse

    psd = make_geometry_psd(tmp_path / "hidden.psd", product=False, extra=[
        PixelLayer("@product", ellipse(PRODUCT_SIZE, (200, 30, 120)), 1300, 450, visible=False)])
    result = invoke("inspect", psd)
    assert result.exit_code == 0, result.output
    assert "warning roles.hidden: tagged 'product' but hidden in the document: not placed" \
        in result.stdout.splitlines()
