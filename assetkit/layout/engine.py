"""The layout engine: role units of a source placed into a slot (pure geometry, no pixels).

Background: cover-cropped around the focus. Product: fitted inside its region, never cropped or
distorted. Logo: uniform scale with its clear space. Text and CTA units keep their internal
arrangement. Overlay zones and safe margins are kept free of every role. Only slots under 100 px
tall drop roles (legal, then badge, then sub), each a `layout.role-dropped` warning.
Main-image slots that forbid text or logo get the product alone on white."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..findings import Where
from ..geometry import Box, cover_box, resolve_box, zone_box
from ..model import BrandRules, Finding, Severity, Slot
from .templates import PLACED_ROLES, Region, Templates, load_templates

DROP_ORDER = ("legal", "badge", "sub")
# Secondary text never grows past the headline's scale, so the master's hierarchy is kept.
BELOW_HEADLINE = ("sub", "legal")
SHORT_SLOT = 100
BAND_SPAN = 0.9
# Error codes that mean "this slot cannot be served" (closed list, documented in the README).
UNSERVABLE = ("layout.no-product", "layout.no-room")

# recompose: units placed by a template; main-white: the product alone on white; artboard: a
# Photoshop artboard drawn as designed for that slot
LayoutMode = Literal["recompose", "main-white", "artboard"]
Background = Literal["plate", "white", "artboard"]  # what fills the slot behind the units


@dataclass(frozen=True)
class UnitInfo:
    """A role unit of the source: its box in document pixels and the layers it is made of."""

    role: str
    box: Box
    layers: tuple[str, ...]
    z: int


@dataclass(frozen=True)
class Placement:
    role: str
    layers: tuple[str, ...]
    src: Box  # document px
    dst: Box  # slot px
    scale: float

    def to_dict(self) -> dict:
        return {"role": self.role, "layers": list(self.layers), "scale": round(self.scale, 4),
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

    @property
    def servable(self) -> bool:
        return not any(f.code in UNSERVABLE for f in self.findings)

    def to_dict(self) -> dict:
        return {"mode": self.mode, "template": self.template, "background": self.background,
                "bg_crop": None if self.bg_crop is None
                else [round(v, 1) for v in self.bg_crop.as_tuple()],
                "placements": [p.to_dict() for p in self.placements]}


def usable_area(slot: Slot, size: tuple[int, int]) -> Box:
    """The slot minus safe margins and minus overlay zones that span a whole edge."""
    top, right, bottom, left = (m.resolve(size[1 if i % 2 == 0 else 0])
                                for i, m in enumerate(slot.safe_margin))
    area = Box(left, top, size[0] - right, size[1] - bottom)
    for zone in slot.overlay_zones:
        z = zone_box(zone, size)
        if z.width >= BAND_SPAN * size[0]:
            if z.y0 <= area.y0 + 1:
                area = Box(area.x0, max(area.y0, z.y1), area.x1, area.y1)
            elif z.y1 >= area.y1 - 1:
                area = Box(area.x0, area.y0, area.x1, min(area.y1, z.y0))
        elif z.height >= BAND_SPAN * size[1]:
            if z.x0 <= area.x0 + 1:
                area = Box(max(area.x0, z.x1), area.y0, area.x1, area.y1)
            elif z.x1 >= area.x1 - 1:
                area = Box(area.x0, area.y0, min(area.x1, z.x0), area.y1)
    return area


def avoid(region: Box, zones: Sequence[Box]) -> Box | None:
    """The largest part of `region` (a rectangle) that touches none of `zones`."""
    for z in zones:
        if region.intersect(z) is None:
            continue
        options = [Box(region.x0, region.y0, region.x1, min(region.y1, z.y0)),
                   Box(region.x0, max(region.y0, z.y1), region.x1, region.y1),
                   Box(region.x0, region.y0, min(region.x1, z.x0), region.y1),
                   Box(max(region.x0, z.x1), region.y0, region.x1, region.y1)]
        options = [o for o in options if o.width > 0 and o.height > 0]
        if not options:
            return None
        region = max(options, key=lambda o: o.width * o.height)
    return region


def fit_into(unit: Box, region: Box, anchor: tuple[str, str], max_scale: float | None = None
             ) -> tuple[Box, float]:
    scale = min(region.width / unit.width, region.height / unit.height)
    if max_scale is not None:
        scale = min(scale, max_scale)
    w, h = unit.width * scale, unit.height * scale
    fx = {"left": 0.0, "center": 0.5, "right": 1.0}[anchor[0]]
    fy = {"top": 0.0, "middle": 0.5, "bottom": 1.0}[anchor[1]]
    x0 = region.x0 + (region.width - w) * fx
    y0 = region.y0 + (region.height - h) * fy
    return Box(x0, y0, x0 + w, y0 + h), scale


def _region_box(region: Region, area: Box) -> Box:
    x, y, w, h = region.box
    return Box(area.x0 + x * area.width, area.y0 + y * area.height,
               area.x0 + (x + w) * area.width, area.y0 + (y + h) * area.height)


def _inset(box: Box, fraction: float) -> Box:
    pad = box.height * fraction / (1 + 2 * fraction)
    return Box(box.x0 + pad, box.y0 + pad, box.x1 - pad, box.y1 - pad)


def _finding(code: str, severity: Severity, message: str, where: Where, layer: str | None = None
             ) -> Finding:
    return Finding(code, severity, message, **(where | {"layer": layer}))


def _place_unit(unit: UnitInfo, region: Box, anchor, slot_zones, brand, where,
                max_scale: float | None = None) -> tuple:
    if unit.role == "logo" and brand is not None and brand.logo.clear_space:
        region = _inset(region, brand.logo.clear_space)
    free = avoid(region, slot_zones)
    if free is None or free.width < 1 or free.height < 1:
        return None, []
    dst, scale = fit_into(unit.box, free, anchor, max_scale)
    findings = []
    if scale > 1.0 + 1e-6:
        findings.append(_finding("layout.upscaled", "warning",
                                 f"{unit.role} scaled up {scale:.2f}x beyond its source pixels",
                                 where, unit.layers[0]))
    return Placement(unit.role, unit.layers, unit.box, dst, scale), findings


def _main_white(units: Sequence[UnitInfo], slot: Slot, size, where) -> Layout:
    product = next((u for u in units if u.role == "product"), None)
    if product is None:
        return Layout("main-white", size, "white", None, (), (_finding(
            "layout.no-product", "error",
            "this main-image slot needs the product alone on white, and no layer has the "
            "product role (tag it @product)", where),))
    fill = min(0.95, (slot.min_product_fill or 0.85) + 0.03)
    scale = fill * min(size[0] / product.box.width, size[1] / product.box.height)
    w, h = product.box.width * scale, product.box.height * scale
    dst = Box((size[0] - w) / 2, (size[1] - h) / 2, (size[0] + w) / 2, (size[1] + h) / 2)
    findings = [] if scale <= 1 + 1e-6 else [_finding(
        "layout.upscaled", "warning", f"product scaled up {scale:.2f}x beyond its source pixels",
        where, product.layers[0])]
    placement = Placement("product", product.layers, product.box, dst, scale)
    return Layout("main-white", size, "white", None, (placement,), tuple(findings))


def is_main_white(slot: Slot) -> bool:
    return slot.background == "white" and bool({"text", "logo"} & set(slot.forbid))


def plan_layout(units: Sequence[UnitInfo], scene_size: tuple[int, int], slot: Slot,
                size: tuple[int, int], *, focus: tuple[float, float] = (0.5, 0.5),
                brand: BrandRules | None = None, templates: Templates | None = None,
                where: Where | None = None) -> Layout:
    """Place every role unit for one slot; findings say what was dropped, scaled up or missing."""
    where = where or {}
    if is_main_white(slot):
        return _main_white(units, slot, size, where)
    key = f"{where.get('platform')}/{where.get('slot')}"
    template = (templates or load_templates()).for_slot(key, size[0] / size[1])
    area = usable_area(slot, size)
    zones = [zone_box(z, size) for z in slot.overlay_zones]
    placements, findings = [], []
    headline_scale: float | None = None
    order = sorted((u for u in units if u.role in PLACED_ROLES),
                   key=lambda u: (u.role != "headline", u.z))
    for unit in order:
        if size[1] < SHORT_SLOT and unit.role in DROP_ORDER:
            findings.append(_finding("layout.role-dropped", "warning",
                                     f"{unit.role} dropped: the slot is under {SHORT_SLOT} px tall",
                                     where, unit.layers[0]))
            continue
        region = template.regions.get(unit.role)
        cap = headline_scale if unit.role in BELOW_HEADLINE else None
        placed, notes = (None, []) if region is None else _place_unit(
            unit, _region_box(region, area), region.anchor, zones, brand, where, cap)
        if placed is None:
            findings.append(_finding("layout.no-room", "error",
                                     f"no room for {unit.role} outside the overlay zones",
                                     where, unit.layers[0]))
            continue
        placements.append(placed)
        findings.extend(notes)
        if unit.role == "headline":
            headline_scale = placed.scale
    crop = cover_box(scene_size, size, focus)
    placements.sort(key=lambda p: next(u.z for u in units if u.role == p.role))
    return Layout("recompose", size, "plate", crop, tuple(placements), tuple(findings),
                  template.name)


__all__ = ["Layout", "Placement", "UnitInfo", "plan_layout", "resolve_box"]
