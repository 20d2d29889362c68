"""Units: the layers that move together in a layout. Today one unit per role (every layer
carrying it, bottom to top); the background and the focus marker are not units."""
from __future__ import annotations

from ..scene import Scene, Unit

NOT_UNITS = ("bg", "focus")


def design_units(scene: Scene) -> tuple[Unit, ...]:
    """One unit per placed role, in the order its first layer appears (bottom to top)."""
    ids: dict[str, list[int]] = {}
    for layer in scene.layers:
        if layer.role and layer.role not in NOT_UNITS:
            ids.setdefault(layer.role, []).append(layer.id)
    return tuple(Unit(role, tuple(layers)) for role, layers in ids.items())
