"""The layout engine: the design units of a source placed into a slot (pure geometry).

Background: cover-cropped around the focus. Units are placed in PLACE_ORDER, each in its
template region minus the overlay zones, the safe margins and every unit placed before it, so
nothing is cut and nothing covered; units sharing a region are arranged as in the source
(layout/arrange.py). Products, logos and CTAs are never cropped or distorted; text units keep
their internal arrangement and never look as large as the headline. A unit that does not fit,
or whose text would render below the legibility minimum, goes to the free space nearest its
region, else it is dropped (smallest text first) with a `layout.unit-dropped` warning naming its
layers; headline, product, logo and CTA are kept in slots of at least 300x250. Main-image slots that forbid text or logo get the product alone on
white."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..findings import Where
from ..geometry import Box, resolve_box, zone_box
from ..model import BrandRules, Finding, Severity, Slot
from .account import faults, records
from .arrange import arrange
from .crop_text import clear_crop, plate_crop
from .free import best_spot, free_rectangles
from .templates import PLACED_ROLES, Region, Templates, load_templates
from .types import UNSERVABLE, LayerRecord, LayerRef, Layout, LayoutSource, Placement, UnitInfo

KEPT = ("headline", "product", "logo", "cta")  # never dropped in slots of at least KEEP_SIZE
KEEP_SIZE = (300, 250)
KEPT_GROW = 2.0  # how much larger than its region a kept unit may be set in free space
LEGIBLE_MARGIN = 1.1  # ... and then no more than this over the smallest legible scale
# Placed first, so their regions are theirs; later units avoid what is placed
PLACE_ORDER = ("headline", "product", "logo", "cta", "badge", "sub", "price", "other", "legal")
# A role without a region in the template shares another role's (stacked after it)
SHARES = {"price": "sub", "other": "sub"}
# Secondary text never grows past the headline's scale, so the master's hierarchy is kept, but
# for what it needs to stay legible, and then at most HIERARCHY of the headline's text size.
BELOW_HEADLINE = ("sub", "legal", "price", "other")
HIERARCHY = 0.8
SPACE, MIN_SPACE = 0.01, 2.0  # kept between placed units: of the slot's short side, at least px
EDGE = 0.03  # kept from the frame by a unit set in free space: of the slot's short side
BAND_SPAN = 0.9
DEFAULT_MIN_PX = 9.0  # the smallest text drawn when neither the slot nor the brand sets one

def kept_clear(slot: Slot, size: tuple[int, int]) -> list[Box]:
    """Boxes no unit may reach into: the overlay zones and the coded-text areas (the platform
    draws its own text or UI there)."""
    return [*(zone_box(z, size) for z in slot.overlay_zones),
            *(resolve_box(a.box, size) for a in slot.coded_text)]


def usable_area(slot: Slot, size: tuple[int, int]) -> Box:
    """The slot minus safe margins and minus overlay zones that span a whole edge."""
    top, right, bottom, left = (m.resolve(size[1 if i % 2 == 0 else 0])
                                for i, m in enumerate(slot.safe_margin))
    area = Box(left, top, size[0] - right, size[1] - bottom)
    for z in kept_clear(slot, size):
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


def _dropped(unit: UnitInfo, why: str, where: Where) -> Finding:
    names = ", ".join(repr(n) for n in unit.layers)
    return _finding("layout.unit-dropped", "warning",
                    f"unit {unit.key} ({unit.role}: {names}) dropped: {why}", where,
                    unit.layers[0] if unit.layers else None)


def _droppable(role: str, size: tuple[int, int]) -> bool:
    return role not in KEPT or size[0] < KEEP_SIZE[0] or size[1] < KEEP_SIZE[1]


def _too_small(units: Sequence[UnitInfo], scale: float, floor: float) -> UnitInfo | None:
    """The droppable unit whose text would render below `floor` at `scale` (the smallest)."""
    small = [u for u in units if u.text_px is not None and u.text_px * scale < floor - 1e-6]
    return min(small, key=lambda u: u.text_px or 0) if small else None


@dataclass(frozen=True)
class _Ask:
    """One template region to fill: the units that share it, where it is, how they sit."""

    region: Box
    anchor: tuple[str, str]
    # the headline as placed, (scale, its text size drawn in px or None) for secondary text
    headline: tuple[float, float | None] | None = None

    def cap(self, units: Sequence[UnitInfo], floor: float) -> float | None:
        """The largest scale for `units`: secondary text never grows past the headline's scale
        but for what it needs to reach the legibility floor (`floor` px), and never past
        HIERARCHY of the headline's drawn text size."""
        if self.headline is None:
            return None
        scale, drawn = self.headline
        sized = [u for u in units if u.text_max and u.text_px]
        if not drawn or not sized:
            return scale
        hierarchy = min(HIERARCHY * drawn / (u.text_max or 1) for u in sized)
        legible = max(floor / (u.text_px or 1) for u in sized)
        return min(hierarchy, max(scale, legible))


