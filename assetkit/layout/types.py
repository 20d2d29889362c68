"""The layout's types: the units it is given, where each is placed, and the plan of a slot."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..geometry import Box
from ..model import Finding
from ..scene import Layer

# Error codes that mean "this slot cannot be served" (closed list, documented in the README).
UNSERVABLE = ("layout.no-product", "layout.no-room")

# recompose: units placed by a template; main-white: the product alone on white; artboard: a
# Photoshop artboard drawn as designed for that slot
LayoutMode = Literal["recompose", "main-white", "artboard"]
Background = Literal["plate", "white", "artboard"]  # what fills the slot behind the units


@dataclass(frozen=True)
class LayerRef:
    """A source layer as the layout sees it: path, z-index, ink box in document px, and whether
    it holds text (text left in the plate must not be cut or covered)."""

    path: str
    index: int
    box: Box
    text: bool = False

    @classmethod
    def of(cls, layer: Layer, text: bool) -> LayerRef:
        """`layer` with the box it paints (its effects' reach too; an empty layer's: at 0, 0)."""
        box = layer.bbox if layer.bbox is not None else Box(0, 0, 0, 0)
        return cls(layer.path_str, layer.index, box.grown(layer.effect_reach), text)


@dataclass(frozen=True)
class UnitInfo:
    """A design unit of the source: its box in document pixels and the layers it is made of."""

    role: str
    box: Box
    layers: tuple[str, ...]
    z: int
    id: str = ""  # the unit's id (`product-2`); the role when empty
    text_px: float | None = None  # smallest text size, document px (None: no text)
    members: tuple[LayerRef, ...] = ()
    text_max: float | None = None  # largest text size, document px

    @property
    def key(self) -> str:
        return self.id or self.role


@dataclass(frozen=True)
class LayoutSource:
    """What the layout is given of a source: its units, its canvas size and the layers left in
    its background plate."""

    units: tuple[UnitInfo, ...]
    size: tuple[int, int]
    plate: tuple[LayerRef, ...] = ()

    @property
    def plate_text(self) -> tuple[Box, ...]:
        """Where text is left in the plate: what the background crop slides to keep whole."""
        return tuple(m.box for m in self.plate if m.text)


@dataclass(frozen=True)
class Placement:
    role: str
    layers: tuple[str, ...]
    src: Box  # document px
    dst: Box  # slot px
    scale: float
    unit: str = ""

    def to_dict(self) -> dict:
        return {"unit": self.unit or self.role, "role": self.role, "layers": list(self.layers),
                "scale": round(self.scale, 4),
                "src": [round(v, 1) for v in self.src.as_tuple()],
                "box": [round(v, 1) for v in self.dst.as_tuple()]}


@dataclass(frozen=True)
class Layout:
    """Where everything goes in one slot, and what had to give."""

    mode: LayoutMode
    size: tuple[int, int]
    background: Background
    bg_crop: Box | None
    placements: tuple[Placement, ...]
    findings: tuple[Finding, ...]
    template: str = ""
    layers: tuple[LayerRecord, ...] = ()  # where every source layer went (layout/account.py)

    @property
    def servable(self) -> bool:
        return not any(f.code in UNSERVABLE for f in self.findings)

    def to_dict(self) -> dict:
        out = {"mode": self.mode, "template": self.template, "background": self.background,
               "bg_crop": None if self.bg_crop is None
               else [round(v, 1) for v in self.bg_crop.as_tuple()],
               "placements": [p.to_dict() for p in self.placements]}
        if self.layers:
            out["layers"] = [r.to_dict() for r in self.layers]
        return out


@dataclass(frozen=True)
class LayerRecord:
    """Where one source layer went in a slot: its unit (`bg`: the plate) and its ink box in
    slot pixels clipped to the frame (None: dropped, or wholly outside the frame)."""

    path: str
    index: int
    unit: str
    role: str
    box: Box | None

    def to_dict(self) -> dict:
        return {"path": self.path, "index": self.index, "unit": self.unit, "role": self.role,
                "box": None if self.box is None else [round(v, 1) for v in self.box.as_tuple()]}


