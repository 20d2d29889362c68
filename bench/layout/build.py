"""The bench's builds: the agency set written once, a campaign targeting every bundled slot, and
`python -m assetkit build` run as a subprocess (timed) from this tree or from an exported commit."""
from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import yaml

from bench.agency import make_agency_set

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO.parent / "shared" / "fixtures" / "psd"
SOURCE_SUFFIXES = (".psd", ".psb")


def agency_sources(work: Path, seed: int = 24) -> list[Path]:
    """The agency set in `work/sources` (generated once, reused when complete)."""
    folder = work / "sources"
    found = sorted(folder.glob("agency-*.psd"))
    if len(found) >= 15 and all(p.with_name(p.name + ".truth.json").is_file() for p in found):
        return found
    return make_agency_set(folder, seed)


def fixture_sources(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SOURCE_SUFFIXES)


def write_campaign(path: Path, sources: list[Path], out: Path) -> Path:
    """A campaign building every slot of every bundled platform (targets omitted); the sources'
    folder is its source root, so each source's outputs go to `out/<stem>/` (a commit from
    before `source_root:` warns about the key and builds alike)."""
    campaign = {"name": path.stem, "sources": [str(p) for p in sources], "output": str(out),
                "formats": ["jpeg", "png", "webp"], "mode": "recompose",
                "source_root": os.path.commonpath([str(p.parent) for p in sources])}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(campaign, allow_unicode=True), encoding="utf-8")
    return path


def run_build(config: Path, code_root: Path, jobs: int = 2) -> float:
    """Seconds `python -m assetkit build -c config --force -j jobs` took with `code_root` first
    on PYTHONPATH (cwd: the repository root, bundled specs come from the package)."""
    env = {**os.environ, "PYTHONPATH": str(code_root)}
    cmd = [sys.executable, "-m", "assetkit", "build", "-c", str(config), "--force",
           "-j", str(jobs), "-q", "--fail-on", "never"]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=code_root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"build failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds


def export_ref(ref: str, dest: Path) -> Path:
    """`git archive REF` of this repository unpacked into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile() as tar:
        subprocess.run(["git", "-C", str(REPO), "archive", ref], stdout=tar, check=True)
        tar.seek(0)
        with tarfile.open(fileobj=tar) as archive:
            archive.extractall(dest, filter="data")
    return dest
