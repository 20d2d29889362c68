"""The benchmark's sources and jobs: generated PSDs plus the real poster, and for every
(source, slot) the output size, crop box, slices and cap every tool uses alike."""
from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

from assetkit.geometry import cover_box, output_size
from assetkit.model import DetailRule, Slot
from assetkit.samples import make_bench_workload

from .targets import COVER, DETAIL

REPO = Path(__file__).resolve().parents[1]
POSTER = REPO.parent / "shared" / "fixtures" / "psd" / "agpsd-large-poster-3508x4960.psd"


def sources(work: Path) -> list[Path]:
    """The generated PSDs (written once, then reused) and the poster fixture if present, linked
    beside them: one folder, the campaign's source root, so every source's id is its name."""
    folder = work / "sources"
    paths = [folder / "bench-banner-3000.psd", folder / "bench-detail-12000.psd"]
    if not all(p.is_file() for p in paths):
        paths = make_bench_workload(folder)
    return paths + ([_beside(POSTER, folder)] if POSTER.is_file() else [])


def _beside(path: Path, folder: Path) -> Path:
    """`folder/<name>`: a symbolic link to `path` (a copy where links are not allowed)."""
    link = folder / path.name
    if not link.exists():
        link.unlink(missing_ok=True)  # a dangling link from a moved checkout
        try:
            link.symlink_to(path)
        except OSError:
            shutil.copyfile(path, link)
    return link


def _slot(slot_id: str, cap: float, size=None, detail=None) -> Slot:
    return Slot(slot_id, {}, "detail" if detail else "banner", cap, ("jpeg",), (), None,
                "unverified", size=size, detail=detail)


def slots() -> list[Slot]:
    return ([_slot(i, cap, size=(w, h)) for i, w, h, cap in COVER]
            + [_slot(i, cap, detail=DetailRule(w, sh)) for i, w, sh, cap in DETAIL])


def slice_bounds(height: int, max_height: int) -> list[tuple[int, int]]:
    """The competitors' detail-page cuts: the fewest even slices no taller than `max_height`
    (assetkit itself cuts in blank bands: assetkit/layout/slices.py)."""
    count = max(1, math.ceil(height / max_height))
    edges = [round(i * height / count) for i in range(count + 1)]
    return list(zip(edges[:-1], edges[1:], strict=True))


def jobs(source: Path, stem: str, size: tuple[int, int]) -> list[dict]:
    """One entry per output file: what to cut from the composite and the byte cap."""
    out = []
    for slot in slots():
        dims, _ = output_size(slot, size)
        cap = int(slot.max_kb * 1024)
        if slot.detail is None:
            box = cover_box(size, dims).as_tuple()
            out.append({"id": f"{stem}/bench/{slot.id}", "size": dims, "box": box, "cap": cap})
            continue
        cuts = slice_bounds(dims[1], slot.detail.max_slice_height)
        for i, (y0, y1) in enumerate(cuts):
            suffix = f"#{i + 1}" if len(cuts) > 1 else ""
            out.append({"id": f"{stem}/bench/{slot.id}{suffix}", "size": dims, "box": None,
                        "cut": (y0, y1), "cap": cap})
    return out


def write_jobs(path: Path, plan: list[dict]) -> Path:
    path.write_text(json.dumps(plan), encoding="utf-8")
    return path
