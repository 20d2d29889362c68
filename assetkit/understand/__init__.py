"""Document -> Understood: the ONLY place that decides roles, units and focus.

`build`, `check`, `inspect` and `localize` all call `understand()` with the same inputs (the
document, the campaign's role rules and the brand), so what `inspect` shows is what `build`
lays out and what `check` checks."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import BrandRules, Finding
from ..scene import Layer, RoleChoice, Scene, Understood, Unit
from .atoms import reads_as_text
from .focus import focus_marker
from .logo import logo_matcher
from .look import DocumentLook
from .roles import tags
from .units import NOT_UNITS, tagged_units, untagged_units

__all__ = ["Understood", "text_in_plate", "understand"]


def _guesses(scene, units: Sequence[Unit], choices) -> list[Finding]:
    """One roles.heuristic info finding per unit read by rules."""
    out = []
    for unit in units:
        names = [scene.by_id(i).path_str for i in unit.layers]
        why = choices[unit.layers[0]].why
        out.append(Finding("roles.heuristic", "info",
                           f"no layer is tagged; read {', '.join(repr(n) for n in names)} as "
                           f"unit {unit.id} ({unit.role}): {why}", source=scene.source,
                           layer=names[0]))
    return out


def _off_canvas(scene: Scene, choices: Mapping[int, RoleChoice]) -> list[Layer]:
    """The layers given a unit's role that lie wholly outside the canvas: Photoshop shows
    none of them (a designer's parked alternative), so no slot may."""
    canvas = scene.canvas
    return [la for la in (scene.by_id(i) for i, c in choices.items() if c.role not in NOT_UNITS)
            if la.bbox is not None and la.bbox.intersect(canvas) is None]


def _hidden(scene: Scene, choices: Mapping[int, RoleChoice],
            hidden: Mapping[int, RoleChoice]) -> list[Finding]:
    """roles.hidden: the hidden tagged layers whose role no visible layer carries (the role
    goes missing from every slot; a hidden alternative beside a shown one is the designer's
    choice)."""
    shown = {c.role for i, c in choices.items() if scene.by_id(i).visible}
    return [Finding("roles.hidden", "warning", f"tagged '{c.role}' but hidden in the document: "
                    "not placed", source=scene.source, layer=scene.by_id(i).path_str)
            for i, c in hidden.items()
            if c.role not in shown and c.role not in NOT_UNITS]


def understand(document, role_rules: Sequence[tuple[str, str]] = (),
               brand: BrandRules | None = None) -> Understood:
    """Roles and units (tags and campaign rules, else rules read from the layers) and focus of
    an opened document."""
    look = DocumentLook(document, logo_matcher(brand))
    scene = document.scene
    choices, hidden = tags(scene, role_rules)
    findings: list[Finding] = []
    if choices:
        off = _off_canvas(scene, choices)
        findings = [Finding("roles.off-canvas", "warning", f"tagged '{choices[la.id].role}' but "
                            "wholly outside the canvas (invisible in the document): not placed",
                            source=scene.source, layer=la.path_str) for la in off]
        gone = {la.id for la in off}
        choices = {i: c for i, c in choices.items() if i not in gone}
        scene = scene.with_roles(choices)
        units = tagged_units(scene, look)
    else:
        units, choices = untagged_units(scene, look, brand)
        scene = scene.with_roles(choices)
        findings = _guesses(scene, units, choices)
    findings += _hidden(scene, choices, hidden)
    markers = tuple(la.id for la in scene.with_role("focus"))
    return Understood(scene, choices, units, focus_marker(scene), markers, tuple(findings),
                      look.read_text())


def text_in_plate(understood: Understood, layers: Sequence[Layer], document) -> tuple[int, ...]:
    """The ids of `layers` (left in the background plate) that are text as pixels, read by the
    rule units are read with; a layer with a role, or in a group with one (the background),
    is what its role says."""
    look = DocumentLook(document, lambda image: False, understood.read_text, inks=False)
    scene = understood.scene
    return tuple(la.id for la in layers
                 if not any(g.role for g in (la, *scene.ancestors(la)))
                 and reads_as_text(la, scene, look))
