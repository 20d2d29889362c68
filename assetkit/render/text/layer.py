"""Build integration: a type layer re-set at any scale with its real fonts, or None plus a
fonts.fallback-raster finding when Photoshop's stored text pixels must be used instead."""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

from PIL import Image

from ...document.effects import DRAWN, LayerEffects
from ...document.pixels import LayerPixels
from ...fonts.index import FontFace, FontIndex
from ...geometry import Box
from ...model import Finding
from ...scene import Layer, Scene
from ..compositor import PixelCache, composite, leaves
from .engine import set_text


def cannot_reset(layer: Layer, effects: LayerEffects | None = None) -> str | None:
    """Why a type layer's text cannot be set again by the text engine (None: it can).
    `effects` are the layer's effects as assetkit draws them (None: not drawn by assetkit)."""
    info = layer.text
    if info is None or not info.runs:
        return "its type data cannot be read"
    if layer.has_mask or layer.has_vector_mask:
        return "masks are not re-drawn on re-set text"
    if layer.effects and effects is None:
        return f"its effects ({', '.join(layer.effects)}) are not re-drawn on re-set text"
    xx, xy, yx, yy = info.transform[:4]
    if abs(xy) > 1e-6 or abs(yx) > 1e-6 or xx <= 0 or yy <= 0:
        return "rotated or skewed type is not re-set"
    return None


def drawn_effects(doc, layer: Layer) -> LayerEffects | None:
    """The layer's effects when assetkit draws every one of them itself (else None)."""
    if not layer.effects or not set(layer.effects) <= DRAWN:
        return None
    pixels = doc.layer_pixels(layer.id)
    if pixels is None or pixels.prerendered or pixels.approximated:
        return None
    return pixels.effects


def _why_not(layer: Layer, index: FontIndex, aliases: Mapping[str, str],
             effects: LayerEffects | None) -> tuple[str | None, dict[str, FontFace]]:
    """Why the layer cannot be re-set (None: it can) and the faces of its fonts."""
    reason = cannot_reset(layer, effects)
    if reason is not None:
        return reason, {}
    faces: dict[str, FontFace] = {}
    for run in layer.text.runs:
        face = faces.get(run.font) or index.resolve(run.font, aliases)
        if face is None:
            return f"font '{run.font}' is not installed or indexed", {}
        missing = index.coverage(face, run.text)
        if missing:
            chars = " ".join(f"'{c}' U+{ord(c):04X}" for c in missing)
            return f"font '{run.font}' has no glyph for {chars}", {}
        faces[run.font] = face
    return None, faces


def render_type_layer(layer: Layer, index: FontIndex, aliases: Mapping[str, str] | None,
                      scale: float, source: str | None = None,
                      effects: LayerEffects | None = None
                      ) -> tuple[LayerPixels | None, list[Finding]]:
    """The layer's text re-set at `scale` x document size (offset in scaled document px), with
    its `effects` (as drawn by assetkit) scaled along, or None with a fonts.fallback-raster
    finding (an error when the raster must be upscaled)."""
    reason, faces = _why_not(layer, index, aliases or {}, effects)
    if reason is not None:
        return None, [fallback_finding(layer, reason, scale, source)]
    render = set_text(layer.text, faces.get, scale=scale)
    return LayerPixels(render.image, render.offset,
                       effects=effects.scaled(scale) if effects is not None else None), []


def fallback_finding(layer: Layer, reason: str, scale: float, source: str | None) -> Finding:
    upscaled = scale > 1.001
    tail = f"; they are upscaled x{scale:.2f}" if upscaled else ""
    return Finding("fonts.fallback-raster", "error" if upscaled else "warning",
                   f"layer '{layer.path_str}' keeps Photoshop's stored text pixels: {reason}"
                   f"{tail}", source=source, layer=layer.path_str)


class _ScaledDocument:
    """`doc` seen at `scale`: type layers re-set, every other layer's pixels resampled."""

    def __init__(self, doc, scale: float, retext: dict[int, LayerPixels]) -> None:
        self.doc, self.scale, self.retext = doc, scale, retext

    def layer_pixels(self, layer_id: int) -> LayerPixels | None:
        if layer_id in self.retext:
            return self.retext[layer_id]
        pixels = self.doc.layer_pixels(layer_id)
        if pixels is None:
            return None
        image, offset = _resample(pixels.image, pixels.offset, self.scale)
        mask, mask_offset = pixels.mask, pixels.mask_offset
        if mask is not None:
            mask, mask_offset = _resample(mask, mask_offset, self.scale)
        effects = pixels.effects.scaled(self.scale) if pixels.effects is not None else None
        return replace(pixels, image=image, offset=offset, mask=mask, mask_offset=mask_offset,
                       effects=effects)


def _resample(image: Image.Image, offset: tuple[int, int], scale: float
              ) -> tuple[Image.Image, tuple[int, int]]:
    x0, y0 = offset[0] * scale, offset[1] * scale
    ox, oy = math.floor(x0), math.floor(y0)
    w = max(1, math.ceil(x0 + image.width * scale) - ox)
    h = max(1, math.ceil(y0 + image.height * scale) - oy)
    left, top = -(x0 - ox) / scale, -(y0 - oy) / scale  # the output grid in source pixels
    box = (left, top, left + w / scale, top + h / scale)
    return image.resize((w, h), Image.Resampling.LANCZOS, box=box), (ox, oy)


class TextUnits:
    """The recompose hook: a role unit composited straight at a slot's size with its type layers
    re-set by the text engine (crisp at any scale); None keeps the resampled composite.

    Each call also returns the fonts.fallback-raster findings of the layers it drew that kept
    their raster (no state is kept between calls but the pixel cache)."""

    def __init__(self, doc, scene: Scene, index: FontIndex,
                 aliases: Mapping[str, str] | None = None, source: str | None = None) -> None:
        # called for every slot: each layer's pixels (and effects) are read once per source
        self.doc, self.scene, self.index = PixelCache(doc), scene, index
        self.aliases, self.source = aliases or {}, source

    def __call__(self, role: str, box: Box, size: tuple[int, int]
                 ) -> tuple[Image.Image | None, tuple[Finding, ...]]:
        stack = leaves(self.scene, [la for la in self.scene.layers if la.role == role])
        typed = [la for la in stack if la.kind == "type"]
        scale = size[0] / box.width
        if not typed or abs(scale - 1) < 1e-3:
            return None, ()
        retext, notes = {}, []
        for layer in typed:
            pixels, findings = render_type_layer(layer, self.index, self.aliases, scale,
                                                 self.source, drawn_effects(self.doc, layer))
            notes += findings
            if pixels is not None:
                retext[layer.id] = pixels
        notes = tuple(dict.fromkeys(notes))
        if not retext:
            return None, notes
        target = Box(box.x0 * scale, box.y0 * scale, box.x0 * scale + size[0],
                     box.y0 * scale + size[1])
        target = Box(round(target.x0), round(target.y0), round(target.x0) + size[0],
                     round(target.y0) + size[1])
        part = composite(_ScaledDocument(self.doc, scale, retext), self.scene, stack, target)
        return (part.image if part is not None else None), notes
