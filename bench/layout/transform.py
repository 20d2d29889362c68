"""Where each source layer went in one variant, read from the manifest's `layout` dict: placed
(a placement's src -> box scale), left in the plate (the bg_crop cover crop) or dropped.

The contract (issue 24): `layout.placements[*]` has `unit`, `layers`, `src`, `box`, and
`layout.layers` lists every layer with `index`, `path`, `unit`, `role` and `box` (null =
dropped). Today's manifests have neither `src` nor `layers`: src is then the union of the
placement's layers' boxes, a layer placed in no variant of the source is plate, and a layer placed
in another variant but not in this one is dropped."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Box = tuple[float, float, float, float]
PLATE_UNITS = (None, "bg", "plate")


@dataclass(frozen=True)
class Leaf:
    """A visible non-group layer of the source: its descendants() index, path, document box."""

    index: int
    path: str
    bbox: Box


@dataclass(frozen=True)
class Warp:
    """out = p * scale + offset on each axis; `order` sorts the drawing (bottom first)."""

    sx: float
    ox: float
    sy: float
    oy: float
    order: tuple[int, int, int]  # (0 plate / 1 placed, placement number, layer index)
    unit: str | None  # the placement's unit id (None: plate)

    def box(self, bbox: Box) -> Box:
        return (bbox[0] * self.sx + self.ox, bbox[1] * self.sy + self.oy,
                bbox[2] * self.sx + self.ox, bbox[3] * self.sy + self.oy)


def map_box(src: Box, dst: Box, order: tuple[int, int, int], unit: str | None) -> Warp:
    """The warp taking `src` (document px) onto `dst` (output px)."""
    sx = (dst[2] - dst[0]) / max(src[2] - src[0], 1e-9)
    sy = (dst[3] - dst[1]) / max(src[3] - src[1], 1e-9)
    return Warp(sx, dst[0] - src[0] * sx, sy, dst[1] - src[1] * sy, order, unit)


def _inside(path: str, names: Iterable[str]) -> bool:
    return any(path == n or path.startswith(n + "/") for n in names)


def union(boxes: Iterable[Box]) -> Box | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def placement_unit(placement: Mapping, number: int) -> str:
    return placement.get("unit") or placement.get("role") or f"placement-{number}"


def members(layout: Mapping, leaves: list[Leaf]) -> dict[int, tuple[int, Mapping]]:
    """leaf index -> (placement number, placement) for every placed leaf."""
    placements = layout.get("placements") or []
    listed = {e["index"]: e for e in layout.get("layers") or () if "index" in e}
    out: dict[int, tuple[int, Mapping]] = {}
    for number, placement in enumerate(placements):
        unit = placement.get("unit")
        for leaf in leaves:
            entry = listed.get(leaf.index)
            if entry is not None and unit is not None:
                hit = entry.get("unit") == unit and entry.get("box") is not None
            else:
                hit = _inside(leaf.path, placement.get("layers") or ())
            if hit and leaf.index not in out:
                out[leaf.index] = (number, placement)
    return out


def warps(layout: Mapping, leaves: list[Leaf], size: tuple[int, int],
          lifted: set[int] | None = None) -> dict[int, Warp | None]:
    """leaf index -> its warp into the output (None: not drawn). `lifted`: leaves placed in any
    variant of the source (today's manifests only: those not placed here were dropped)."""
    placed = members(layout, leaves)
    listed = {e["index"]: e for e in layout.get("layers") or () if "index" in e}
    crop = layout.get("bg_crop")
    plate_drawn = layout.get("background", "plate") == "plate" and crop
    out: dict[int, Warp | None] = {}
    for leaf in leaves:
        if leaf.index in placed:
            number, placement = placed[leaf.index]
            src = placement.get("src") or union(
                la.bbox for la in leaves if placed.get(la.index, (None,))[0] == number)
            out[leaf.index] = map_box(src, placement["box"], (1, number, leaf.index),
                                      placement_unit(placement, number))
        elif leaf.index in listed and listed[leaf.index].get("box") is None:
            out[leaf.index] = None
        elif listed or not lifted or leaf.index not in lifted:
            out[leaf.index] = (map_box(crop, (0, 0, *size), (0, 0, leaf.index), None)
                               if plate_drawn else None)
        else:
            out[leaf.index] = None  # lifted into a unit in other variants: dropped here
    return out


def predicted_units(layouts: list[Mapping], leaves: list[Leaf]) -> dict[int, tuple[str, str]]:
    """leaf index -> (predicted unit, predicted role): from `layout.layers` of the first layout
    that has it, else from the placements of all layouts (unit = role); plate -> bg."""
    for layout in layouts:
        listed = {e["index"]: e for e in layout.get("layers") or () if "index" in e}
        if listed:
            return {la.index: _plate_or(listed.get(la.index)) for la in leaves}
    out = {la.index: ("bg", "bg") for la in leaves}
    for layout in layouts:
        for index, (_, placement) in members(layout, leaves).items():
            unit = placement_unit(placement, 0)
            out[index] = (unit, placement.get("role") or unit)
    return out


def _plate_or(entry: Mapping | None) -> tuple[str, str]:
    if entry is None or entry.get("unit") in PLATE_UNITS:
        return ("bg", "bg")
    return (str(entry["unit"]), str(entry.get("role") or entry["unit"]))
