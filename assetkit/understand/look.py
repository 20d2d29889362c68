"""The pixel questions understand/ asks of a document's layers: real transparency, a match with
the brand's logo, text in a pixel layer's ink (measure.textlike), the ink's colour facts and
whether a layer's ink encloses a box. A layer is decoded once; what it says is kept, its pixels
are not (a large document's layers would all stay in memory)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ..geometry import Box
from ..measure.textlike import encloses, text_ink
from ..scene import Layer
from .atoms import Ink, RasterText

ENCLOSE_FILL = 0.7  # of the inner box's area on the panel's ink (text on a disc: its corners)
INK_ALPHA = 16  # alpha above which a pixel is ink
READS_TEXT = ("pixel", "smartobject")  # the layer kinds whose ink may be rasterized text


@dataclass(frozen=True)
class _Facts:
    """What one decode of a layer says (None for a layer with nothing to draw)."""

    alpha: bool
    text: RasterText | None
    ink: Ink | None


def _ink(image: Image.Image) -> Ink | None:
    small = image.copy()
    small.thumbnail((256, 256))
    rgba = np.asarray(small, dtype=np.float32)
    on = rgba[..., 3] > INK_ALPHA
    if not on.any():
        return None
    lum = rgba[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return Ink(float(lum[on].mean()), float(lum[on].std()), float(rgba[..., 3][on].mean()))


def _text(layer: Layer, rgba: np.ndarray) -> RasterText | None:
    if layer.kind not in READS_TEXT:
        return None
    found = text_ink(rgba[..., 3], rgba[..., :3])
    return None if found is None else RasterText(found.line_height, found.on_panel, found.struck)


class DocumentLook:
    """understand.atoms.Look over an opened document."""

    def __init__(self, document, is_logo: Callable[[Image.Image], bool]) -> None:
        self.document = document
        self._is_logo = is_logo
        self._facts: dict[int, _Facts | None] = {}
        self._logo: dict[int, bool] = {}

    def _read(self, layer: Layer) -> _Facts | None:
        if layer.id not in self._facts:
            pixels = self.document.layer_pixels(layer.id)
            if pixels is None:
                self._facts[layer.id] = None
            else:
                image = pixels.image.convert("RGBA")
                self._facts[layer.id] = _Facts(pixels.has_transparency,
                                               _text(layer, np.asarray(image)), _ink(image))
        return self._facts[layer.id]

    def has_alpha(self, layer: Layer) -> bool:
        facts = self._read(layer)
        return facts is not None and facts.alpha

    def raster_text(self, layer: Layer) -> RasterText | None:
        if layer.kind not in READS_TEXT:
            return None
        facts = self._read(layer)
        return None if facts is None else facts.text

    def ink(self, layer: Layer) -> Ink | None:
        facts = self._read(layer)
        return None if facts is None else facts.ink

    def is_logo(self, layer: Layer) -> bool:  # asked of small marks only: decoded on demand
        if layer.id not in self._logo:
            pixels = self.document.layer_pixels(layer.id)
            self._logo[layer.id] = pixels is not None and self._is_logo(pixels.image)
        return self._logo[layer.id]

    def encloses(self, panel: Layer, inner: Box) -> bool:
        if panel.kind in ("fill",):
            return True
        pixels = self.document.layer_pixels(panel.id)
        if pixels is None:
            return False
        alpha = np.asarray(pixels.image.getchannel("A"))
        return encloses(alpha, pixels.offset, inner, ENCLOSE_FILL)
