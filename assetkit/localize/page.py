"""The localized page: translated text fitted into each type layer's box, the document composited
without those layers' original pixels (in bands on tall pages), the new text laid on top."""
from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from PIL import Image

from ..document.effects import LayerEffects
from ..document.pixels import LayerPixels
from ..fonts.resolve import FontResolver
from ..geometry import Box
from ..model import Finding
from ..render.compositor import PixelCache, composite
from ..render.flatten import opaque
from ..render.text import FitResult, fit_text
from ..render.text.layer import resettable
from ..scene import Layer, Scene

# psd-tools refuses any image taller or wider than this (its PSD v1 limit, applied to PSB too):
# the stored preview of such a page cannot even be read, so it is composited in bands.
COMPOSITE_LIMIT = 30_000
POINT_GROWTH = 1.3  # a point text may grow to 1.3 x its original width and height


@dataclass(frozen=True)
class SetText:
    """A translated type layer set in its box: the fit and where its pixels go (document px)."""

    layer: Layer
    text: str
    box: Box
    fit: FitResult
    effects: LayerEffects | None = None  # the layer's effects, drawn again around the new text

    @property
    def image(self) -> Image.Image:
        assert self.fit.render is not None
        return self.fit.render.image

    @property
    def offset(self) -> tuple[int, int]:
        assert self.fit.render is not None
        return self.fit.render.offset

    def drawn(self) -> tuple[Image.Image, tuple[int, int]]:
        """The set text's pixels and where (document px), the layer's opacity and fill opacity
        applied: with the layer's effects drawn around it when it has effects assetkit draws."""
        return self._drawn

    @functools.cached_property
    def _drawn(self) -> tuple[Image.Image, tuple[int, int]]:
        # composited once: the page, the ink checks and the localized PSD all ask for it
        if self.effects is not None:
            return _with_effects(self, self.effects)
        factor = self.layer.opacity * self.layer.fill_opacity
        if factor >= 0.999:
            return self.image, self.offset
        image = self.image.copy()
        image.putalpha(image.getchannel("A").point(lambda v: round(v * factor)))
        return image, self.offset

    @property
    def blends_by_backdrop(self) -> bool:
        """Whether its pixels laid as normal paint differ from what the page shows: a multiply
        layer, or effects that blend with what lies beneath (the localized PSD's layer holds
        them as normal paint; its merged preview is the page)."""
        if self.effects is not None and self.effects.blends_by_backdrop:
            return True
        if self.layer.blend_mode != "multiply":
            return False
        ink = self.image.convert("RGBa")  # black ink multiplies as it paints
        return ink.getextrema()[:3] != ((0, 0), (0, 0), (0, 0))

    @property
    def ink(self) -> Box:
        """Where the set text's pixels are, document px."""
        x, y = self.offset
        return Box(x, y, x + self.image.width, y + self.image.height)


def text_box(layer: Layer, canvas: tuple[int, int]) -> Box | None:
    """The box a translation must fit: a paragraph's own text box; for point text, its bounds
    grown to 1.3 x the original width (from its anchor side: left text grows rightwards, right
    text leftwards, centred text both ways) and 1.3 x its height downwards, kept on the canvas."""
    info = layer.text
    if info is None:
        return None
    if info.kind == "paragraph" and info.box is not None:
        return info.box
    bounds = info.box or layer.bbox
    if bounds is None:
        return None
    extra = bounds.width * (POINT_GROWTH - 1)
    grow_left = {"right": 1.0, "center": 0.5}.get(info.justification, 0.0)
    x0 = max(0.0, bounds.x0 - extra * grow_left)
    x1 = min(float(canvas[0]), bounds.x1 + extra * (1 - grow_left))
    y1 = min(float(canvas[1]), bounds.y0 + bounds.height * POINT_GROWTH)
    return Box(x0, bounds.y0, max(x1, bounds.x1), max(y1, bounds.y1))


def _kept(layer: Layer, reason: str, source: str) -> Finding:
    return Finding("localize.kept-raster", "warning",
                   f"layer '{layer.path_str}' keeps its original text: {reason}",
                   source=source, layer=layer.path_str)


def fit_translations(scene: Scene, targets: Mapping[int, str], fonts: FontResolver, *,
                     min_px: float | None = None, source: str = "",
                     effects_of: Callable[[Layer], LayerEffects | None] | None = None
                     ) -> tuple[list[SetText], list[Finding]]:
    """Every visible type layer with a translation set in its box (a hidden one is kept, said
    by an info) with the faces `fonts`
    resolves (fonts.substituted when stand-ins set it), or left as is with a finding (no face
    for its font or glyphs, effects assetkit does not draw, rotation; `effects_of` gives a
    layer's effects as assetkit draws them). An overflowing text is still set, at the
    minimum size, and reported as localize.overflow."""
    done: list[SetText] = []
    findings: list[Finding] = []
    for layer in scene.layers:
        if layer.id not in targets:
            continue
        if not layer.visible:  # not on the page: the localized PSD keeps it as it is
            findings.append(Finding("localize.hidden-kept", "info", f"hidden layer "
                                    f"'{layer.path_str}' keeps its original text (not on the "
                                    f"page)", source=source, layer=layer.path_str))
            continue
        effects = effects_of(layer) if effects_of is not None and layer.effects else None
        info = resettable(layer, effects)  # its text, or why it cannot be set again
        box = text_box(layer, scene.size)
        if isinstance(info, str) or box is None:
            findings.append(_kept(layer, info if isinstance(info, str) else "it has no box",
                                  source))
            continue
        fit = fit_text(info, fonts, box=box, text=targets[layer.id], min_px=min_px,
                       source=source, layer=layer.path_str)
        findings.extend(fit.findings)
        if fit.render is None:
            findings.append(_kept(layer, "its font cannot set the translation", source))
            continue
        done.append(SetText(layer, targets[layer.id], box, fit, effects))
    return done, findings


