"""Where every source layer went in a slot, and what the layout cut or covered.

Each layer of a unit moves with its unit's placement (None when the unit was dropped); each
plate layer moves with the background crop. A placed unit reaching past the frame or into an
overlay zone is `layout.cut`; a unit drawn over another one, or over text left in the plate, is
`layout.covered`; text left in the plate that the crop cuts is `layout.cut` too, and so is a
type layer the cover crop of a whole composite (the flatten path's, an artboard's) cuts
(`crop_faults`). Such text the crop leaves wholly out is `layout.left-out`, a warning as a unit
left out is (`layout.unit-dropped`): nothing of it shows, nothing is cut through."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..findings import Where
from ..geometry import Box, cover_box
from ..model import Finding
from ..scene import Scene
from .types import LayerRecord, LayerRef, Placement, UnitInfo

SLACK = 1.0  # px of rounding tolerated at an edge


def records(units: Sequence[UnitInfo], plate: Sequence[LayerRef],
            placements: Sequence[Placement], crop: Box | None, size: tuple[int, int]
            ) -> tuple[LayerRecord, ...]:
    """Every layer's unit and ink box in slot pixels, in the source's layer order."""
    frame = Box(0, 0, *size)
    placed = {p.unit: p for p in placements}
    out = []
    for unit in units:
        p = placed.get(unit.key)
        for m in unit.members:
            box = None if p is None else m.box.mapped(p.src, p.dst).intersect(frame)
            out.append(LayerRecord(m.path, m.index, unit.key, unit.role, box))
    for m in plate:
        box = None if crop is None else m.box.mapped(crop, frame).intersect(frame)
        out.append(LayerRecord(m.path, m.index, "bg", "bg", box))
    return tuple(sorted(out, key=lambda r: r.index))


def _cut(where: Where, layer: str, what: str) -> Finding:
    return Finding("layout.cut", "error", f"{what}", **(where | {"layer": layer}))


def _left_out(where: Where, layer: str, what: str) -> Finding:
    return Finding("layout.left-out", "warning", f"{what}: not in this slot",
                   **(where | {"layer": layer}))


def _covered(where: Where, layer: str, what: str) -> Finding:
    return Finding("layout.covered", "error", f"{what}", **(where | {"layer": layer}))


def _outside(box: Box, frame: Box, zones: Sequence[Box]) -> bool:
    inside = box.x0 >= -SLACK and box.y0 >= -SLACK and box.x1 <= frame.x1 + SLACK \
        and box.y1 <= frame.y1 + SLACK
    return not inside or any(box.shared(z) > SLACK * max(box.width, box.height)
                             for z in zones)


def faults(plate: Sequence[LayerRef], placements: Sequence[Placement], crop: Box | None,
           size: tuple[int, int], zones: Sequence[Box], where: Where,
           text_is: str = "text left in the background plate") -> list[Finding]:
    """layout.cut, layout.covered and layout.left-out findings of a planned slot (none for a
    sound plan); `text_is` names the plate's text in them."""
    frame = Box(0, 0, *size)
    out = []
    for p in placements:
        if _outside(p.dst, frame, zones):
            out.append(_cut(where, p.layers[0], f"unit {p.unit} ({p.role}) reaches past the "
                            "frame or into an overlay zone"))
    for i, low in enumerate(placements):
        for high in placements[i + 1:]:
            if low.dst.shared(high.dst) >= 1:
                out.append(_covered(where, low.layers[0], f"unit {low.unit} ({low.role}) lies "
                                    f"under unit {high.unit} ({high.role})"))
    texts = [m for m in plate if m.text]
    if crop is None or not texts:
        return out
    left, cut, under = text_verdicts([m.box for m in texts], [crop],
                                     [p.dst for p in placements], zones, size)
    for i, m in enumerate(texts):
        if left[0, i]:
            out.append(_left_out(where, m.path, f"{text_is} lies wholly outside the crop"))
            continue
        if cut[0, i]:
            out.append(_cut(where, m.path, f"{text_is} is cut by the crop or an overlay zone"))
        if under[0, i] >= 0:
            p = placements[under[0, i]]
            out.append(_covered(where, m.path, f"{text_is} lies under unit {p.unit} "
                                f"({p.role})"))
    return out