def _fit_group(units: Sequence[UnitInfo], ask: _Ask, blocked: Sequence[Box], floor: float
               ) -> tuple[list[Placement], float] | None:
    free = avoid(ask.region, blocked)
    if free is None or free.width < 1 or free.height < 1:
        return None
    whole, moved = arrange([u.box for u in units])
    dst, scale = fit_into(whole, free, ask.anchor, ask.cap(units, floor))
    out = []
    for unit, box in zip(units, moved, strict=True):
        x0, y0 = dst.x0 + (box.x0 - whole.x0) * scale, dst.y0 + (box.y0 - whole.y0) * scale
        out.append(Placement(unit.role, unit.layers, unit.box,
                             Box(x0, y0, x0 + box.width * scale, y0 + box.height * scale),
                             scale, unit.key))
    return out, scale


def _place_group(units: list[UnitInfo], ask: _Ask, blocked: Sequence[Box], ctx: _Ctx
                 ) -> tuple[list[Placement], list[tuple[UnitInfo, str]]]:
    """Place units sharing a region, leaving out droppable ones (smallest text first) until
    the rest fits at a legible size: (placements, [(unit left out, why)])."""
    left: list[tuple[UnitInfo, str]] = []
    while units:
        fitted = _fit_group(units, ask, blocked, ctx.floor)
        if fitted is None:
            return [], [*left, *((u, NO_ROOM) for u in units)]
        placed, scale = fitted
        # in slots of at least KEEP_SIZE headline, product, logo and CTA stay whatever their
        # text's size (the legibility check reports it)
        small = _too_small([u for u in units if _droppable(u.role, ctx.size)], scale,
                           ctx.floor)
        if small is None:
            return placed, left
        left.append((small, f"its text would render {(small.text_px or 0) * scale:.1f} px "
                            f"tall, below the {ctx.floor:g} px minimum"))
        units = [u for u in units if u is not small]
    return [], left


NO_ROOM = "no room outside the overlay zones and the units placed before it"
SMALLEST_MARK = 12.0  # px: the shortest side a unit without text may be placed at


def _elsewhere(unit: UnitInfo, ask: _Ask, area: Box, blocked: Sequence[Box], ctx: _Ctx
               ) -> Placement | None:
    """A unit left out of its region, placed in the free space nearest it where it is legible
    (and no larger than its region allows), EDGE off the frame where it fits so; or None."""
    least = ctx.floor / unit.text_px if unit.text_px else SMALLEST_MARK / min(
        unit.box.width, unit.box.height)
    # never larger than it would be in its own region (the template's sizes hold); a headline,
    # product, logo or CTA, which a small slot would otherwise lose, just large enough to be
    # legible, up to KEPT_GROW times that
    fits = min(ask.region.width / unit.box.width, ask.region.height / unit.box.height)
    if unit.role in KEPT:
        fits = min(KEPT_GROW * fits, max(fits, LEGIBLE_MARGIN * least))
    most = min(fits, ask.cap([unit], ctx.floor) or float("inf"))
    edge = EDGE * min(ctx.size)  # off the frame, as the templates' regions are, where it can
    inner = area.intersect(Box(edge, edge, ctx.size[0] - edge, ctx.size[1] - edge))
    found = None
    for free in ((inner,) if inner else ()) + (area,):
        found = found or best_spot(unit.box, ask.region, free_rectangles(free, blocked), least,
                                   most)
    if found is None:
        return None
    spot, scale = found
    dst, scale = fit_into(unit.box, spot, ask.anchor, scale)
    return Placement(unit.role, unit.layers, unit.box, dst, scale, unit.key)


def _leave_out(unit: UnitInfo, why: str, ctx: _Ctx) -> None:
    if _droppable(unit.role, ctx.size):
        ctx.findings.append(_dropped(unit, why, ctx.where))
    else:
        ctx.findings.append(_finding("layout.no-room", "error",
                                     f"no room for {unit.role} ({unit.key}): {why}", ctx.where,
                                     unit.layers[0]))


@dataclass
class _Ctx:
    size: tuple[int, int]
    floor: float
    where: Where
    findings: list[Finding]


def _margin(box: Box, size: tuple[int, int]) -> Box:
    """A placed unit's box grown by the space kept between units (rounding never joins them)."""
    return box.grown(max(MIN_SPACE, SPACE * min(size)))


def _upscaled(placements: Sequence[Placement], where: Where) -> list[Finding]:
    return [_finding("layout.upscaled", "warning",
                     f"{p.role} scaled up {p.scale:.2f}x beyond its source pixels", where,
                     p.layers[0] if p.layers else None)
            for p in placements if p.scale > 1.0 + 1e-6]


