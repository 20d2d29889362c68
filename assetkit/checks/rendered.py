"""What variant checks look at: one rendered variant's pixels and per-role masks, with the
layout, slot and brand it was made for. Checks measure rendered pixels; sizes the layout
chose (a text run's size x its placement scale, the logo's placed height) come from the layout."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from ..coded import CodedStrings
from ..findings import Where
from ..model import BrandRules, Slot, frozen_map
from ..scene import Scene

if TYPE_CHECKING:  # the layout engine is not loaded to check flat variants
    from ..layout import Layout
    from ..render.recompose import TextContrast


@dataclass(frozen=True)
class VariantContext:
    """A rendered variant: RGB `image` (slot size) and `masks` (role -> L, 255 where that role's
    pixels have alpha > 8), as RenderedVariant/Rendered carry them."""

    image: Image.Image
    masks: Mapping[str, Image.Image]
    layout: Layout
    slot: Slot
    platform: str
    brand: BrandRules | None
    source: str  # the source's stem
    scene: Scene | None = None  # the source's layer tree (text run sizes), when known
    coded: CodedStrings = field(default_factory=frozen_map)  # area -> the platform's string
    # text unit id -> how it reads over its backdrop here and in the source (TextContrast)
    contrast: Mapping[str, TextContrast] = field(default_factory=frozen_map)
    # role -> its bool mask, read once for all the checks that ask (not part of the value)
    _read: dict[str, np.ndarray | None] = field(default_factory=dict, init=False,
                                                compare=False, repr=False)

    @property
    def where(self) -> Where:
        return {"source": self.source, "platform": self.platform, "slot": self.slot.id}

    def mask(self, role: str) -> np.ndarray | None:
        """The role's rendered pixels as a bool array, or None when the role was not drawn."""
        if role not in self._read:
            image = self.masks.get(role)
            mask = None if image is None else np.asarray(image) > 0
            self._read[role] = mask if mask is not None and mask.any() else None
        return self._read[role]


def extent(mask: np.ndarray) -> tuple[int, int, int, int]:
    """The (x0, y0, x1, y1) bounding box of a non-empty bool mask."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def box_mask(shape: tuple[int, ...], box: tuple[float, float, float, float]) -> np.ndarray:
    """A bool array of `shape` (h, w), true inside the pixel box (rounded, clipped)."""
    out = np.zeros(shape[:2], dtype=bool)
    x0, y0, x1, y1 = (max(0, round(v)) for v in box)
    out[y0:y1, x0:x1] = True
    return out
