"""The sha256 of every output of three reference runs, for refactors that must not change pixels.

Runs (each into its own folder under one root):
- `sample`: the repo's sample campaign (`assetkit.yaml`), every slot;
- `sweep/<fixture>`: each real fixture in ../shared/fixtures/psd for every non-detail slot
  (the fixture sweep of tests/test_fixture_sweep.py, -j 1);
- `localize/<fixture>`: each real fixture with type layers localized to Korean for
  naver-smartstore/detail by a fixed pseudo-translator (slices and the localized PSD).
A fixture's source root is its folder, so its outputs go to `<out>/<stem>/`.

For each run: the sha256 of every file but `manifest.json`/`report.html` and the store's own
`.assetkit/` (records and index shards hold times and inodes), and the manifest
normalised (keys sorted; `created` and every `inputs_key` removed; the run's folder replaced by
`<out>`). `tests/test_same_outputs.py` compares a fresh run with `tests/golden/outputs.json`.

    python -m tools.golden_outputs --write     # record (after a change that is meant to differ)
    python -m tools.golden_outputs             # compare, print the differences
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from tools.golden import golden_main

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(os.environ.get("ASSETKIT_FIXTURES", REPO.parent / "shared" / "fixtures" / "psd"))
GOLDEN = REPO / "tests" / "golden" / "outputs.json"
LOCALIZE_SLOT = "naver-smartstore/detail"
SKIP_NAMES = ("manifest.json", "report.html")


class PseudoKorean:
    """A fixed, offline translator: every string becomes Korean of a length tied to the source."""

    name = "pseudo-ko"

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        return [_pseudo(t) for t in texts]


def _pseudo(text: str) -> str:
    words = text.split()
    return " ".join("한글" * max(1, len(w) // 3) for w in words) if words else text


def fixtures() -> list[Path]:
    if not FIXTURES.is_dir():
        return []
    return sorted(p for p in FIXTURES.iterdir() if p.suffix.lower() in (".psd", ".psb"))


def non_detail_slots() -> list[str]:
    from assetkit.config import load_catalog

    return [f"{p.id}/{s.id}" for p in load_catalog() for s in p.slots if s.kind != "detail"]


def has_text(path: Path) -> bool:
    from assetkit.document import open_document

    return any(layer.text is not None for layer in open_document(path).scene.layers)


def digest_folder(out: Path) -> dict:
    from assetkit.store.records import STORE_DIR  # records, index and lock: not outputs

    files = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if path.is_file() and path.name not in SKIP_NAMES and rel.parts[0] != STORE_DIR:
            files[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = out / "manifest.json"
    normalised = normalise(json.loads(manifest.read_text("utf-8")), out) if manifest.is_file() \
        else None
    return {"files": files, "manifest": normalised}


def normalise(value, out: Path):
    if isinstance(value, dict):
        return {k: normalise(v, out) for k, v in sorted(value.items())
                if k not in ("created", "inputs_key")}
    if isinstance(value, list):
        return [normalise(v, out) for v in value]
    if isinstance(value, str):
        return value.replace(str(out), "<out>").replace(str(FIXTURES), "<fixtures>")
    return value


def run_sample(out: Path) -> None:
    from assetkit import build
    from assetkit.config import load_campaign

    cwd = Path.cwd()
    os.chdir(REPO)  # the campaign's paths are relative to the repo
    try:
        build(campaign=load_campaign(REPO / "assetkit.yaml"), out=out, jobs=1)
    finally:
        os.chdir(cwd)


def run_sweep(path: Path, out: Path) -> None:
    from assetkit import BuildOptions, build

    build([path], out=out, only=non_detail_slots(), jobs=1,
          options=BuildOptions(source_root=path.parent))


def run_localize(path: Path, out: Path) -> None:
    from assetkit.commands.localize import LocalizeOptions, localize

    localize([path], to="ko", translator=PseudoKorean(), only=[LOCALIZE_SLOT], out=out,
             options=LocalizeOptions(source_root=path.parent))


@functools.cache
def runs() -> dict[str, Callable[[Path], None]]:
    todo: dict[str, Callable[[Path], None]] = {"sample": run_sample}
    for path in fixtures():
        todo[f"sweep/{path.name}"] = lambda out, p=path: run_sweep(p, out)
    for path in fixtures():
        if has_text(path):
            todo[f"localize/{path.name}"] = lambda out, p=path: run_localize(p, out)
    return todo


def collect(root: Path, names: Sequence[str] | None = None) -> dict:
    result = {}
    for name, run in runs().items():
        if names is None or name in names:
            out = root / name
            run(out)
            result[name] = digest_folder(out)
    return result


def differences(expected: dict, actual: dict) -> list[str]:
    lines = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual or name not in expected:
            lines.append(f"{name}: run {'missing' if name not in actual else 'not recorded'}")
            continue
        exp, act = expected[name]["files"], actual[name]["files"]
        for rel in sorted(set(exp) | set(act)):
            if exp.get(rel) != act.get(rel):
                what = "missing" if rel not in act else "new" if rel not in exp else "changed"
                lines.append(f"{name}: {rel} {what}")
        if expected[name]["manifest"] != actual[name]["manifest"]:
            lines.append(f"{name}: manifest.json differs")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    return golden_main(argv, doc=__doc__ or "", golden=GOLDEN, collect=collect,
                       differences=differences, recorded=lambda runs: f"{len(runs)} runs, {sum(len(r['files']) for r in runs.values())} files", same="same outputs")


if __name__ == "__main__":
    sys.exit(main())
