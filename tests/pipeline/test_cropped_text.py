"""The flatten path cover-crops the stored composite, an artboard slot its artboard's: a type
layer that crop cuts through, leaves wholly out or puts under an overlay zone is a `layout.cut`
finding naming the layer (before, it went without a word; one it leaves wholly out is
`layout.left-out`, a warning), decided by the rule the recompose
path applies to text left in its plate."""
from __future__ import annotations

import json

import assetkit
from assetkit import build
from tests.conftest import real_psd
from tests.typefactory import make_text_psd

TEXT = "Free shipping today"  # the type layer's name: 600x900 page, ink at (50, 100), 456x60


def _cuts(result, slot: str) -> list:
    return [f for f in result.findings if f.code == "layout.cut" and f.slot == slot]


def _built(tmp_path, only, mode="flatten", **psd):
    source = make_text_psd(tmp_path / "page.psd", **psd)
    return build([source], out=tmp_path / "out", jobs=1, only=only,
                 options=assetkit.BuildOptions(mode=mode, source_root=tmp_path))


def test_a_type_layer_the_crop_cuts_through_is_named(tmp_path):
    # a square crop of the 600x900 page keeps rows 150..750: the text (100..160) is cut
    result = _built(tmp_path, ["coupang/additional"])
    cuts = _cuts(result, "additional")
    assert [f.layer for f in cuts] == [TEXT]
    assert cuts[0].severity == "error"
    assert cuts[0].message == "type layer is cut by the crop or an overlay zone"
    assert len(result.outputs) == 1  # still made: the finding says what to look at


def test_a_type_layer_under_an_overlay_zone_is_named(tmp_path):
    # meta/story-legacy keeps the whole height (x 47..553): the text lands under the top
    # 270 px the platform's profile bar covers
    result = _built(tmp_path, ["meta/story-legacy"])
    cuts = _cuts(result, "story-legacy")
    assert [f.layer for f in cuts] == [TEXT]
    assert cuts[0].message == "type layer is cut by the crop or an overlay zone"


def test_a_type_layer_left_wholly_out_of_the_crop_is_named_as_left_out(tmp_path):
    # 1200x628 keeps rows 293..607: the text is wholly above the frame. Nothing of it shows,
    # nothing is cut through: the slot leaves it out, a warning like a unit left out
    result = _built(tmp_path, ["google-pmax/landscape"])
    assert not _cuts(result, "landscape")
    (out,) = [f for f in result.findings if f.code == "layout.left-out"]
    assert (out.layer, out.slot, out.severity) == (TEXT, "landscape", "warning")
    assert out.message == "type layer lies wholly outside the crop: not in this slot"


def test_text_left_out_does_not_fail_the_build_and_text_cut_through_does(tmp_path):
    from click.testing import CliRunner

    from assetkit.cli import cli

    make_text_psd(tmp_path / "page.psd")
    codes = {}
    for slot in ("google-pmax/landscape", "coupang/additional"):  # left out; cut through
        campaign = tmp_path / f"{slot.replace('/', '-')}.yaml"  # no brand: no other finding
        campaign.write_text(f"name: t\nsources: [page.psd]\nsource_root: .\nformats: [jpeg]\n"
                            f"mode: flatten\ntargets: [{slot}]\noutput: {campaign.stem}\n",
                            encoding="utf-8")
        got = CliRunner().invoke(cli, ["build", "-c", str(campaign), "-j", "1", "--json"])
        found = {(f["code"], f["severity"]) for f in json.loads(got.output)["findings"]
                 if f["code"] in ("layout.cut", "layout.left-out")}
        codes[slot] = (got.exit_code, found)
    assert codes == {"google-pmax/landscape": (0, {("layout.left-out", "warning")}),
                     "coupang/additional": (1, {("layout.cut", "error")})}


def test_check_of_the_build_folder_reports_the_text_left_out(tmp_path):
    from assetkit import check

    result = _built(tmp_path, ["google-pmax/landscape"])
    assert [f.code for f in result.findings if f.code == "layout.left-out"]
    checked = check([tmp_path / "out"])
    found = [f for f in checked.findings if f.code == "layout.left-out"]
    assert [(f.layer, f.severity) for f in found] == [(TEXT, "warning")]
    assert checked.exit_code("warning") != 0


def test_a_type_layer_the_crop_keeps_whole_is_not_named(tmp_path):
    # a tall slot keeps the whole height: nothing is cut
    result = _built(tmp_path, ["kakao-store/main-portrait"], canvas=(600, 800))
    assert not _cuts(result, "main-portrait")
    assert result.outputs


def test_the_recompose_path_places_the_same_layer_without_a_cut(tmp_path):
    result = _built(tmp_path, ["coupang/additional"], mode="recompose")
    assert not [f for f in _cuts(result, "additional") if f.layer == TEXT]


BOARD_SLOT = """  - id: {id}
    labels: {{en: {id}, ko: {id}}}
    kind: banner
    size: [{w}, {h}]
    max_kb: 400
    formats: [jpeg]
    colour_space: srgb
    background: any
    sources: [https://example.com/board]
    verified_on: 2026-12-06
    confidence: unverified
"""


def test_an_artboard_slot_names_the_type_layer_its_crop_cuts(tmp_path):
    # the fixture's one artboard is 2156x1417 (x -736..1420), its headline reaching its right
    # edge; a 1507x1000 slot is within 1 % of that aspect (the artboard is its source) and
    # crops 10 px off each side of it, cutting the headline; 1522x1000 crops under a pixel
    source = real_psd("psdtools-artboard-text.psd")
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "board.yaml").write_text(
        "id: board\nnames: {en: Board, ko: Board}\nslots:\n"
        + BOARD_SLOT.format(id="near", w=1507, h=1000)
        + BOARD_SLOT.format(id="exact", w=1522, h=1000), encoding="utf-8")
    result = build([source], out=tmp_path / "out", jobs=1, only=["board/near", "board/exact"],
                   options=assetkit.BuildOptions(specs_dir=specs, source_root=source.parent))
    assert len(result.outputs) == 2
    assert all(o.layout and o.layout["mode"] == "artboard" for o in result.outputs)
    cuts = _cuts(result, "near")
    assert [(f.layer, f.message) for f in cuts] == [
        ("Artboard 1/First Artboard", "type layer is cut by the crop or an overlay zone")]
    assert not _cuts(result, "exact")
