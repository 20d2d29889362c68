"""Our own uint8 compositor: layers' pixels and masks -> one RGBA image of a box.

Normal and multiply blending, opacity and fill opacity (times the enclosing groups' opacity),
layer masks and clipping masks. Layers psd-tools had to render (effects, shapes, fills, other
blend modes) arrive prerendered and are blended like pixel layers."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageFilter

from ..geometry import Box
from ..scene import Layer, Scene


@dataclass(frozen=True)
class Composite:
    """A composited set of layers: pixels at `box` (document px) and what was approximated."""

    image: Image.Image  # RGBA, size of box
    box: Box
    approximated: tuple[tuple[str, str], ...] = ()  # (layer path, what)


def leaves(scene: Scene, layers: Sequence[Layer]) -> list[Layer]:
    """Visible non-group layers of `layers` and their descendants, bottom to top."""
    chosen: dict[int, Layer] = {}
    wanted = {la.id for la in layers}

    def inside(layer: Layer) -> bool:
        node = layer
        while node is not None:
            if node.id in wanted:
                return True
            node = scene.by_id(node.parent) if node.parent is not None else None
        return False

    for layer in scene.layers:
        if layer.visible and layer.kind not in ("group", "artboard") and inside(layer):
            chosen[layer.id] = layer
    return sorted(chosen.values(), key=lambda la: la.index)


def union_box(layers: Sequence[Layer]) -> Box | None:
    boxes = [la.bbox for la in layers if la.bbox is not None]
    if not boxes:
        return None
    return Box(math.floor(min(b.x0 for b in boxes)), math.floor(min(b.y0 for b in boxes)),
               math.ceil(max(b.x1 for b in boxes)), math.ceil(max(b.y1 for b in boxes)))


def _group_opacity(scene: Scene, layer: Layer) -> float:
    opacity = 1.0
    parent = layer.parent
    while parent is not None:
        group = scene.by_id(parent)
        opacity *= group.opacity
        parent = group.parent
    return opacity


def _place(image: Image.Image, offset: tuple[int, int], box: Box, mode: str, fill: int
           ) -> Image.Image:
    canvas = Image.new(mode, (int(box.width), int(box.height)), fill)
    canvas.paste(image, (int(offset[0] - box.x0), int(offset[1] - box.y0)))
    return canvas


def _alpha(pixels, layer: Layer, scene: Scene, box: Box) -> Image.Image:
    alpha = _place(pixels.image.getchannel("A"), pixels.offset, box, "L", 0)
    if not pixels.prerendered:
        if pixels.mask is not None:
            mask = _place(pixels.mask, pixels.mask_offset, box, "L", pixels.mask_default)
            alpha = ImageChops.multiply(alpha, mask)
        factor = layer.opacity * layer.fill_opacity
    else:
        factor = 1.0
    factor *= _group_opacity(scene, layer)
    if factor < 0.999:
        alpha = alpha.point(lambda v: round(v * factor))
    return alpha


def _multiply(canvas: Image.Image, rgb: Image.Image, alpha: Image.Image) -> Image.Image:
    base = np.asarray(canvas, dtype=np.uint16)
    top = np.asarray(rgb, dtype=np.uint16)
    a = np.asarray(alpha, dtype=np.uint16)[..., None]
    ca = base[..., 3:4]
    # multiply where the backdrop exists, normal where it is transparent
    mixed = (base[..., :3] * top + 127) // 255
    src = (mixed * ca + top * (255 - ca) + 127) // 255
    out_rgb = (src * a + base[..., :3] * (255 - a) + 127) // 255
    out_a = a + (ca * (255 - a) + 127) // 255
    return Image.fromarray(np.concatenate([out_rgb, out_a], axis=2).astype(np.uint8), "RGBA")


def _draw_shadow(canvas: Image.Image, alpha: Image.Image, shadow) -> Image.Image:
    """Photoshop's drop shadow from the layer's alpha: spread, blur, offset, colour, opacity."""
    shape = alpha
    grow = round(shadow.blur * shadow.spread)
    if grow >= 1:
        shape = shape.filter(ImageFilter.MaxFilter(2 * grow + 1))
    soft = shadow.blur * (1 - shadow.spread)
    if soft >= 0.5:
        shape = shape.filter(ImageFilter.GaussianBlur(soft / 2))
    moved = Image.new("L", shape.size, 0)
    moved.paste(shape, (round(shadow.dx), round(shadow.dy)))
    moved = moved.point(lambda v: round(v * shadow.opacity))
    colour = Image.new("RGB", canvas.size, shadow.colour)
    if shadow.multiply:
        return _multiply(canvas, colour, moved)
    top = colour.copy()
    top.putalpha(moved)
    return Image.alpha_composite(canvas, top)


def composite(doc, scene: Scene, layers: Sequence[Layer], box: Box | None = None) -> Composite | None:
    """Blend the visible leaves of `layers` (bottom to top) into an RGBA image of `box`."""
    stack = leaves(scene, layers)
    box = box or union_box(stack)
    if box is None or box.width < 1 or box.height < 1:
        return None
    canvas = Image.new("RGBA", (int(box.width), int(box.height)), (0, 0, 0, 0))
    approximated: list[tuple[str, str]] = []
    base_alpha: Image.Image | None = None
    for layer in stack:
        pixels = doc.layer_pixels(layer.id)
        if pixels is None:
            continue
        approximated += [(layer.path_str, what) for what in pixels.approximated]
        alpha = _alpha(pixels, layer, scene, box)
        if layer.clipping and base_alpha is not None:
            alpha = ImageChops.multiply(alpha, base_alpha)
        elif not layer.clipping:
            base_alpha = alpha
        if pixels.shadow is not None:
            canvas = _draw_shadow(canvas, alpha, pixels.shadow)
        rgb = _place(pixels.image.convert("RGB"), pixels.offset, box, "RGB", 0)
        if layer.blend_mode == "multiply" and not pixels.prerendered:
            canvas = _multiply(canvas, rgb, alpha)
        else:
            top = rgb.copy()
            top.putalpha(alpha)
            canvas = Image.alpha_composite(canvas, top)
    return Composite(canvas, box, tuple(approximated))
