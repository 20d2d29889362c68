"""The per-stage CPU profile of a build: the command run once more with ASSETKIT_PROFILE set
(assetkit/pipeline/profile.py), each process's stage totals summed by role, parent and
workers: decode, understand, composite, layout, resample, checks, encode, write, and `other`
(the rest of the processes' CPU: start-up, imports, dispatch)."""
from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from assetkit.pipeline.profile import ENV, STAGES

ROLES = {"parent": "parent", "worker": "workers"}


def collect(folder: Path) -> dict:
    """{parent|workers: {stage: CPU s, ..., other, cpu, processes}} from the files in `folder`."""
    out = {name: {**dict.fromkeys(STAGES, 0.0), "other": 0.0, "cpu": 0.0, "processes": 0}
           for name in ROLES.values()}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        role = out[ROLES[data["role"]]]
        role["processes"] += 1
        role["cpu"] += data["cpu"]
        for stage, seconds in data["stages"].items():
            role[stage] = role.get(stage, 0.0) + seconds
    for role in out.values():
        role["other"] = role["cpu"] - sum(role[s] for s in STAGES)
        for key, value in role.items():
            if isinstance(value, float):
                role[key] = round(value, 3)
    return out


def profile(run: Callable[[dict], object]) -> dict:
    """`run(env)` runs the build with the extra environment `env`; its stage profile."""
    with tempfile.TemporaryDirectory(prefix="assetkit-profile-") as tmp:
        run({ENV: tmp})
        return collect(Path(tmp))


def render(name: str, data: dict) -> list[str]:
    """Table lines: one row per stage, parent and workers."""
    lines = [f"{name:<12} {'parent s':>9} {'workers s':>10}"]
    for stage in (*STAGES, "other", "cpu"):
        lines.append(f"  {stage:<10} {data['parent'][stage]:>9.2f} {data['workers'][stage]:>10.2f}")
    return lines
