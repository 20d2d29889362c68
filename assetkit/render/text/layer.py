"""Build integration: a type layer re-set at a slot's scale with the faces fonts/ resolves, or
Photoshop's stored text pixels, never enlarged more than RASTER_LIMIT (fonts.fallback-raster,
fonts.raster-limited)."""
from __future__ import annotations

import contextlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from PIL import Image

from ...document.effects import DRAWN, LayerEffects
from ...document.pixels import LayerPixels
from ...fonts.faces import FontFace
from ...fonts.resolve import FontResolver
from ...geometry import Box
from ...model import Finding
from ...scene import Layer, Scene, TextInfo, Unit
from ..compositor import PixelCache, composite, leaves
from ..recompose import UnitPixels
from .engine import PAD, TextRender, set_text
from .metrics import face_metrics

RASTER_LIMIT = 1.25  # stored text pixels are never enlarged more than this
# re-set glyphs reach past the ink box Photoshop measured (by 1-2 px at small sizes: a clipped
# G): a unit is composited this far past its box, a share of its short side, at least 2 px
BLEED_SHARE, BLEED_MIN = 0.05, 2
# Roles whose pixel layers are taken for rasterized text (a cta or badge is mostly a graphic)
RASTER_TEXT_ROLES = ("headline", "sub", "legal", "price")


def bleed(size: tuple[int, int]) -> int:
    """How far past its box a unit of `size` is composited when its text is re-set."""
    return max(BLEED_MIN, math.ceil(BLEED_SHARE * min(size)))


def resettable(layer: Layer, effects: LayerEffects | None = None) -> TextInfo | str:
    """A type layer's text when the text engine can set it again, else why it cannot.
    `effects` are the layer's effects as assetkit draws them (None: not drawn by assetkit)."""
    info = layer.text
    if info is None or not info.runs:
        return "its type data cannot be read"
    if info.warp is not None:
        return f"warped type ({info.warp}) is not re-set"
    if layer.has_mask or layer.has_vector_mask:
        return "masks are not re-drawn on re-set text"
    if layer.effects and effects is None:
        return f"its effects ({', '.join(layer.effects)}) are not re-drawn on re-set text"
    xx, xy, yx, yy = info.transform[:4]
    if abs(xy) > 1e-6 or abs(yx) > 1e-6 or xx <= 0 or yy <= 0:
        return "rotated or skewed type is not re-set"
    return info


def cannot_reset(layer: Layer, effects: LayerEffects | None = None) -> str | None:
    """Why a type layer's text cannot be set again by the text engine (None: it can)."""
    why = resettable(layer, effects)
    return why if isinstance(why, str) else None


def drawn_effects(doc, layer: Layer) -> LayerEffects | None:
    """The layer's effects when assetkit draws every one of them itself (else None)."""
    if not layer.effects or not set(layer.effects) <= DRAWN:
        return None
    pixels = doc.layer_pixels(layer.id)
    if pixels is None or pixels.prerendered or pixels.approximated:
        return None
    return pixels.effects


@dataclass(frozen=True)
class ResetText:
    """A type layer set again by the text engine: its pixels and the faces that drew them."""

    pixels: LayerPixels
    faces: tuple[FontFace, ...]


def _why_not(layer: Layer, fonts: FontResolver, effects: LayerEffects | None
             ) -> str | tuple[TextInfo, bool]:
    """Why the layer cannot be re-set; or its text, and whether stand-in faces (a table
    substitute or a per-script fallback) would set it."""
    info = resettable(layer, effects)
    if isinstance(info, str):
        return info
    stand_in = False
    for run in info.runs:
        uses = fonts.text_faces(run.font, run.text)
        if uses.resolved.face is None:
            return f"font '{run.font}' is not installed, bundled or in the substitution table"
        if uses.missing:
            chars = " ".join(f"'{c}' U+{ord(c):04X}" for c in uses.missing)
            return f"no face for font '{run.font}' has a glyph for {chars}"
        stand_in |= uses.resolved.substituted or len(uses.used) > 1
    return info, stand_in


