"""Recompose at -j > 1: the plate and the units are composited once each, by the pool's
workers (not the parent), from layers the parent decoded once; the outputs are the bytes of a
-j 1 build."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assetkit.samples import make_test_psd
from tests.conftest import real_psd

REPO = Path(__file__).resolve().parents[2]
SLOTS = ["google-display/300x250", "meta/story", "coupang/additional", "google-display/728x90"]

# Run in a fresh interpreter: a process that has loaded libvips (an earlier test's resize)
# starts its workers from a fork server, where nothing is inherited.
SCRIPT = """
import json, os, sys
from pathlib import Path
from assetkit import build
from assetkit.document.reader import SourceDocument
from assetkit.pipeline.builder import BuildOptions
from assetkit.render.parts import SourceParts

def log_calls(cls, name, log):
    original = getattr(cls, name)
    def logged(self, arg):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps([os.getpid(), arg]) + "\\n")
        return original(self, arg)
    setattr(cls, name, logged)

source, out, parts_log, decode_log = map(Path, sys.argv[1:5])
log_calls(SourceParts, "run", parts_log)
log_calls(SourceDocument, "layer_pixels", decode_log)
result = build([source], out=out, only=sys.argv[5:], jobs=2, force=True,
               options=BuildOptions(start_method="fork", source_root=source.parent))
print(json.dumps([os.getpid(), len(result.failures), result.written]))
"""


def _read(log: Path) -> list[tuple[int, int]]:
    if not log.is_file():
        return []
    return [tuple(json.loads(line)) for line in log.read_text(encoding="utf-8").splitlines()]


def test_parts_are_composited_once_by_workers_from_layers_decoded_once(tmp_path):
    source = make_test_psd(tmp_path / "good.psd")
    parts_log, decode_log = tmp_path / "parts.log", tmp_path / "decode.log"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", SCRIPT, source, tmp_path / "out", parts_log,
                          decode_log, *SLOTS], capture_output=True, text=True, env=env,
                         check=True)
    parent, failures, written = json.loads(run.stdout.splitlines()[-1])
    assert failures == 0 and written >= len(SLOTS)
    parts, decodes = _read(parts_log), _read(decode_log)
    assert parts, "no part was composited"
    assert parent not in {pid for pid, _ in parts}  # the workers did, not the parent
    assert sorted(i for _, i in parts) == list(range(len(parts)))  # each part once
    assert {pid for pid, _ in decodes} == {parent}  # decoded in the parent only ...
    layers = [i for _, i in decodes]
    assert len(layers) == len(set(layers))  # ... each layer once


@pytest.mark.parametrize("name", ["psdtools-layer-effects-text.psd",
                                  "agpsd-text-complex-multifont.psd",
                                  "psdtools-masks-app-ui.psd", "webtoon-example-ko-emoji.psd"])
def test_parallel_recompose_writes_the_bytes_of_a_serial_one(tmp_path, name):
    """Through the CLI, each build in its own process (a parent free of libvips forks)."""
    path = real_psd(name)
    runs = {}
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for jobs in (1, 2):
        out = tmp_path / f"j{jobs}"
        only = [a for slot in SLOTS for a in ("--only", slot)]
        subprocess.run([sys.executable, "-m", "assetkit", "build", path, "-o", out,
                        "--source-root", path.parent, "-j", str(jobs), "--force", "-q",
                        "--fail-on", "never", *only], env=env, check=True, capture_output=True)
        files = sorted(p for p in out.rglob("*") if p.is_file() and ".assetkit" not in p.parts
                       and p.name not in ("manifest.json", "report.html"))
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        runs[jobs] = ({p.relative_to(out): p.read_bytes() for p in files},
                      [(o["path"], o.get("findings"), o.get("layout")) for o in manifest["outputs"]])
    assert runs[1][0] and runs[1] == runs[2]