def _array(boxes: Sequence[Box]) -> np.ndarray:
    return np.array([b.as_tuple() for b in boxes], dtype=float).reshape(len(boxes), 4)


def _shared(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The area each box of `a` (..., 4) shares with each of `b` (K, 4): (..., K)."""
    a, b = a[..., None, :], b
    w = np.minimum(a[..., 2], b[:, 2]) - np.maximum(a[..., 0], b[:, 0])
    h = np.minimum(a[..., 3], b[:, 3]) - np.maximum(a[..., 1], b[:, 1])
    return np.where((w > 0) & (h > 0), w * h, 0.0)


def text_verdicts(texts: Sequence[Box], crops: Sequence[Box], placed: Sequence[Box],
                  zones: Sequence[Box], size: tuple[int, int]
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each crop (rows) and each box of text left in the plate (columns, document px):
    whether the crop leaves it out (nothing of it shows but a rounding sliver), whether it is
    cut (past the frame, or into an overlay zone), and the first placed unit (`placed`, slot
    px) over it, -1 for none: the rule `faults` reports by, for any number of candidate crops
    at once (crop_text.clear_crop)."""
    t, c = _array(texts), _array(crops)
    kx = size[0] / np.maximum(c[:, 2] - c[:, 0], 1e-9)
    ky = size[1] / np.maximum(c[:, 3] - c[:, 1], 1e-9)
    k = np.stack([kx, ky, kx, ky], axis=1)[:, None, :]  # (C, 1, 4)
    box = (t[None, :, :] - c[:, None, [0, 1, 0, 1]]) * k  # (C, T, 4) in slot px
    w, h = size
    shown_w = np.minimum(box[..., 2], w) - np.maximum(box[..., 0], 0)
    shown_h = np.minimum(box[..., 3], h) - np.maximum(box[..., 1], 0)
    left = np.minimum(shown_w, shown_h) <= SLACK
    inside = (box[..., 0] >= -SLACK) & (box[..., 1] >= -SLACK) & \
        (box[..., 2] <= w + SLACK) & (box[..., 3] <= h + SLACK)
    cut = ~inside
    if zones:
        reach = SLACK * np.maximum(box[..., 2] - box[..., 0], box[..., 3] - box[..., 1])
        cut |= (_shared(box, _array(zones)) > reach[..., None]).any(axis=-1)
    under = np.full(left.shape, -1)
    if placed:
        over = _shared(box, _array(placed)) >= 1
        under = np.where(over.any(axis=-1), over.argmax(axis=-1), -1)
    return left, cut, under


def crop_faults(scene: Scene, frame: Box, size: tuple[int, int], zones: Sequence[Box],
                where: Where) -> list[Finding]:
    """layout.cut and layout.left-out findings of a slot cover-cropped from one composite of
    the document (the flatten path's stored composite: `frame` its canvas; an artboard's: its
    box): the type layers that composite shows (cut to the frame and to their artboard; a
    layer at opacity 0 shows nothing) that the crop cuts through, leaves out or puts in an
    overlay zone, judged as text left in a plate is."""
    texts = []
    for layer in scene.type_layers():
        shown = scene.board_box(layer) if layer.opacity > 0 else None
        shown = None if shown is None else shown.intersect(frame)
        if shown is not None:
            texts.append(LayerRef(layer.path_str, layer.index, shown, True))
    crop = cover_box((int(frame.width), int(frame.height)), size)  # as the image is cut
    crop = Box(crop.x0 + frame.x0, crop.y0 + frame.y0, crop.x1 + frame.x0, crop.y1 + frame.y0)
    return faults(texts, (), crop, size, zones, where, "type layer")
