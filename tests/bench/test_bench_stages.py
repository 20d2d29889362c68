"""The bench's per-stage profile: a build run with ASSETKIT_PROFILE writes each process's stage
CPU times (assetkit/pipeline/profile.py); bench/stages.py sums them by role."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assetkit.pipeline import profile
from assetkit.pipeline.profile import ENV, STAGES
from assetkit.samples import make_test_psd
from bench.stages import collect

REPO = Path(__file__).resolve().parents[2]


def test_collect_sums_each_role_and_keeps_the_rest_as_other(tmp_path):
    files = {"parent-1": ("parent", 2.0, {"decode": 0.5, "composite": 0.25}),
             "worker-2": ("worker", 3.0, {"encode": 1.0, "resample": 1.5}),
             "worker-3": ("worker", 1.0, {"encode": 0.5})}
    for name, (role, cpu, stages) in files.items():
        (tmp_path / f"{name}.json").write_text(json.dumps({"role": role, "cpu": cpu,
                                                           "stages": stages}))
    got = collect(tmp_path)
    assert got["parent"]["decode"] == 0.5 and got["parent"]["other"] == 1.25
    assert got["workers"]["encode"] == 1.5 and got["workers"]["processes"] == 2
    assert got["workers"]["cpu"] == 4.0 and got["workers"]["other"] == 1.0


def test_a_stage_inside_another_is_taken_out_of_it(monkeypatch):
    clock = iter([0.0, 1.0, 3.0, 4.0])  # outer in, inner in, inner out, outer out
    monkeypatch.setattr(profile.time, "process_time", lambda: next(clock))
    monkeypatch.setattr(profile, "_SECONDS", {})
    with profile.stage("composite"), profile.stage("decode"):
        pass
    assert profile._SECONDS == {"composite": 2.0, "decode": 2.0}


def test_a_recompose_build_writes_each_process_stages(tmp_path):
    source = make_test_psd(tmp_path / "src" / "good.psd")
    folder = tmp_path / "profile"
    folder.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), ENV: str(folder)}
    subprocess.run([sys.executable, "-m", "assetkit", "build", source, "-o", tmp_path / "out",
                    "--source-root", source.parent, "-j", "2", "--force", "-q",
                    "--fail-on", "never", "--only", "google-display/300x250",
                    "--only", "meta/story"], env=env, check=True, capture_output=True)
    got = collect(folder)
    assert got["parent"]["processes"] == 1 and got["workers"]["processes"] >= 1
    assert got["parent"]["decode"] > 0 and got["parent"]["understand"] > 0
    assert got["workers"]["composite"] > 0 and got["workers"]["encode"] > 0
    assert set(STAGES) <= set(got["workers"])