def render_type_layer(layer: Layer, fonts: FontResolver, scale: float,
                      source: str | None = None, effects: LayerEffects | None = None
                      ) -> tuple[ResetText | None, list[Finding]]:
    """The layer's text re-set at `scale` x document size (offset in scaled document px), with
    its `effects` (as drawn by assetkit) scaled along; or None: Photoshop's stored pixels, with
    a fonts.fallback-raster warning when the text cannot be re-set. Stand-in faces re-set the
    text only where the stored pixels would be enlarged more than RASTER_LIMIT: up to that,
    the designer's own pixels are truer than another face."""
    why = _why_not(layer, fonts, effects)
    if isinstance(why, str):
        return None, [fallback_finding(layer, why, scale, source)]
    info, stand_in = why
    if stand_in and scale <= RASTER_LIMIT:
        return None, []
    render = set_text(info, fonts, scale=scale)
    if stand_in:
        render = _within_bounds(layer, info, fonts, scale, render)
    pixels = LayerPixels(render.image, render.offset,
                         effects=effects.scaled(scale) if effects is not None else None)
    return ResetText(pixels, render.faces), []


def _within_bounds(layer: Layer, info: TextInfo, fonts: FontResolver, scale: float,
                   render: TextRender) -> TextRender:
    """Text set with a stand-in face, shrunk when its ink is wider or taller than Photoshop's
    (a wider face would spill out of its unit and be cut off there)."""
    bounds = layer.bbox
    ink = (render.image.width - 2 * PAD, render.image.height - 2 * PAD)
    if bounds is None or min(ink) <= 0:
        return render
    room = (bounds.width * scale + 1, bounds.height * scale + 1)  # a pixel of antialiasing
    fit = min(room[0] / ink[0], room[1] / ink[1])
    if fit >= 1:
        return render
    return set_text(info, fonts, scale=scale, size_scale=fit)


def fallback_finding(layer: Layer, reason: str, scale: float, source: str | None) -> Finding:
    tail = f"; they are enlarged x{scale:.2f}" if scale > 1.001 else ""
    return Finding("fonts.fallback-raster", "warning",
                   f"layer '{layer.path_str}' keeps Photoshop's stored text pixels: {reason}"
                   f"{tail}", source=source, layer=layer.path_str)


def raster_limited_finding(role: str, layers: list[Layer], scale: float,
                           source: str | None) -> Finding:
    names = ", ".join(f"'{la.path_str}'" for la in layers)
    return Finding("fonts.raster-limited", "warning",
                   f"the {role} unit would enlarge the stored text pixels of {names} "
                   f"x{scale:.2f}: drawn at x{RASTER_LIMIT:g} instead, smaller than designed",
                   source=source, layer=layers[0].path_str)


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
    if box[0] < 0 or box[1] < 0 or box[2] > image.width or box[3] > image.height:
        # the grid reaches past the layer's pixels (Pillow refuses such a box): pad them with
        # transparency, enough before (a grid step is 1 / scale source pixels) and after
        px, py = math.ceil(-box[0]) + 1, math.ceil(-box[1]) + 1
        pad = (px, py, math.ceil(box[2]) - image.width + 1, math.ceil(box[3]) - image.height + 1)
        padded = Image.new(image.mode, (image.width + pad[0] + max(0, pad[2]),
                                        image.height + pad[1] + max(0, pad[3])))
        padded.paste(image, (px, py))
        image, box = padded, (box[0] + px, box[1] + py, box[2] + px, box[3] + py)
    return image.resize((w, h), Image.Resampling.LANCZOS, box=box), (ox, oy)


def _read_metrics(face: FontFace | None) -> None:
    if face is not None:
        with contextlib.suppress(Exception):  # fontTools raises many types on a damaged file
            face_metrics(face.path, face.index)


