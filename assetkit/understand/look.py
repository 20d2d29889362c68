"""The pixel questions understand/ asks of a document's layers, each answered once per layer:
real transparency, a match with the brand's logo, text in a pixel layer's ink (measure.textlike)
and whether a layer's ink encloses a box."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..geometry import Box
from ..measure.textlike import encloses, text_ink
from ..scene import Layer
from .atoms import Ink, RasterText

ENCLOSE_FILL = 0.7  # of the inner box's area on the panel's ink (text on a disc: its corners)
INK_ALPHA = 16  # alpha above which a pixel is ink


class DocumentLook:
    """understand.atoms.Look over an opened document (pixels read through its cache)."""

    def __init__(self, document, is_logo: Callable[[Layer], bool]) -> None:
        self.document = document
        self._is_logo = is_logo
        self._alpha: dict[int, bool] = {}
        self._logo: dict[int, bool] = {}
        self._text: dict[int, RasterText | None] = {}
        self._ink: dict[int, Ink | None] = {}

    def has_alpha(self, layer: Layer) -> bool:
        if layer.id not in self._alpha:
            self._alpha[layer.id] = self.document.has_alpha(layer.id)
        return self._alpha[layer.id]

    def is_logo(self, layer: Layer) -> bool:
        if layer.id not in self._logo:
            self._logo[layer.id] = self._is_logo(layer)
        return self._logo[layer.id]

    def raster_text(self, layer: Layer) -> RasterText | None:
        if layer.kind not in ("pixel", "smartobject"):
            return None
        if layer.id not in self._text:
            self._text[layer.id] = self._read_text(layer)
        return self._text[layer.id]

    def _read_text(self, layer: Layer) -> RasterText | None:
        pixels = self.document.layer_pixels(layer.id)
        if pixels is None:
            return None
        rgba = np.asarray(pixels.image.convert("RGBA"))
        found = text_ink(rgba[..., 3], rgba[..., :3])
        return None if found is None else RasterText(found.line_height, found.on_panel,
                                                     found.struck)

    def ink(self, layer: Layer) -> Ink | None:
        if layer.id not in self._ink:
            self._ink[layer.id] = self._read_ink(layer)
        return self._ink[layer.id]

    def _read_ink(self, layer: Layer) -> Ink | None:
        pixels = self.document.layer_pixels(layer.id)
        if pixels is None:
            return None
        image = pixels.image.convert("RGBA")
        image.thumbnail((256, 256))
        rgba = np.asarray(image, dtype=np.float32)
        on = rgba[..., 3] > INK_ALPHA
        if not on.any():
            return None
        lum = rgba[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        return Ink(float(lum[on].mean()), float(lum[on].std()), float(rgba[..., 3][on].mean()))

    def encloses(self, panel: Layer, inner: Box) -> bool:
        if panel.kind in ("fill",):
            return True
        pixels = self.document.layer_pixels(panel.id)
        if pixels is None:
            return False
        alpha = np.asarray(pixels.image.getchannel("A"))
        return encloses(alpha, pixels.offset, inner, ENCLOSE_FILL)
