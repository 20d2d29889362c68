"""The measures of one variant, from pixels: cut layers (ink outside the frame or in an overlay
zone), covered layers (ink under another unit's ink drawn above), dropped units; and a file's
unit and role accuracy against its ground truth."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .ink import LayerInk, Placed, clip, inside, overlap, warp_ink
from .transform import Box, Warp, predicted_units

CUT_SHARE = 0.02  # a picture or logo is cut past 2 % of its ink; text at its first pixel
COVER_PX = 2  # shared ink pixels that make a layer covered (anti-aliased edges may touch)
DROP_CODES = ("layout.unit-dropped", "layout.role-dropped")


@dataclass(frozen=True)
class Truth:
    """A layer's true unit and role (from the sidecar), and whether it is measured."""

    unit: str
    role: str
    text: bool

    @property
    def measured(self) -> bool:
        return self.role != "bg"


@dataclass
class VariantResult:
    cut: list[tuple[str, str]] = field(default_factory=list)  # (layer path, what)
    covered: list[tuple[str, str]] = field(default_factory=list)
    dropped: list[tuple[str, str, bool]] = field(default_factory=list)  # (unit, role, finding?)
    units: int = 0  # non-bg true units looked at


def cut_share(placed: Placed, size: tuple[int, int], zones: Sequence[Box]) -> tuple[int, int]:
    """(ink pixels outside the frame or inside a zone, all ink pixels)."""
    total = placed.total
    framed = clip(placed, size)
    lost = total - (framed.total if framed else 0)
    if framed is not None:
        lost += min(framed.total, sum(inside(framed, z) for z in zones))
    return lost, total


def is_cut(lost: int, total: int, text: bool) -> bool:
    if total == 0:
        return False
    return lost >= 1 if text else lost > CUT_SHARE * total


def measure_variant(inks: Sequence[LayerInk], truth: Mapping[int, Truth],
                    warps: Mapping[int, Warp | None], size: tuple[int, int],
                    zones: Sequence[Box] = ()) -> VariantResult:
    """Cut and covered for every measured layer drawn in this variant, and which true units
    have no layer drawn (`truth` holds the measured layers; others only cover)."""
    result = VariantResult()
    drawn: list[tuple[tuple[int, int, int], LayerInk, Placed]] = []
    lowest = min((w.order for i, w in warps.items() if w is not None and i in truth
                  and truth[i].measured), default=None)
    for ink in inks:
        warp = warps.get(ink.leaf.index)
        if warp is None or lowest is None or warp.order < lowest:
            continue  # not drawn, or under every measured layer: it covers nothing
        placed = warp_ink(ink, warp)
        if placed is not None:
            drawn.append((warp.order, ink, placed))
    drawn.sort(key=lambda d: d[0])
    framed = [(order, ink, clip(p, size)) for order, ink, p in drawn]
    for i, (_, ink, placed) in enumerate(drawn):
        t = truth.get(ink.leaf.index)
        if t is None or not t.measured:
            continue
        lost, total = cut_share(placed, size, zones)
        if is_cut(lost, total, t.text):
            result.cut.append((ink.leaf.path, f"{lost}/{total} ink px cut"))
        mine = framed[i][2]
        if mine is None:
            continue
        for _, other, theirs in framed[i + 1:]:
            u = truth.get(other.leaf.index)
            if theirs is None or (u is not None and u.unit == t.unit):
                continue
            shared = overlap(mine, theirs)
            if shared >= COVER_PX:
                result.covered.append((ink.leaf.path, f"{shared} ink px under "
                                                      f"'{other.leaf.path}'"))
                break
    return result


def dropped_units(inks: Sequence[LayerInk], truth: Mapping[int, Truth],
                  warps: Mapping[int, Warp | None], findings: Sequence[Mapping]
                  ) -> tuple[int, list[tuple[str, str, bool]]]:
    """(non-bg true units, the ones none of whose layers is drawn: unit, role, and whether a
    drop finding of the variant names one of its layers)."""
    units: dict[str, list[LayerInk]] = {}
    for ink in inks:
        t = truth.get(ink.leaf.index)
        if t is not None and t.measured:
            units.setdefault(t.unit, []).append(ink)
    named = [(f.get("layer") or "", f.get("message") or "") for f in findings
             if f.get("code") in DROP_CODES]
    out = []
    for unit, members in units.items():
        if any(warps.get(m.leaf.index) is not None for m in members):
            continue
        paths = [m.leaf.path for m in members]
        said = any(layer and any(p == layer or p.startswith(layer + "/") for p in paths)
                   or any(p in message for p in paths) for layer, message in named)
        out.append((unit, truth[members[0].leaf.index].role, said))
    return len(units), out


def accuracy(inks: Sequence[LayerInk], truth: Mapping[int, Truth],
             layouts: list[Mapping]) -> tuple[int, int, int]:
    """(leaves, leaves in their true unit, leaves with their true role) of one file."""
    leaves = [ink.leaf for ink in inks if ink.leaf.index in truth]
    predicted = predicted_units(layouts, leaves)
    true_sets: dict[str, set[int]] = {}
    pred_sets: dict[str, set[int]] = {}
    for leaf in leaves:
        true_sets.setdefault(truth[leaf.index].unit, set()).add(leaf.index)
        pred_sets.setdefault(predicted[leaf.index][0], set()).add(leaf.index)
    unit_ok = role_ok = 0
    for leaf in leaves:
        t, (unit, role) = truth[leaf.index], predicted[leaf.index]
        if t.role == "bg":
            unit_ok += unit == "bg"
        else:
            unit_ok += unit != "bg" and pred_sets[unit] == true_sets[t.unit]
        role_ok += role == t.role
    return len(leaves), unit_ok, role_ok
