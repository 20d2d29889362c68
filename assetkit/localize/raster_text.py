"""Text that is only pixels: a source with no type layers whose layers show rows of glyphs
(measure/glyphs.py) is localized with nothing to translate; say so per layer."""
from __future__ import annotations

from ..measure.glyphs import holds_text
from ..model import Finding
from ..scene import Scene
from .ink import NO_PIXELS


def raster_text_findings(doc, scene: Scene, source: str) -> list[Finding]:
    """localize.raster-text (warning) for every visible layer whose pixels hold text, when the
    source has no type layer at all (`doc.layer_pixels` gives a layer's pixels)."""
    if any(la.text is not None for la in scene.layers):
        return []
    return [Finding("localize.raster-text", "warning",
                    f"layer '{la.path_str}' shows text in its pixels and the source has no type "
                    "layer: it stays untranslated (re-make it as a type layer to localize it)",
                    source=source, layer=la.path_str)
            for la in scene.layers
            if la.visible and la.kind not in NO_PIXELS and la.bbox is not None
            and _holds_text(doc.layer_pixels(la.id))]


def _holds_text(pixels) -> bool:
    return pixels is not None and holds_text(pixels.image)
