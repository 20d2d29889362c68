"""Per-layer pixels for our compositor: raw pixels + mask where we can blend them ourselves,
otherwise psd-tools' own render of that one layer (flagged as such)."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

ToRGB = Callable[[Image.Image, Image.Image | None], Image.Image]

# Effects psd-tools draws when rendering a layer, and the drop shadow assetkit draws itself;
# anything else is approximated (dropped) with a finding.
PSD_TOOLS_DRAWS = {"ColorOverlay", "GradientOverlay", "PatternOverlay", "Stroke"}
OWN_EFFECTS = {"DropShadow"}
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
    shadow: Shadow | None = None


@dataclass(frozen=True)
class Shadow:
    """A drop shadow to draw under the layer: offset and blur in px, spread 0..1."""

    colour: tuple[int, int, int]
    opacity: float
    dx: float
    dy: float
    blur: float
    spread: float
    multiply: bool


def _global_angle(layer) -> float | None:
    try:
        from psd_tools.constants import Resource

        value = layer._psd.image_resources.get_data(Resource.GLOBAL_ANGLE)
        return float(value) if value is not None else None
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def read_shadow(layer) -> Shadow | None:
    """The layer's enabled drop shadow (Photoshop's angle: where the light comes from)."""
    try:
        effect = next((e for e in layer.effects if type(e).__name__ == "DropShadow"
                       and getattr(e, "enabled", True)), None)
        if effect is None:
            return None
        angle = float(effect.angle)
        global_angle = _global_angle(layer) if effect.use_global_light else None
        angle = global_angle if global_angle is not None else angle
        colour = effect.color
        rgb = tuple(round(float(colour.get(k, 0))) for k in (b"Rd  ", b"Grn ", b"Bl  "))
        distance = float(effect.distance)
        return Shadow(rgb, float(effect.opacity) / 100,
                      -math.cos(math.radians(angle)) * distance,
                      math.sin(math.radians(angle)) * distance, float(effect.size),
                      float(effect.choke) / 100, "MULTIPLY" in str(effect.blend_mode))
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _approximations(layer, effects: tuple[str, ...], blend: str) -> tuple[str, ...]:
    notes = [e for e in effects if e not in PSD_TOOLS_DRAWS | OWN_EFFECTS]
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
                       approximated=_approximations(layer, effects, blend),
                       shadow=read_shadow(layer) if "DropShadow" in effects else None)
