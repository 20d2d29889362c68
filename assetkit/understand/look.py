"""The pixel questions understand/ asks of a document's layers: real transparency, a match with
the brand's logo, text in a pixel layer's ink (measure.textlike), the ink's colour facts and
whether a layer's ink encloses a box. A layer is decoded once; what it says is kept, its pixels
are not (a large document's layers would all stay in memory)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import cast

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

    def __init__(self, document, is_logo: Callable[[Image.Image], bool],
                 read_text: Mapping[int, tuple | None] | None = None,
                 inks: bool = True) -> None:
        """`read_text`: what an earlier look said of layers' text (`read_text()`), not read
        again; `inks` False: a look asked of text alone (no ink facts are measured)."""
        self.document = document
        self._is_logo = is_logo
        self._inks = inks
        self._facts: dict[int, _Facts | None] = {}
        self._text = read_text or {}
        self._logo: dict[int, bool] = {}

    def _read(self, layer: Layer) -> _Facts | None:
        if layer.id not in self._facts:
            pixels = self.document.layer_pixels(layer.id)
            if pixels is None:
                self._facts[layer.id] = None
            else:
                image = pixels.image.convert("RGBA")
                self._facts[layer.id] = _Facts(pixels.has_transparency,
                                               _text(layer, np.asarray(image)),
                                               _ink(image) if self._inks else None)
        return self._facts[layer.id]

    def read_text(self) -> dict[int, RasterText | None]:
        """The layers read so far, and the text each holds as pixels (None: none)."""
        return {i: None if facts is None else facts.text for i, facts in self._facts.items()}

    def has_alpha(self, layer: Layer) -> bool:
        facts = self._read(layer)
        return facts is not None and facts.alpha

    def raster_text(self, layer: Layer) -> RasterText | None:
        if layer.kind not in READS_TEXT:
            return None
        if layer.id in self._text:  # an earlier look's RasterText
            return cast("RasterText | None", self._text[layer.id])
        facts = self._read(layer)
        return None if facts is None else facts.text

    def ink(self, layer: Layer) -> Ink | None:
        assert self._inks, "a look of text alone measures no ink"
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