class TextUnits:
    """The recompose hook: a text unit composited straight at a slot's size with its type layers
    re-set by the text engine (crisp at any scale). Stored text pixels (type layers that cannot
    be re-set; pixel layers of a headline, sub or legal unit) are never enlarged more than
    RASTER_LIMIT: such a unit is drawn at that scale, centred in its place, with a
    fonts.raster-limited finding. None: not a text unit, the composite is resampled as is.

    Each call returns, with the pixels, the source-level fonts.fallback-raster findings of the
    layers it drew (`notes`). Kept between calls: the pixel cache, and each unit drawn at
    RASTER_LIMIT (the same for every slot that would enlarge it more)."""

    def __init__(self, doc, scene: Scene, fonts: FontResolver, source: str | None = None
                 ) -> None:
        # called for every slot: each layer's pixels (and effects) are read once per source
        self.doc = doc if isinstance(doc, PixelCache) else PixelCache(doc)
        self.scene, self.fonts = scene, fonts
        self.source = source
        # (unit id, box) -> the unit at RASTER_LIMIT and the faces that set it
        self._at_limit: dict[tuple[str, Box], tuple[Image.Image | None,
                                                    tuple[FontFace, ...]]] = {}

    def load_faces(self, units: Sequence[Unit]) -> None:
        """Read now the metrics of every face the units' type layers are set in (and which
        faces draw their characters): a worker forked afterwards inherits them instead of
        reading each font file again (a CJK face: 0.05-0.15 s of fontTools a process).
        Best effort: a face that cannot be read here is left to the text engine, which meets
        it (or not: many layers are never re-set) where it did before."""
        runs = [run for unit in units for layer in self._stack(unit)
                if layer.kind == "type" and layer.text for run in layer.text.runs]
        for run in runs:
            for face in dict.fromkeys(self.fonts.faces(run.font, run.text)):
                _read_metrics(face)

    def _stack(self, unit: Unit) -> list[Layer]:
        """The unit's leaf layers, bottom to top."""
        return leaves(self.scene, [self.scene.by_id(i) for i in unit.layers])

    def __call__(self, unit: Unit, box: Box, size: tuple[int, int]) -> UnitPixels | None:
        role = unit.role
        stack = self._stack(unit)
        typed = [la for la in stack if la.kind == "type"]
        drawn = [la for la in stack if la.kind == "pixel"] if role in RASTER_TEXT_ROLES else []
        scale = size[0] / box.width
        if not typed and not drawn:
            return None
        if abs(scale - 1) < 1e-3:
            return UnitPixels(None, raster_text=1.0)
        retext, faces, raster, notes = self._reset(typed, scale)
        raster += drawn
        if raster and scale > RASTER_LIMIT + 1e-6:
            return self._limited(unit, stack, typed, box, size, raster, scale)
        margin = bleed(size)
        image = self._composite(stack, box, scale, size, retext, margin) if retext else None
        return UnitPixels(image, faces, scale if raster else None, bleed=margin,
                          notes=tuple(dict.fromkeys(notes)))

    def _reset(self, typed: list[Layer], scale: float
               ) -> tuple[dict[int, LayerPixels], tuple[FontFace, ...], list[Layer],
                          list[Finding]]:
        """Type layers re-set at `scale`, the faces used, the layers left as stored pixels."""
        retext: dict[int, LayerPixels] = {}
        faces: dict[FontFace, None] = {}
        raster, notes = [], []
        for layer in typed:
            reset, findings = render_type_layer(layer, self.fonts, scale, self.source,
                                                drawn_effects(self.doc, layer))
            notes += findings
            if reset is None:
                raster.append(layer)
            else:
                retext[layer.id] = reset.pixels
                faces.update(dict.fromkeys(reset.faces))
        return retext, tuple(faces), raster, notes

    def _limited(self, unit: Unit, stack: list[Layer], typed: list[Layer], box: Box,
                 size: tuple[int, int], raster: list[Layer], scale: float) -> UnitPixels:
        """The unit at RASTER_LIMIT x (made once per unit), centred on a transparent canvas
        of the slot's size, with its fonts.raster-limited finding (the variant's: the factor
        is the slot's)."""
        small = (max(1, round(box.width * RASTER_LIMIT)), max(1, round(box.height * RASTER_LIMIT)))
        margin, key = bleed(small), (unit.id, box)
        if key not in self._at_limit:
            retext, faces, _raster, _notes = self._reset(typed, RASTER_LIMIT)
            self._at_limit[key] = (self._composite(stack, box, RASTER_LIMIT, small, retext,
                                                   margin), faces)
        image, faces = self._at_limit[key]
        canvas = Image.new("RGBA", size, (0, 0, 0, 0))
        if image is not None:  # its box centred: the margin around it reaches out past that
            canvas.paste(image, ((size[0] - small[0]) // 2 - margin,
                                 (size[1] - small[1]) // 2 - margin))
        return UnitPixels(canvas, faces, RASTER_LIMIT,
                          (raster_limited_finding(unit.role, raster, scale, self.source),))

    def _composite(self, stack: list[Layer], box: Box, scale: float, size: tuple[int, int],
                   retext: dict[int, LayerPixels], margin: int) -> Image.Image | None:
        """The unit's layers at `scale`, over its box at `size` and `margin` px around it."""
        x0, y0 = round(box.x0 * scale) - margin, round(box.y0 * scale) - margin
        target = Box(x0, y0, x0 + size[0] + 2 * margin, y0 + size[1] + 2 * margin)
        part = composite(_ScaledDocument(self.doc, scale, retext), self.scene, stack, target)
        return part.image if part is not None else None
