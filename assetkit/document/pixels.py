"""Per-layer pixels for our compositor: raw pixels + mask where we can blend them ourselves,
otherwise psd-tools' own render of that one layer (flagged as such)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

ToRGB = Callable[[Image.Image, Image.Image | None], Image.Image]

# Effects psd-tools draws when rendering a layer; anything else is approximated (dropped).
PSD_TOOLS_DRAWS = {"ColorOverlay", "GradientOverlay", "PatternOverlay", "Stroke"}
OWN_BLENDS = {"normal", "multiply", "pass_through"}
RAW_KINDS = {"pixel", "type", "smartobject"}


@dataclass(frozen=True)
class LayerPixels:
    """A layer's pixels at `offset` (document px). With `prerendered`, mask, opacity and the
    effects psd-tools can draw are already applied; otherwise the compositor applies them."""

    image: Image.Image  # RGBA
    offset: tuple[int, int]
    mask: Image.Image | None = None  # L
    mask_offset: tuple[int, int] = (0, 0)
    mask_default: int = 255
    prerendered: bool = False
    approximated: tuple[str, ...] = ()


def _approximations(layer, effects: tuple[str, ...], blend: str) -> tuple[str, ...]:
    notes = [e for e in effects if e not in PSD_TOOLS_DRAWS]
    if blend not in OWN_BLENDS:
        notes.append(f"blend mode {blend}")
    return tuple(notes)


def _mask(layer) -> tuple[Image.Image | None, tuple[int, int], int]:
    if not layer.has_mask() or getattr(layer.mask, "disabled", False):
        return None, (0, 0), 255
    image = layer.mask.topil()
    if image is None:
        return None, (0, 0), 255
    x0, y0, _, _ = layer.mask.bbox
    return image.convert("L"), (x0, y0), int(layer.mask.background_color)


def _rgba(image: Image.Image, layer, to_rgb: ToRGB | None) -> Image.Image:
    if image.mode == "CMYK" and to_rgb is not None:  # no embedded profile: the assumed one
        alpha = layer.topil(channel=-1) if layer.has_pixels() else None
        return to_rgb(image, alpha).convert("RGBA")
    return image.convert("RGBA")


def read_pixels(layer, effects: tuple[str, ...], blend: str, kind: str,
                to_rgb: ToRGB | None = None) -> LayerPixels | None:
    """The pixels of one psd_tools layer; None when it has nothing to draw."""
    own = (kind in RAW_KINDS and not effects and blend in OWN_BLENDS
           and not layer.has_vector_mask())
    if own:
        raw = layer.topil()
        if raw is not None and raw.width and raw.height:
            mask, mask_offset, default = _mask(layer)
            return LayerPixels(_rgba(raw, layer, to_rgb), (layer.left, layer.top), mask,
                               mask_offset, default)
    rendered = layer.composite()
    if rendered is None or not rendered.width or not rendered.height:
        return None
    x0, y0, _, _ = layer.bbox
    return LayerPixels(_rgba(rendered, layer, to_rgb), (x0, y0), prerendered=True,
                       approximated=_approximations(layer, effects, blend))
