"""Our own uint8 compositor: layers' pixels and masks -> one RGBA image of a box.

Normal and multiply blending, opacity and fill opacity (times the enclosing groups' opacity),
layer masks and clipping masks; colour and gradient overlays, strokes and drop shadows are drawn
here (render.effects). Vector and fill layers arrive as psd-tools' render of their content;
layers with other effects or blend modes arrive as psd-tools' render of the whole layer."""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops

from ..document.pixels import LayerPixels
from ..geometry import Box
from ..scene import Layer, Scene
from . import effects


@dataclass(frozen=True)
class Composite:
    """A composited set of layers: pixels at `box` (document px) and what was approximated."""

    image: Image.Image  # RGBA, size of box
    box: Box
    approximated: tuple[tuple[str, str], ...] = ()  # (layer path, what)
    opaque: bool = False  # known to have no transparent pixel (False: not known)


class PixelCache:
    """`doc` with each layer's pixels read once (a caller compositing the same layers again and
    again, in bands or for every slot, would read and decode them each time); `read` reads
    one (default `doc.layer_pixels`). Anything else is the document's own."""

    def __init__(self, doc, read: Callable[[int], LayerPixels | None] | None = None) -> None:
        self.doc = doc
        self._read = read or doc.layer_pixels
        self._kept: dict[int, LayerPixels | None] = {}

    def layer_pixels(self, layer_id: int) -> LayerPixels | None:
        if layer_id not in self._kept:
            self._kept[layer_id] = self._read(layer_id)
        return self._kept[layer_id]

    def pixels_to_own(self, layer_id: int) -> tuple[LayerPixels | None, bool]:
        """A layer's pixels for a caller that may draw into them: as kept (False: shared, to
        be copied first), else read now and not kept (True: nothing else holds them)."""
        if layer_id in self._kept:
            return self._kept[layer_id], False
        return self._read(layer_id), True

    def __getattr__(self, name: str):
        return getattr(self.doc, name)


def leaves(scene: Scene, layers: Sequence[Layer]) -> list[Layer]:
    """Visible non-group layers of `layers` and their descendants, bottom to top."""
    chosen: dict[int, Layer] = {}
    wanted = {la.id for la in layers}

    def inside(layer: Layer) -> bool:
        return layer.id in wanted or any(g.id in wanted for g in scene.ancestors(layer))

    for layer in scene.layers:
        if layer.visible and layer.kind not in ("group", "artboard") and inside(layer):
            chosen[layer.id] = layer
    return sorted(chosen.values(), key=lambda la: la.index)


def union_box(layers: Sequence[Layer]) -> Box | None:
    """The box the layers (bottom to top) and what their effects paint beyond them cover; a
    clipped layer paints only inside its clipping base (the last unclipped layer below it)."""
    boxes: list[Box] = []
    base: Box | None = None
    for la in layers:
        box = la.painted_box
        if la.clipping and base is not None:
            box = None if box is None else box.intersect(base)
        elif not la.clipping:
            base = box
        if box is not None:
            boxes.append(box)
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


def _shape(pixels, layer: Layer, box: Box) -> Image.Image:
    """The layer's coverage: pixel alpha x mask (for a prerendered layer, its alpha with the
    opacity and fill psd-tools applied taken back out when we draw its effects)."""
    alpha = _place(pixels.image.getchannel("A"), pixels.offset, box, "L", 0)
    if not pixels.prerendered and pixels.mask is not None:
        mask = _place(pixels.mask, pixels.mask_offset, box, "L", pixels.mask_default)
        alpha = ImageChops.multiply(alpha, mask)
    elif pixels.prerendered and pixels.effects is not None and pixels.effects.paints_inside:
        applied = layer.opacity * layer.fill_opacity
        if applied < 0.999:
            alpha = alpha.point(lambda v: min(255, round(v / applied)))
    return alpha