def _main_white(units: Sequence[UnitInfo], slot: Slot, size, where) -> Layout:
    products = [u for u in units if u.role == "product"]
    if not products:
        return Layout("main-white", size, "white", None, (), (_finding(
            "layout.no-product", "error",
            "this main-image slot needs the product alone on white, and no layer has the "
            "product role (tag it @product)", where),))
    fill = min(0.95, (slot.min_product_fill or 0.85) + 0.03)
    whole, moved = arrange([u.box for u in products])
    scale = fill * min(size[0] / whole.width, size[1] / whole.height)
    x, y = (size[0] - whole.width * scale) / 2, (size[1] - whole.height * scale) / 2
    placements = tuple(Placement(u.role, u.layers, u.box, Box(
        x + (b.x0 - whole.x0) * scale, y + (b.y0 - whole.y0) * scale,
        x + (b.x1 - whole.x0) * scale, y + (b.y1 - whole.y0) * scale), scale, u.key)
        for u, b in zip(products, moved, strict=True))
    return Layout("main-white", size, "white", None, placements,
                  tuple(_upscaled(placements[:1], where)))


def is_main_white(slot: Slot) -> bool:
    return slot.background == "white" and bool({"text", "logo"} & set(slot.forbid))


def text_minimum(slot: Slot, brand: BrandRules | None) -> float | None:
    """The smallest text height allowed: the larger of the slot's and the brand's, if any."""
    limits = [v for v in (slot.min_text_px, brand.min_text_px if brand else None) if v]
    return max(limits) if limits else None


def _groups(units: Sequence[UnitInfo], template) -> dict[str, list[UnitInfo]]:
    """Template region -> the units placed in it, in PLACE_ORDER then reading order."""
    groups: dict[str, list[UnitInfo]] = {}
    for role in PLACE_ORDER:
        key = role if role in template.regions else SHARES.get(role, role)
        for unit in sorted((u for u in units if u.role == role),
                           key=lambda u: (u.box.y0, u.box.x0)):
            groups.setdefault(key, []).append(unit)
    return groups


def _ask(key: str, template, area: Box, brand, headline: tuple[float, float | None] | None
         ) -> _Ask | None:
    region = template.regions.get(key)
    if region is None:
        return None
    box = _region_box(region, area)
    if key == "logo" and brand is not None and brand.logo.clear_space:
        box = _inset(box, brand.logo.clear_space)
    return _Ask(box, region.anchor, headline if key in BELOW_HEADLINE else None)


def plan_layout(source: LayoutSource, slot: Slot, size: tuple[int, int], *,
                focus: tuple[float, float] = (0.5, 0.5), brand: BrandRules | None = None,
                templates: Templates | None = None, where: Where | None = None,
                judge: Callable[[Box], float] | None = None) -> Layout:
    """Place every unit for one slot; findings say what was dropped, cut, covered, scaled up or
    missing; the layout records where each unit's layer and each plate layer went. `judge`:
    the coded-text contrast of a background crop (crop_contrast.contrast_judge)."""
    units, scene_size, plate = source.units, source.size, source.plate
    where = where or {}
    if is_main_white(slot):
        layout = _main_white(units, slot, size, where)
        return replace(layout, layers=records(units, plate, layout.placements, None, size))
    key = f"{where.get('platform')}/{where.get('slot')}"
    template = (templates or load_templates()).for_slot(key, size[0] / size[1])
    area = usable_area(slot, size)
    blocked = kept_clear(slot, size)
    ctx = _Ctx(size, text_minimum(slot, brand) or DEFAULT_MIN_PX, where, [])
    placements: list[Placement] = []
    headline: tuple[float, float | None] | None = None
    for region, group in _groups([u for u in units if u.role in PLACED_ROLES],
                                 template).items():
        ask = _ask(region, template, area, brand, headline)
        if ask is None:
            for unit in group:
                _leave_out(unit, "the layout template has no region for it", ctx)
            continue
        placed, left = _place_group(group, ask, blocked, ctx)
        blocked += [_margin(p.dst, size) for p in placed]
        for unit, why in left:
            moved = _elsewhere(unit, ask, area, blocked, ctx)
            if moved is None:
                _leave_out(unit, why, ctx)
                continue
            placed.append(moved)
            blocked.append(_margin(moved.dst, size))
        placements += placed
        if region == "headline" and placed:
            px = next((u.text_max for u in group if u.key == placed[0].unit), None)
            headline = (placed[0].scale, px * placed[0].scale if px else None)
    z = {u.key: u.z for u in units}
    placements.sort(key=lambda p: z[p.unit])
    zones = kept_clear(slot, size)
    crop = clear_crop(plate_crop(scene_size, size, focus, source.plate_text), scene_size,
                      source.plate_text, placements, size, zones, judge)
    found = faults(plate, placements, crop, size, zones, where)
    return Layout("recompose", size, "plate", crop, tuple(placements),
                  (*ctx.findings, *found, *_upscaled(placements, where)), template.name,
                  records(units, plate, placements, crop, size))


__all__ = ["UNSERVABLE", "LayerRecord", "LayerRef", "Layout", "LayoutSource", "Placement", "UnitInfo", "plan_layout",
           "text_minimum"]
