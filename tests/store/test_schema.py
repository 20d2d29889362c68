"""docs/manifest.schema.json: a valid JSON Schema (draft 2020-12) that every manifest.json,
commit record, index shard and head a real build (and `manifest rebuild`) writes satisfies,
and that rejects what is not one."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema  # in the [test] extra
import pytest

import assetkit
from assetkit.config import load_campaign
from tests.conftest import REPO, real_psd

SCHEMA = json.loads((REPO / "docs" / "manifest.schema.json").read_text(encoding="utf-8"))


def validator(kind: str):
    """A validator of one $defs entry (the root is the manifest)."""
    return jsonschema.Draft202012Validator({**SCHEMA, "$ref": f"#/$defs/{kind}"})


def problems(kind: str, document: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator(kind).iter_errors(document)]


def validate_folder(out: Path) -> dict[str, int]:
    """Validate every file of the output store under `out`; how many of each kind."""
    store = out / ".assetkit"
    kinds = {"manifest": [out / "manifest.json"],
             "record": sorted((store / "sources").glob("*.json")),
             "index_shard": sorted((store / "index").glob("*.json")),
             "head": [store / "head.json"] if (store / "head.json").exists() else []}
    for kind, files in kinds.items():
        for path in files:
            assert problems(kind, json.loads(path.read_bytes())) == [], path
    return {kind: len(files) for kind, files in kinds.items()}


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"output", "finding", "manifest", "record", "index_shard", "head"} <= set(SCHEMA["$defs"])


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("schema") / "out"
    assetkit.build(campaign=load_campaign(REPO / "assetkit.yaml"), out=out, jobs=1,
                   only=["coupang/main", "naver-smartstore/detail"])
    return out


def test_what_a_build_and_a_rebuild_write_validates(sample):
    built = validate_folder(sample)
    assert (built["manifest"], built["record"], built["index_shard"]) == (1, 2, 2)
    assetkit.manifest_rebuild(sample)
    assert validate_folder(sample) == {"manifest": 1, "record": 2, "index_shard": 2, "head": 1}


def test_a_real_photoshop_file_with_findings_validates(tmp_path):
    psd = real_psd("psdjs-example.psd")
    out = tmp_path / "out"
    result = assetkit.build([psd], out=out, jobs=1,
                            only=["coupang/main", "google-display/300x250"],
                            options=assetkit.BuildOptions(source_root=psd.parent))
    assert result.findings, "the fixture is chosen for its findings"
    assert validate_folder(out)["record"] == 1
    listed = [o.to_dict() for o in assetkit.manifest_list(out)]
    assert listed and all(problems("output", o) == [] for o in listed)


def test_the_schema_rejects_what_is_not_a_manifest(sample):
    manifest = json.loads((sample / "manifest.json").read_bytes())
    assert problems("manifest", {**manifest, "schema_version": 1})
    assert problems("manifest", {k: v for k, v in manifest.items() if k != "counts"})
    assert problems("manifest", {k: v for k, v in manifest.items() if k != "outputs"})
    over = {**manifest, "counts": {**manifest["counts"], "outputs": 20_001}}
    assert problems("manifest", over)  # above the inline limit: no outputs inline
    assert not problems("manifest", {k: v for k, v in over.items()
                                     if k not in ("outputs", "findings")})
    output = manifest["outputs"][0]
    assert problems("output", {**output, "colour": "red"})
    assert problems("finding", {"code": "layout.upscaled", "severity": "fatal", "message": "",
                                "source": None, "layer": None, "platform": None, "slot": None})
    record = json.loads(next((sample / ".assetkit" / "sources").glob("*.json")).read_bytes())
    assert problems("record", {**record, "sha256": "not a digest"})
    assert problems("index_shard", {"schema": 2, "sources": []})
