"""A version-1 output folder, built by the code before the output store (issue 19), is adopted
by today's build: its outputs are kept (not re-rendered), records and the index are written."""
from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from .conftest import REPO, cli, outputs_on_disk, records

V1_COMMIT = "0b2ccd7f04dbe7aa7b0852b42377828948a6de66"  # the last commit writing manifest v1
# flatten: the v1 key holds the fonts digest of the machine's resolution, and the resolution
# rule changed with the store (the newer of two installed versions wins), so on a machine with
# both fonts-liberation packages a recompose v1 folder is rightly rebuilt; flatten draws no text
ONLY = ("--only", "coupang/main", "--only", "naver-smartstore/detail", "--mode", "flatten")


def _v1_code(folder: Path) -> Path:
    """The package as it was at V1_COMMIT, unpacked from git (skip without the history)."""
    try:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", V1_COMMIT, "assetkit", "specs"],
                                 capture_output=True, check=True, timeout=120).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"the version-1 code ({V1_COMMIT[:7]}) is not in this checkout's git "
                    f"history: {exc}")
    folder.mkdir()
    (folder / "v1.tar").write_bytes(archive)
    with tarfile.open(folder / "v1.tar") as tar:
        tar.extractall(folder, filter="data")
    return folder


def _sample(folder: Path) -> Path:
    for part in ("input", "brand_rules"):
        shutil.copytree(REPO / part, folder / part)
    shutil.copyfile(REPO / "assetkit.yaml", folder / "assetkit.yaml")
    return folder


def test_a_v1_folder_is_adopted_with_nothing_rendered(tmp_path):
    old = _v1_code(tmp_path / "v1")
    campaign = _sample(tmp_path / "campaign")
    made = cli(campaign, "build", *ONLY, "-j", "1", env={"PYTHONPATH": str(old)})
    assert made.returncode in (0, 1), made.stderr
    out = campaign / "output"
    v1 = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert v1["schema_version"] == 1 and not (out / ".assetkit").exists()
    before = outputs_on_disk(out)

    adopted = cli(campaign, "build", *ONLY, "-j", "1", "--json")
    doc = json.loads(adopted.stdout)
    assert (doc["rendered"], doc["written"]) == (0, 0), adopted.stderr
    assert outputs_on_disk(out) == before  # the sample's paths are kept (source_root: input)
    assert sorted(records(out)) == ["haneul-detail-page.psd", "haneul-serum-launch.psd"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == 2
    assert sorted(o["path"] for o in manifest["outputs"]) == sorted(o["path"]
                                                                     for o in v1["outputs"])
    again = json.loads(cli(campaign, "build", *ONLY, "-j", "1", "--json").stdout)
    assert (again["rendered"], again["source_bytes_read"]) == (0, 0)
