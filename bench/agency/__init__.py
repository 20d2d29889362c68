"""The agency set: untagged banners and detail pages made the way agencies make them, each with a
ground-truth sidecar `<file>.truth.json` (every layer's true design unit and role) that assetkit
never reads. `make_agency_set(dest)` writes them; same seed, same bytes."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from psd_tools import PSDImage

from assetkit.document.writer import write_layered_psd

from .banner import Brief, draw_banner
from .compose import Doc, Part
from .page import WIDTH, draw_page, page_height
from .pools import Namer

SQUARE = (3000, 3000)
# (size, brief): each guarantee the tests rely on is made by at least one entry
BANNERS = (
    (SQUARE, Brief("ko", False, "split", "type")),  # the Korean type-layer banner
    (SQUARE, Brief("ko", False, "split", "raster", band=True)),  # sub copy left in the plate
    (SQUARE, Brief("en", False, "stack", "mixed", tooltip=True)),  # tooltip on a light plate
    (SQUARE, Brief("ko", True, "split", "mixed", products=2)),
    (SQUARE, Brief("en", True, "stack", "type", eyebrow=True)),
    (SQUARE, Brief("ko", False, "stack", "raster", products=2, tooltip=True)),
    (SQUARE, Brief("en", False, "split", "raster", band=True)),
    (SQUARE, Brief("ko", True, "stack", "mixed", eyebrow=True)),
    ((2400, 1200), Brief("ko", True, "split", "type", products=2)),
    ((2400, 1200), Brief("en", False, "split", "mixed", tooltip=True)),
    ((1080, 1350), Brief("ko", False, "stack", "mixed", band=True)),
    ((1080, 1350), Brief("en", True, "stack", "raster")),
)
PAGES = ((2, "ko", "type"), (4, "en", "raster"), (5, "ko", "mixed"))
TRUTH_SUFFIX = ".truth.json"


def make_agency_set(dest: Path, seed: int = 24, scale: float = 1.0) -> list[Path]:
    """Write the 12 banners and 3 detail pages into `dest` (with their sidecars); `scale`
    shrinks the banners (tests), the same content at a fraction of the pixels."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (full, brief) in enumerate(BANNERS):
        size = (round(full[0] * scale), round(full[1] * scale))
        doc = _doc(size, seed, i)
        draw_banner(doc, brief)
        paths.append(_write(doc, dest / f"agency-{i + 1:02d}-{size[0]}x{size[1]}.psd", "banner"))
    for j, (sections, lang, style) in enumerate(PAGES):
        size = (WIDTH, page_height(sections))
        doc = _doc(size, seed, 100 + j)
        draw_page(doc, lang, "mixed" if style == "mixed" else style)
        paths.append(_write(doc, dest / f"agency-page-{j + 1}-{size[0]}x{size[1]}.psd", "page"))
    return paths


def _doc(size: tuple[int, int], seed: int, i: int) -> Doc:
    rng = np.random.default_rng([seed, i])
    return Doc(size, rng, Namer(rng, float(rng.uniform(0.1, 0.5))))


def _write(doc: Doc, path: Path, kind: str) -> Path:
    write_layered_psd(path, doc.size, [p.layer for p in doc.parts], quick_preview=True)
    truth = {"file": path.name, "size": list(doc.size), "kind": kind,
             "layers": sidecar_layers(path, doc.parts)}
    sidecar = path.with_name(path.name + TRUTH_SUFFIX)
    sidecar.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return path


def sidecar_layers(path: Path, parts: list[Part]) -> list[dict]:
    """Every layer of the written file in psd-tools' descendants() order, with its truth."""
    by_path = {_path(p): p for p in parts}
    out = []
    for index, layer in enumerate(PSDImage.open(path).descendants()):
        names = [layer.name]
        parent = layer.parent
        while parent is not None and getattr(parent, "kind", "psdimage") == "group":
            names.insert(0, parent.name)
            parent = parent.parent
        key = "/".join(names)
        if layer.is_group():
            kids = [p for k, p in by_path.items() if k.startswith(key + "/")]
            part = kids[0]
        else:
            part = by_path[key]
        out.append({"index": index, "path": key, "kind": layer.kind, "unit": part.unit,
                    "role": part.role, "text": (not layer.is_group()) and part.text})
    return out


def _path(part: Part) -> str:
    layer = part.layer
    return f"{layer.group}/{layer.name}" if layer.group else layer.name


__all__ = ["TRUTH_SUFFIX", "make_agency_set", "sidecar_layers"]