def _bands(height: int, limit: int) -> list[tuple[int, int]]:
    count = max(1, math.ceil(height / limit))
    edges = [round(i * height / count) for i in range(count + 1)]
    return list(zip(edges[:-1], edges[1:], strict=True))


def base_page(doc, scene: Scene, removed: set[int], *, limit: int = COMPOSITE_LIMIT,
              pixels: PixelCache | None = None
              ) -> tuple[Image.Image, tuple[tuple[str, str], ...]]:
    """The document without the pixels of `removed` layers, RGB on white, and what our
    compositor approximated. With nothing removed on a page psd-tools can read, the stored
    composite is used; otherwise our compositor runs per band no taller than `limit`, reading
    layers through `pixels` (the run's cache of `doc`'s layer pixels, or a new one)."""
    width, height = scene.size
    if not removed and height <= limit and width <= limit:
        return opaque(doc.flatten()), ()
    stack = [la for la in scene.layers if la.visible and la.id not in removed
             and la.kind not in ("group", "artboard")]
    page = Image.new("RGB", (width, height), (255, 255, 255))
    approximated: dict[tuple[str, str], None] = {}
    source = pixels or PixelCache(doc)
    for y0, y1 in _bands(height, limit):
        part = composite(source, scene, stack, Box(0, y0, width, y1))
        if part is not None:
            page.paste(opaque(part.image), (0, y0))
            approximated.update(dict.fromkeys(part.approximated))
    return page, tuple(approximated)


def _reach_box(item: SetText) -> tuple[int, int, int, int]:
    """Where the set text and its effects paint (document px; past the page's edge too)."""
    reach = (item.effects.reach if item.effects is not None else 0) + 2
    x, y = item.offset
    return x - reach, y - reach, x + item.image.width + reach, y + item.image.height + reach


def _with_effects(item: SetText, effects: LayerEffects) -> tuple[Image.Image, tuple[int, int]]:
    """The set text with its stroke, overlays and shadow, at full opacity x the layer's."""
    box = _reach_box(item)
    layer = replace(item.layer, parent=None, clipping=False)
    scene = Scene(box[2] + 1, box[3] + 1, 72.0, "RGB", 8, (layer,))
    part = composite(_Layers({layer.id: LayerPixels(item.image, item.offset, effects=effects)}),
                     scene, [layer], Box(*box))
    assert part is not None  # None only for a box under a pixel
    return part.image, box[:2]


def lay_text(page: Image.Image, texts: list[SetText]) -> Image.Image:
    """`page` with each set text composited at its position (layer opacity applied): a text
    with effects assetkit draws, or a multiply layer, is blended, effects and all, onto the
    page's own pixels (a screen glow, a multiply shadow or layer blends with what is there)."""
    out = page.convert("RGBA")
    for item in texts:
        if item.effects is not None or item.layer.blend_mode == "multiply":
            _onto(out, item)
            continue
        image, (x, y) = item.drawn()
        # in place, clipped to the canvas (alpha_composite refuses negative destinations)
        crop = (max(0, -x), max(0, -y), min(image.width, out.width - x),
                min(image.height, out.height - y))
        if crop[2] > crop[0] and crop[3] > crop[1]:
            out.alpha_composite(image.crop(crop), (max(0, x), max(0, y)))
    return out.convert("RGB")


class _Layers:
    """A document of given layers' pixels (layer id -> LayerPixels), for the compositor."""

    def __init__(self, pixels: Mapping[int, LayerPixels]) -> None:
        self.pixels = pixels

    def layer_pixels(self, layer_id: int) -> LayerPixels:
        return self.pixels[layer_id]


def _onto(out: Image.Image, item: SetText) -> None:
    """The set text with its effects composited over `out` (opaque RGBA) in place, where the
    text and its effects reach."""
    box = _reach_box(item)
    on_page = (max(0, box[0]), max(0, box[1]), min(out.width, box[2]), min(out.height, box[3]))
    if on_page[2] <= on_page[0] or on_page[3] <= on_page[1]:
        return
    layer = replace(item.layer, parent=None, clipping=False, index=1)
    backdrop = Layer(-1 if layer.id != -1 else -2, "page", ("page",), "pixel", True, 1.0, 1.0,
                     "normal", False, Box(*on_page), 0)
    scene = Scene(max(out.width, box[2] + 1), max(out.height, box[3] + 1), 72.0, "RGB", 8,
                  (backdrop, layer))
    doc = _Layers({backdrop.id: LayerPixels(out.crop(on_page), on_page[:2]),
                   layer.id: LayerPixels(item.image, item.offset, effects=item.effects)})
    # the whole box, past the page's edge too: glyphs off the page still glow and cast
    part = composite(doc, scene, [backdrop, layer], Box(*box))
    assert part is not None  # None only for a box under a pixel
    shift = (on_page[0] - box[0], on_page[1] - box[1])
    out.paste(part.image.crop((*shift, shift[0] + on_page[2] - on_page[0],
                               shift[1] + on_page[3] - on_page[1])), on_page[:2])
