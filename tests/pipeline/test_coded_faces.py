"""The bundled faces coded text is set in are found once by the parent of a -j 2 build (after its
first source is dispatched): the workers forked for later sources inherit them instead of each
reading the bundled fonts again (about 40 ms a process)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from assetkit.samples import make_test_psd

REPO = Path(__file__).resolve().parents[2]
CODED_SLOT = "kakao-ads/rich-pop-1200x600"  # a slot with coded-text areas

# every real scan of the bundled fonts (a miss of its cache) and every variant, by process
SCRIPT = """
import functools, importlib, os, sys
scan = importlib.import_module("assetkit.fonts.scan")  # `assetkit.fonts` is also a command
run = importlib.import_module("assetkit.pipeline.run")
LOG = sys.argv[1]
def log(what):
    with open(LOG, "a") as f:
        f.write(f"{os.getpid()} {what}\\n")
inner = scan._bundled_faces.__wrapped__
@functools.lru_cache(maxsize=1)
def bundled():
    log("scan")
    return inner()
scan._bundled_faces = bundled
variant = run.run_variant
def run_variant(task):
    log("variant-" + task.source.job.stem)
    return variant(task)
run.run_variant = run_variant
from assetkit.cli import main
log("parent")
sys.argv = ["assetkit", "build", *sys.argv[2:]]
main()
"""


def test_workers_forked_after_the_first_source_inherit_the_coded_faces(tmp_path):
    sources = [make_test_psd(tmp_path / f"s{i}.psd") for i in range(3)]
    log = tmp_path / "log.txt"
    subprocess.run([sys.executable, "-c", SCRIPT, log, *sources, "-o", tmp_path / "out",
                    "--source-root", tmp_path, "--only", CODED_SLOT, "-j", "2", "--force",
                    "-q"], env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
                   check=False, timeout=600)
    lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    parent = next(pid for pid, what in lines if what == "parent")
    later = {pid for pid, what in lines if what in ("variant-s1", "variant-s2")}
    scans = [pid for pid, what in lines if what == "scan"]
    assert later and parent not in later  # the later sources' variants ran in workers
    assert scans.count(parent) == 1
    assert not later & set(scans)  # ... which found the faces already found
