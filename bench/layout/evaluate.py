"""A build's manifest measured against its sources: per source, every banner variant's cut,
covered and dropped layers, and (with a ground-truth sidecar) the file's unit and role accuracy."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assetkit.config import load_catalog
from assetkit.geometry import zone_box

from .ink import LayerInk, read_inks
from .measure import Truth, accuracy, dropped_units, measure_variant
from .transform import members, warps

MEASURED_MODES = ("recompose", "main-white")


@dataclass
class Totals:
    files: int = 0
    variants: int = 0
    leaves: int = 0
    unit_ok: int = 0
    role_ok: int = 0
    cut_layers: int = 0
    covered_layers: int = 0
    non_bg_units: int = 0
    dropped: Counter = field(default_factory=Counter)
    drops_with_finding: int = 0
    offenders: list[tuple[str, str, str, str]] = field(default_factory=list)

    def as_dict(self, truth: bool = True) -> dict:
        out = {"files": self.files, "variants": self.variants, "cut_layers": self.cut_layers,
               "covered_layers": self.covered_layers}
        if truth:
            drops = sum(self.dropped.values())
            out |= {"unit_accuracy": round(self.unit_ok / self.leaves, 4) if self.leaves else None,
                    "role_accuracy": round(self.role_ok / self.leaves, 4) if self.leaves else None,
                    "dropped_units": dict(sorted(self.dropped.items())),
                    "drops_with_finding": self.drops_with_finding,
                    "non_bg_units": self.non_bg_units,
                    "drop_ratio": round(drops / self.non_bg_units, 4) if self.non_bg_units
                    else None}
        return out


def read_truth(source: Path) -> dict[int, Truth] | None:
    sidecar = source.with_name(source.name + ".truth.json")
    if not sidecar.is_file():
        return None
    data = json.loads(sidecar.read_text("utf-8"))
    return {e["index"]: Truth(e["unit"], e["role"], bool(e.get("text")))
            for e in data["layers"] if e["kind"] != "group"}


def _zones(catalog, output: Mapping, size: tuple[int, int]) -> list[tuple]:
    spec = catalog.get(output["platform"])
    slot = next((s for s in spec.slots if s.id == output["slot"]), None) if spec else None
    return [zone_box(z, size).as_tuple() for z in (slot.overlay_zones if slot else ())]


def _fixture_truth(inks: list[LayerInk], layouts: list[Mapping]) -> dict[int, Truth]:
    """No sidecar: type layers and placed layers are measured; a layer's unit is its
    placement's (else its own), so only another placement's ink covers it."""
    placed: dict[int, str] = {}
    leaves = [ink.leaf for ink in inks]
    for layout in layouts:
        for index, (number, p) in members(layout, leaves).items():
            placed.setdefault(index, str(p.get("unit") or p.get("role") or number))
    return {ink.leaf.index: Truth(placed.get(ink.leaf.index, f"plate-{ink.leaf.index}"),
                                  "text" if ink.kind == "type" else
                                  "placed" if ink.leaf.index in placed else "bg",
                                  ink.kind == "type") for ink in inks}


def evaluate(manifest_path: Path, sources: list[Path], totals: Totals) -> Totals:
    """Measure every output of `manifest_path` whose source is in `sources` into `totals`."""
    manifest = json.loads(manifest_path.read_text("utf-8"))
    catalog = load_catalog()
    by_stem: dict[str, list[Mapping]] = {}
    for output in manifest["outputs"]:
        by_stem.setdefault(output["source"], []).append(output)
    for source in sources:
        outputs = [o for o in by_stem.get(source.stem, ()) if o.get("slice") is None
                   and (o.get("layout") or {}).get("mode") in MEASURED_MODES]
        _evaluate_source(source, outputs, manifest.get("findings") or [], catalog, totals)
    return totals


def _evaluate_source(source: Path, outputs: list[Mapping], findings: list[Mapping], catalog,
                     totals: Totals) -> None:
    _, inks = read_inks(source)
    leaves = [ink.leaf for ink in inks]
    layouts = [o["layout"] for o in outputs]
    truth = read_truth(source)
    totals.files += 1
    if truth is None:
        truth = _fixture_truth(inks, layouts)
    else:
        recomposed = [la for la in layouts if la.get("mode") == "recompose"]
        n, unit_ok, role_ok = accuracy(inks, truth, recomposed[:1] if any(
            "layers" in la for la in recomposed) else recomposed)
        totals.leaves, totals.unit_ok, totals.role_ok = (totals.leaves + n,
                                                         totals.unit_ok + unit_ok,
                                                         totals.role_ok + role_ok)
    lifted = {i for la in layouts for i in members(la, leaves)}
    for output in outputs:
        layout, size = output["layout"], (output["width"], output["height"])
        where = f"{output['platform']}/{output['slot']}"
        warp = warps(layout, leaves, size, lifted)
        result = measure_variant(inks, truth, warp, size, _zones(catalog, output, size))
        totals.variants += 1
        totals.cut_layers += len(result.cut)
        totals.covered_layers += len(result.covered)
        totals.offenders += [(source.name, where, p, f"cut: {w}") for p, w in result.cut]
        totals.offenders += [(source.name, where, p, f"covered: {w}") for p, w in result.covered]
        if layout.get("mode") != "recompose":
            continue  # main-white shows the product alone by the platform's rule
        mine = [f for f in findings if f.get("source") == output["source"]
                and f.get("platform") == output["platform"] and f.get("slot") == output["slot"]]
        units, dropped = dropped_units(inks, truth, warp, mine)
        totals.non_bg_units += units
        for unit, role, said in dropped:
            totals.dropped[role] += 1
            totals.drops_with_finding += said
            totals.offenders.append((source.name, where, unit,
                                     "dropped" + (" (finding)" if said else " (no finding)")))