def _alpha(pixels, layer: Layer, scene: Scene, box: Box) -> Image.Image:
    alpha = _shape(pixels, layer, box)
    factor = layer.opacity * layer.fill_opacity if not pixels.prerendered else 1.0
    factor *= _group_opacity(scene, layer)
    if factor < 0.999:
        alpha = alpha.point(lambda v: round(v * factor))
    return alpha


def _multiply(canvas: Image.Image, rgb: Image.Image, alpha: Image.Image,
              screen: bool = False) -> Image.Image:
    """`rgb` at `alpha` multiplied onto `canvas` (screened with `screen`)."""
    base = np.asarray(canvas, dtype=np.uint16)
    top = np.asarray(rgb, dtype=np.uint16)
    a = np.asarray(alpha, dtype=np.uint16)[..., None]
    ca = base[..., 3:4]
    # multiply (screen) where the backdrop exists, normal where it is transparent
    mixed = (base[..., :3] * top + 127) // 255
    if screen:
        mixed = base[..., :3] + top - mixed
    src = (mixed * ca + top * (255 - ca) + 127) // 255
    out_rgb = (src * a + base[..., :3] * (255 - a) + 127) // 255
    out_a = a + (ca * (255 - a) + 127) // 255
    if (ca < 255).any():  # over a backdrop not fully opaque: straight alpha, weighted by both
        a32, ca32 = a.astype(np.uint32), ca.astype(np.uint32)
        under = ca32 * (255 - a32)  # the backdrop's weight; the source's is a * 255
        total = np.maximum(a32 * 255 + under, 1)
        over = (src * a32 * 255 + base[..., :3] * under + total // 2) // total
        out_rgb = np.where(ca < 255, over, out_rgb)
    return Image.fromarray(np.concatenate([out_rgb, out_a], axis=2).astype(np.uint8), "RGBA")


def _draw_shadow(canvas: Image.Image, alpha: Image.Image, shadow) -> Image.Image:
    """Photoshop's drop shadow from the layer's alpha: spread, blur, offset, colour, opacity."""
    moved = effects.shadow_layer(alpha, shadow)
    return _paint(canvas, shadow.colour, moved, "multiply" if shadow.multiply else "normal")


def _paint(canvas: Image.Image, colour, coverage: Image.Image, mode: str) -> Image.Image:
    """One colour at `coverage` onto `canvas`, blended normal, multiply or screen."""
    rgb = Image.new("RGB", canvas.size, colour)
    if mode != "normal":
        return _multiply(canvas, rgb, coverage, screen=mode == "screen")
    rgb.putalpha(coverage)
    return Image.alpha_composite(canvas, rgb)


def _under(canvas: Image.Image, alpha: Image.Image, fx) -> Image.Image:
    """What the layer's effects draw under it, bottom first: the drop shadow, the outer glow."""
    if fx.shadow is not None:
        canvas = _draw_shadow(canvas, alpha, fx.shadow)
    if fx.glow is not None:
        canvas = _paint(canvas, fx.glow.colour, effects.glow_layer(alpha, fx.glow), fx.glow.blend)
    return canvas


Region = tuple[int, int, int, int]  # box px: x0, y0, x1, y1


def _region(pixels, box: Box, reach: int) -> Region:
    """Where (box px) a layer paints: its pixels grown by `reach` (its effects' reach + 2 when
    it has effects; outside its pixels a plain layer's alpha is 0)."""
    x0 = max(0, int(pixels.offset[0] - box.x0) - reach)
    y0 = max(0, int(pixels.offset[1] - box.y0) - reach)
    x1 = min(int(box.width), int(pixels.offset[0] - box.x0) + pixels.image.width + reach)
    y1 = min(int(box.height), int(pixels.offset[1] - box.y0) + pixels.image.height + reach)
    return x0, y0, max(x0, x1), max(y0, y1)


def _open_sides(pixels, box: Box, region: Region) -> effects.Sides:
    """Where the region stops at the box's edge while the layer's pixels go on past it
    (left, top, right, bottom): a layer cut by the canvas, not ending there."""
    x0, y0 = pixels.offset[0] - box.x0, pixels.offset[1] - box.y0
    x1, y1 = x0 + pixels.image.width, y0 + pixels.image.height
    if pixels.mask is not None and pixels.mask_default == 0:  # nothing shows past the mask
        mx0, my0 = pixels.mask_offset[0] - box.x0, pixels.mask_offset[1] - box.y0
        x0, y0 = max(x0, mx0), max(y0, my0)
        x1, y1 = min(x1, mx0 + pixels.mask.width), min(y1, my0 + pixels.mask.height)
    return (region[0] == 0 and x0 < 0, region[1] == 0 and y0 < 0,
            region[2] == int(box.width) and x1 > box.width,
            region[3] == int(box.height) and y1 > box.height)


BAND_ROWS = 256  # effects are drawn in bands of rows: float arrays stay small on big canvases


def _effect_pixels(rgb: Image.Image, shape: Image.Image, layer: Layer, fx, factor: float,
                   origin: tuple[float, float], open_sides: effects.Sides = effects.CLOSED
                   ) -> Image.Image:
    """The layer drawn with its overlays and strokes, band by band (strokes and the inner
    shadow see `pad` rows of context either side), at `factor` x its full opacity;
    `open_sides`: where the layer goes on past the region (effects.draw)."""
    pad = fx.context + 1
    out = Image.new("RGBA", rgb.size, (0, 0, 0, 0))
    colour_all = np.asarray(rgb, dtype=np.uint8)
    cover_all = np.asarray(shape, dtype=np.uint8)
    left, top, right, bottom = open_sides
    for y in range(0, rgb.height, BAND_ROWS):
        y0, y1 = max(0, y - pad), min(rgb.height, y + BAND_ROWS + pad)
        sides = (left, top and y0 == 0, right, bottom and y1 == rgb.height)
        premult, alpha = effects.draw(colour_all[y0:y1].astype(np.float32),
                                      cover_all[y0:y1].astype(np.float32) / 255, fx,
                                      layer.fill_opacity, (origin[0], origin[1] + y0), sides)
        keep = slice(y - y0, y - y0 + min(BAND_ROWS, rgb.height - y))
        out.paste(effects.to_image(premult[keep] * factor, alpha[keep] * factor), (0, y))
    return out


def _with_effects(canvas: Image.Image, pixels, layer: Layer, scene: Scene, box: Box,
                  shape: Image.Image) -> Image.Image:
    """Draw the layer with its overlays, strokes and shadow into its region of `canvas`."""
    region = _region(pixels, box, pixels.effects.reach + 2)
    if region[2] <= region[0] or region[3] <= region[1]:
        return canvas
    rgb = _place(pixels.image.convert("RGB"), pixels.offset, box, "RGB", 0).crop(region)
    top = _effect_pixels(rgb, shape.crop(region), layer, pixels.effects,
                         layer.opacity * _group_opacity(scene, layer),
                         (box.x0 + region[0], box.y0 + region[1]), _open_sides(pixels, box, region))
    part = _under(canvas.crop(region), top.getchannel("A"), pixels.effects)
    if layer.blend_mode == "multiply":
        part = _multiply(part, top.convert("RGB"), top.getchannel("A"))
    else:
        part = Image.alpha_composite(part, top)
    canvas.paste(part, region[:2])
    return canvas


Alpha = Image.Image | None  # the clipping base: the last unclipped layer's alpha
# The clipping base as kept between layers: an alpha image over a region of the box (0 outside).
Base = tuple[Image.Image, Region] | None


def _base_at(base: Base, region: Region) -> Alpha:
    """The clipping base over `region` (None: no unclipped layer yet)."""
    if base is None:
        return None
    image, at = base
    if at == region:
        return image
    out = Image.new("L", (region[2] - region[0], region[3] - region[1]), 0)
    out.paste(image, (at[0] - region[0], at[1] - region[1]))
    return out


def _clipped(alpha: Image.Image, layer: Layer, base: Alpha) -> Image.Image:
    return ImageChops.multiply(alpha, base) if layer.clipping and base is not None else alpha


def _effect_layer(canvas: Image.Image, pixels, layer: Layer, scene: Scene, box: Box,
                  base: Alpha) -> tuple[Image.Image, Image.Image]:
    """A layer with overlays or strokes: drawn by render.effects from its coverage; and its
    alpha as a clipping base."""
    shape = _clipped(_shape(pixels, layer, box), layer, base)
    factor = layer.opacity * layer.fill_opacity * _group_opacity(scene, layer)
    alpha = shape if layer.clipping else shape.point(lambda v: round(v * factor))
    return _with_effects(canvas, pixels, layer, scene, box, shape), alpha


def _as_is(pixels, layer: Layer, scene: Scene) -> bool:
    """Whether the layer is drawn with its own pixels and alpha: normal blend, no mask,
    effect, clipping or fading."""
    factor = 1.0 if pixels.prerendered else layer.opacity * layer.fill_opacity
    return not (pixels.effects is not None or layer.clipping
                or factor * _group_opacity(scene, layer) < 0.999
                or (layer.blend_mode == "multiply" and not pixels.prerendered)
                or (not pixels.prerendered and pixels.mask is not None))


def _fills(pixels, box: Box) -> bool:
    """Whether the layer's RGBA pixels are exactly the box."""
    return (pixels.image.mode == "RGBA" and pixels.image.size == (int(box.width), int(box.height))
            and (int(pixels.offset[0] - box.x0), int(pixels.offset[1] - box.y0)) == (0, 0))


def _plain_layer(canvas: Image.Image, pixels, layer: Layer, scene: Scene, box: Box,
                 base: Alpha) -> tuple[Image.Image, Image.Image]:
    """A layer blended from its pixels (with its drop shadow, if any); and its alpha."""
    if _as_is(pixels, layer, scene) and _fills(pixels, box):
        # its own pixels are the top image that placing its colour and alpha would make
        return Image.alpha_composite(canvas, pixels.image), pixels.image.getchannel("A")
    alpha = _clipped(_alpha(pixels, layer, scene, box), layer, base)
    if pixels.effects is not None:
        canvas = _under(canvas, alpha, pixels.effects)
    top = _place(pixels.image.convert("RGB"), pixels.offset, box, "RGB", 0)
    if layer.blend_mode == "multiply" and not pixels.prerendered:
        return _multiply(canvas, top, alpha), alpha
    top.putalpha(alpha)
    return Image.alpha_composite(canvas, top), alpha


def _draw(canvas: Image.Image, pixels, layer: Layer, scene: Scene, box: Box, base: Base
          ) -> tuple[Image.Image, Base]:
    """One layer onto `canvas`, drawn only where it paints: a layer without a drop shadow or
    effects inside it changes no pixel outside its own (Pillow's alpha_composite and our
    multiply leave the backdrop as it is where the top alpha is 0), so the work is its own
    size, not the box's. Returns the canvas and the clipping base for the next layer."""
    full: Region = (0, 0, canvas.width, canvas.height)
    fx = pixels.effects
    if fx is not None and fx.paints_inside:
        canvas, alpha = _effect_layer(canvas, pixels, layer, scene, box, _base_at(base, full))
        return canvas, base if layer.clipping else (alpha, full)
    region = full if fx is not None and fx.paints_under else _region(pixels, box, 0)
    if region[2] <= region[0] or region[3] <= region[1]:  # nothing inside the box
        return canvas, base if layer.clipping else (Image.new("L", (0, 0)), region)
    if region == full:
        canvas, alpha = _plain_layer(canvas, pixels, layer, scene, box, _base_at(base, full))
    else:
        inner = Box(box.x0 + region[0], box.y0 + region[1], box.x0 + region[2],
                    box.y0 + region[3])
        part, alpha = _plain_layer(canvas.crop(region), pixels, layer, scene, inner,
                                   _base_at(base, region))
        canvas.paste(part, region[:2])
    return canvas, base if layer.clipping else (alpha, region)


def _onto_bare(pixels, layer: Layer, scene: Scene, box: Box, owned: bool = False
               ) -> tuple[Image.Image, Image.Image, bool] | None:
    """The first layer over the still transparent canvas, when it is drawn plainly (normal
    blend, its own alpha: no mask, effect, clipping or fading): that is its own pixels placed
    in the box, a pixel of alpha 0 as (0, 0, 0, 0): Pillow's alpha_composite over
    (0, 0, 0, 0) gives every other pixel back exactly (all 256 x 255 values checked). One
    copy or paste instead of the canvases, conversions and blend of `_plain_layer` (no copy
    of pixels the caller `owned`); with the canvas, its alpha (the clipping base) and whether
    it covers the box with alpha 255 (every blend onto it keeps it so). None: the layer takes
    the general way."""
    if not _as_is(pixels, layer, scene):
        return None
    image, alpha = pixels.image, pixels.image.getchannel("A")
    lowest = alpha.getextrema()[0]
    if lowest > 0 and _fills(pixels, box):
        return (image if owned else image.copy()), alpha, lowest == 255
    at = (int(pixels.offset[0] - box.x0), int(pixels.offset[1] - box.y0))
    canvas = Image.new("RGBA", (int(box.width), int(box.height)), (0, 0, 0, 0))
    # a "1" mask copies the pixels it covers as they are and leaves the others (0, 0, 0, 0)
    canvas.paste(image, at, None if lowest > 0 else alpha.point(_ANY, "1"))
    return canvas, _place(alpha, pixels.offset, box, "L", 0), False


_ANY = [0] + [255] * 255  # alpha > 0


def composite(doc, scene: Scene, layers: Sequence[Layer], box: Box | None = None,
              own_first: bool = False) -> Composite | None:
    """Blend the visible leaves of `layers` (bottom to top) into an RGBA image of `box`.
    `own_first`: the bottom layer's pixels, when `doc` (a PixelCache) has not kept them, are
    read for this composite alone and become its canvas (no copy; nothing else reads them)."""
    stack = leaves(scene, layers)
    box = box or union_box(stack)
    if box is None or box.width < 1 or box.height < 1:
        return None
    canvas: Image.Image | None = None  # None: still all (0, 0, 0, 0)
    approximated: list[tuple[str, str]] = []
    base: Base = None
    solid = False  # the canvas has alpha 255 everywhere (then every blend keeps it so)
    for layer in stack:
        owned = False
        if canvas is None and own_first and isinstance(doc, PixelCache):
            pixels, owned = doc.pixels_to_own(layer.id)
        else:
            pixels = doc.layer_pixels(layer.id)
        if pixels is None:
            continue
        approximated += [(layer.path_str, what) for what in (*pixels.approximated,
                                                             *pixels.faded)]
        if canvas is None:
            bare = _onto_bare(pixels, layer, scene, box, owned)
            if bare is not None:
                canvas, base = bare[0], (bare[1], (0, 0, bare[0].width, bare[0].height))
                solid = bare[2]
                continue
            canvas = Image.new("RGBA", (int(box.width), int(box.height)), (0, 0, 0, 0))
        canvas, base = _draw(canvas, pixels, layer, scene, box, base)
    if canvas is None:
        canvas = Image.new("RGBA", (int(box.width), int(box.height)), (0, 0, 0, 0))
    return Composite(canvas, box, tuple(approximated), solid)
