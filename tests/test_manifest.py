"""OUT/manifest.json: the documented shape, agreement with the files on disk, round trips, and a
clear error for a manifest that is not one."""
from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

import assetkit
from assetkit import build
from assetkit.cli import cli
from assetkit.config import find_campaign
from assetkit.errors import InvalidConfig
from assetkit.model import Finding, Output, SliceInfo, frozen_map
from assetkit.samples import make_test_psd
from assetkit.store.manifest import read_manifest, write_manifest

REPO = Path(__file__).resolve().parents[1]
TOP_KEYS = {"schema_version", "assetkit_version", "created", "fonts", "counts", "index", "shards",
            "outputs", "findings"}
OUTPUT_KEYS = {"variant_id", "source", "platform", "slot", "lang", "slice", "group", "path",
               "width", "height", "bytes", "max_bytes", "format", "encode", "layout", "findings",
               "fonts", "raster_text", "sha256"}
ENCODE_KEYS = {"quality", "subsampling", "encodes"}
FINDING_KEYS = {"code", "severity", "message", "source", "layer", "platform", "slot"}
SLICE_KEYS = {"index", "count", "y0", "y1"}


@pytest.fixture(autouse=True)
def _outside_any_campaign(tmp_path, monkeypatch) -> None:
    if find_campaign(tmp_path) is not None:
        pytest.skip(f"an assetkit.yaml above {tmp_path} would be found")
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build with a plain banner, a sliced detail page and an upscale warning."""
    folder = tmp_path_factory.mktemp("manifest")
    good = make_test_psd(folder / "src" / "good.psd")
    tall = make_test_psd(folder / "src" / "tall.psd", size=(150, 1000))
    out = folder / "out"
    result = build([good, tall], out=out, jobs=1,
                   only=["google-display/300x250", "naver-smartstore/detail"],
                   options=assetkit.BuildOptions(source_root=folder / "src"))
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return result, out, data


def test_top_level_keys(built):
    result, out, data = built
    assert set(data) == TOP_KEYS
    assert data["schema_version"] == 2
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert data["assetkit_version"] == project["version"]
    created = dt.datetime.fromisoformat(data["created"])
    assert created.tzinfo is not None
    assert abs(dt.datetime.now(dt.UTC) - created) < dt.timedelta(minutes=10)
    assert result.manifest == out / "manifest.json"


def test_fonts_are_recorded_only_when_a_build_draws_text(built, tmp_path):
    _, _, data = built  # recompose (the default): the font table's and faces' digests
    assert set(data["fonts"]) == {"table", "faces"} and all(data["fonts"].values())
    good = make_test_psd(tmp_path / "good.psd")
    build([good], out=tmp_path / "flat", jobs=1, only=["google-display/300x250"],
          options=assetkit.BuildOptions(mode="flatten"))
    assert read_manifest(tmp_path / "flat").fonts == {}


def test_every_output_has_the_documented_keys(built):
    _, _, data = built
    assert len(data["outputs"]) >= 3  # one banner per source + a detail page in slices
    for o in data["outputs"]:
        assert OUTPUT_KEYS <= set(o), OUTPUT_KEYS - set(o)
        assert ENCODE_KEYS <= set(o["encode"]), o["encode"]
        assert o["slice"] is None or set(o["slice"]) == SLICE_KEYS
        for f in o["findings"]:
            assert set(f) == FINDING_KEYS
    for f in data["findings"]:
        assert set(f) == FINDING_KEYS
        assert f["severity"] in ("error", "warning", "info")


def test_outputs_agree_with_the_files(built):
    _, out, data = built
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
               and p.relative_to(out).parts[0] != ".assetkit"}  # the store's own files
    listed = {o["path"] for o in data["outputs"]}
    assert listed == on_disk - {"manifest.json", "report.html"}
    for o in data["outputs"]:
        path = out / o["path"]
        assert not Path(o["path"]).is_absolute() and "\\" not in o["path"]
        assert os.path.getsize(path) == o["bytes"] <= o["max_bytes"]
        with Image.open(path) as im:
            assert (im.width, im.height) == (o["width"], o["height"])
            assert im.format.lower() == o["format"]
        if o["format"] == "jpeg":
            assert o["encode"]["subsampling"] in ("4:2:0", "4:4:4")
            assert 1 <= o["encode"]["quality"] <= 100
        assert o["encode"]["encodes"] >= 1
    assert len({o["variant_id"] for o in data["outputs"]}) == len(data["outputs"])


def test_sliced_outputs_share_a_group(built):
    _, _, data = built
    parts = [o for o in data["outputs"] if o["slot"] == "detail" and o["source"] == "tall"]
    assert len(parts) >= 2
    assert {o["group"] for o in parts} == {"tall/naver-smartstore/detail"}
    assert sorted(o["slice"]["index"] for o in parts) == list(range(len(parts)))
    assert {o["slice"]["count"] for o in parts} == {len(parts)}


def test_findings_are_listed_at_the_top_and_on_their_outputs(built):
    _, _, data = built
    top = [f for f in data["findings"] if f["code"] == "layout.upscaled"]
    assert {(f["source"], f["platform"], f["slot"]) for f in top} >= {
        ("tall", "naver-smartstore", "detail")}
    for o in data["outputs"]:
        for f in o["findings"]:
            assert (f["source"], f["platform"], f["slot"]) == (o["source"], o["platform"],
                                                               o["slot"])
            assert f in data["findings"]


def test_read_manifest_returns_what_the_build_recorded(built):
    result, out, _ = built
    manifest = read_manifest(out)
    assert manifest is not None
    by_id = {o.variant_id: o for o in result.outputs}
    assert {o.variant_id: o for o in manifest.outputs} == by_id
    assert read_manifest(out / "manifest.json") == manifest


def test_write_then_read_round_trips(tmp_path):
    finding = Finding("layout.upscaled", "warning", "scaled up", source="a", layer="@cta",
                      platform="p", slot="s")
    outputs = [
        Output(variant_id="a/p/s#2", source="a", platform="p", slot="s", path="a/p/a_2.jpg",
               width=860, height=3000, bytes=1234, max_bytes=5000, format="jpeg",
               encode=frozen_map({"quality": 91, "subsampling": "4:4:4", "encodes": 4,
                                  "tried": ["jpeg q40-95"]}),
               inputs_key="k1", lang="ko", slice=SliceInfo(1, 3, 3000, 6000), group="a/p/s",
               layout={"mode": "recompose", "placements": [{"role": "cta", "box": [1, 2, 3, 4]}]},
               findings=(finding,)),
        Output(variant_id="a/p/t", source="a", platform="p", slot="t", path="a/p/a_t.png",
               width=10, height=20, bytes=99, max_bytes=100, format="png",
               encode=frozen_map({"quality": None, "subsampling": None, "encodes": 1}),
               inputs_key="k2"),
    ]
    extra = Finding("fonts.missing", "error", "font 'X' is not installed", source="a")
    now = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)
    path = write_manifest(tmp_path, reversed(outputs), [finding, extra], "9.9.9", now=now)
    assert path == tmp_path / "manifest.json"
    back = read_manifest(tmp_path)
    assert back.outputs == tuple(outputs)  # sorted by variant_id
    assert back.findings == (finding, extra)
    assert (back.created, back.assetkit_version) == ("2026-11-24T09:30:00+00:00", "9.9.9")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["outputs"][0]["slice"] == {"index": 1, "count": 3, "y0": 3000, "y1": 6000}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".assetkit", "manifest.json"]
    assert list((tmp_path / ".assetkit").rglob("*.tmp")) == []  # no temp file left


def test_no_manifest_reads_as_none(tmp_path):
    assert read_manifest(tmp_path) is None
    assert read_manifest(tmp_path / "manifest.json") is None


CORRUPT = {
    "not-json": "{ this is not json",
    "a-list": "[1, 2, 3]",
    "no-outputs": json.dumps({"schema_version": 1, "findings": []}),
    "bad-output": json.dumps({"schema_version": 1, "outputs": [{"path": "x.jpg"}]}),
}


@pytest.mark.parametrize("kind", sorted(CORRUPT))
def test_a_corrupt_manifest_is_invalid_config_naming_the_file(tmp_path, kind):
    path = tmp_path / "manifest.json"
    path.write_text(CORRUPT[kind], encoding="utf-8")
    with pytest.raises(InvalidConfig) as info:
        read_manifest(tmp_path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message


def test_build_into_a_folder_with_a_corrupt_manifest_exits_2(tmp_path):
    source = make_test_psd(tmp_path / "good.psd", size=(120, 80))
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text("{ broken", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(out),
                                      "--only", "google-display/300x250"])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1
    assert errors[0].startswith(f"Error: {out / 'manifest.json'}: ")
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]  # nothing written
    assert (out / "manifest.json").read_text(encoding="utf-8") == "{ broken"


def test_version_recorded_is_the_package_version(built):
    _, _, data = built
    assert data["assetkit_version"] == assetkit.__version__


def test_outputs_record_the_face_files_that_set_their_text(tmp_path):
    from tests.conftest import real_psd

    psd = real_psd("agpsd-text-alias-notosanskr.psd")
    build([psd], out=tmp_path, jobs=1, only=["google-display/300x250"],
          options=assetkit.BuildOptions(source_root=psd.parent))
    data = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    (output,) = data["outputs"]
    assert [f["face"] for f in output["fonts"]] == ["NotoSansKR-Regular"]
    assert output["fonts"][0]["file"] == "assetkit/data/fonts/NotoSansKR-Regular.ttf"
    assert output["fonts"][0]["version"].startswith("Version 2.004")
    assert output["raster_text"] == {}
    assert set(data["fonts"]) == {"table", "faces"} and all(
        len(v) == 64 for v in data["fonts"].values())
