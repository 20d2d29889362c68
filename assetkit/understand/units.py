"""Design units: the layers that move together in a layout. Every visible layer belongs to
exactly one unit or to the background plate.

A tagged document (`@role` names or campaign rules) has one unit per tagged role, made of the
tagged layers, as the designer said. An untagged one is read by rules (understand/atoms.py
gathers layers that must move together; understand/hierarchy.py gives each gathering its role);
what is left in the plate is only the picture: photo, texture, tone bands, decoration without
text."""
from __future__ import annotations

from collections.abc import Sequence

from ..model import BrandRules
from ..scene import TEXT_ROLES, Layer, RoleChoice, Scene, Unit
from .atoms import Atom, Look, clip_base, gather, largest_text, text_size
from .hierarchy import Decided, decide

NOT_UNITS = ("bg", "focus")


def tagged_units(scene: Scene, look: Look) -> tuple[Unit, ...]:
    """One unit per placed role, in the order its first layer appears (bottom to top), with
    the untagged layers clipped to its layers (a tint or shading clipped to the product: in
    the plate, without their clipping base, they would be drawn whole)."""
    ids: dict[str, list[Layer]] = {}
    role_of: dict[int, str] = {}
    for layer in scene.layers:
        if layer.role and layer.role not in NOT_UNITS:
            ids.setdefault(layer.role, []).append(layer)
            role_of[layer.id] = layer.role
        elif layer.clipping and not layer.role and layer.visible:
            base = clip_base(layer, scene.layers)
            if base is not None and base.id in role_of:
                ids[role_of[base.id]].append(layer)
                role_of[layer.id] = role_of[base.id]
    return tuple(Unit(role, role, tuple(la.id for la in layers), "tag", 1.0,
                      *_text_px(scene, layers, look, role in TEXT_ROLES))
                 for role, layers in ids.items())


def _text_px(scene: Scene, layers: Sequence[Layer], look: Look, raster: bool
             ) -> tuple[float | None, float | None]:
    """The smallest and largest text size of tagged layers: their type layers', and in a text
    role (`raster`) the line height of pixel layers whose ink reads as text."""
    wanted = {la.id for la in layers}
    kinds = ("type", "pixel", "smartobject") if raster else ("type",)
    typed = [la for la in scene.layers if la.visible and la.kind in kinds
             and (la.id in wanted or _under(la, wanted, scene))]
    small = [s for s in (text_size(la, look) for la in typed) if s is not None]
    large = [s for s in (largest_text(la, look) for la in typed) if s is not None]
    return (min(small) if small else None), (max(large) if large else None)


def _under(layer: Layer, ids: set[int], scene: Scene) -> bool:
    return any(group.id in ids for group in scene.ancestors(layer))


def _numbered(decided: list[Decided]) -> list[tuple[str, Decided]]:
    """Ids: the role, then role-2, role-3 ... in reading order."""
    out: list[tuple[str, Decided]] = []
    seen: dict[str, int] = {}
    for d in sorted(decided, key=lambda d: (d.atom.box.y0, d.atom.box.x0)):
        seen[d.role] = seen.get(d.role, 0) + 1
        out.append((d.role if seen[d.role] == 1 else f"{d.role}-{seen[d.role]}", d))
    return out


def untagged_units(scene: Scene, look: Look, brand: BrandRules | None = None
                   ) -> tuple[tuple[Unit, ...], dict[int, RoleChoice]]:
    """Units read by rules, and the role choice of each of their layers."""
    atoms = gather(scene, look)
    decided, shadows = decide(atoms, scene, look, brand)
    decided = [d for d in decided if d.role != "bg"]
    extra: dict[int, list[Atom]] = {}
    for atom in atoms:
        if id(atom) in shadows:
            extra.setdefault(id(shadows[id(atom)]), []).append(atom)
    units: list[Unit] = []
    choices: dict[int, RoleChoice] = {}
    for unit_id, d in _numbered(decided):
        joined = extra.get(id(d.atom), [])
        layers = sorted([*d.atom.layers, *(la for a in joined for la in a.layers)],
                        key=lambda la: la.index)
        rules = [*d.atom.rules, *(["shadow of the product"] if joined else [])]
        why = "; ".join([d.why, *rules])
        large = [s for s in (largest_text(la, look) for la in layers) if s is not None]
        units.append(Unit(unit_id, d.role, tuple(la.id for la in layers), d.rule,
                          d.confidence, d.atom.text_px, max(large) if large else None))
        for la in layers:
            choices[la.id] = RoleChoice(d.role, "heuristic", why, d.confidence)
    units.sort(key=lambda u: min(scene.by_id(i).index for i in u.layers))
    return tuple(units), choices
