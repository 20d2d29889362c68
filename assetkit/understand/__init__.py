"""Document -> Understood: the ONLY place that decides roles, units and focus.

`build`, `check`, `inspect` and `localize` all call `understand()` with the same inputs (the
document, the campaign's role rules and the brand), so what `inspect` shows is what `build`
lays out and what `check` checks."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import BrandRules
from ..scene import Layer, Understood
from .focus import focus_marker
from .logo import logo_matcher
from .roles import decide_roles
from .units import design_units

__all__ = ["Understood", "understand"]


def understand(document, role_rules: Sequence[tuple[str, str]] = (),
               brand: BrandRules | None = None) -> Understood:
    """Roles (tags, campaign rules, then heuristics), units and focus of an opened document."""
    has_alpha: Callable[[Layer], bool] = lambda layer: document.has_alpha(layer.id)  # noqa: E731
    choices, findings = decide_roles(document.scene, rules=role_rules, has_alpha=has_alpha,
                                     is_logo=logo_matcher(document, brand))
    scene = document.scene.with_roles(choices)
    markers = tuple(la.id for la in scene.with_role("focus"))
    return Understood(scene, choices, design_units(scene), focus_marker(scene), markers,
                      tuple(findings))
