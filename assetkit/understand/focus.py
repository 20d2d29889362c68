"""Focus: the point a background crop keeps in view. A `@focus` marker layer decides it;
without one, the centre of the background plate's edge energy (measure.saliency) does."""
from __future__ import annotations

from PIL import Image

from ..measure.saliency import saliency_centre
from ..scene import Scene, Understood


def focus_marker(scene: Scene) -> tuple[float, float] | None:
    """The centre of the first @focus layer, as fractions of the canvas, or None."""
    b = next((la.bbox for la in scene.layers if la.role == "focus" and la.bbox), None)
    if b is None:
        return None
    return ((b.x0 + b.x1) / 2 / scene.width, (b.y0 + b.y1) / 2 / scene.height)


def focus_point(understood: Understood, plate: Image.Image | None) -> tuple[float, float]:
    """The marker's point, else the plate's saliency centre, else the canvas centre."""
    if understood.focus is not None:
        return understood.focus
    return (0.5, 0.5) if plate is None else saliency_centre(plate)
