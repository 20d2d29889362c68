"""Each layer's ink (its own alpha, thresholded) read once per source with psd-tools, and warped
onto a variant's output grid."""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from psd_tools import PSDImage

from .transform import Box, Leaf, Warp

INK_ALPHA = 96  # a pixel is ink from this alpha up (soft shadow fringes are not)
COVERAGE = 0.25  # an output pixel is ink when this much of it is covered by source ink


@dataclass(frozen=True)
class LayerInk:
    leaf: Leaf
    kind: str  # pixel, type, shape, smartobject, ...
    mask: Image.Image | None  # L, 255 = ink, over leaf.bbox; None: no pixels


@dataclass(frozen=True)
class Placed:
    """A layer's ink on the output grid: `mask` (bool) with its top-left at (x, y)."""

    x: int
    y: int
    mask: np.ndarray

    @property
    def total(self) -> int:
        return int(self.mask.sum())


def read_inks(path: Path) -> tuple[tuple[int, int], list[LayerInk]]:
    """The document size and every visible leaf layer's ink, in descendants() order."""
    psd = PSDImage.open(path)
    out = []
    for index, layer in enumerate(psd.descendants()):
        if layer.is_group() or not layer.is_visible():
            continue
        mask = _alpha(layer)
        box: Box = tuple(float(v) for v in layer.bbox)  # type: ignore[assignment]
        out.append(LayerInk(Leaf(index, layer_path(layer), box), layer.kind, mask))
    return psd.size, out


def layer_path(layer) -> str:
    names = [layer.name]
    parent = layer.parent
    while parent is not None and getattr(parent, "kind", "psdimage") == "group":
        names.insert(0, parent.name)
        parent = parent.parent
    return "/".join(names)


def _alpha(layer) -> Image.Image | None:
    try:
        image = layer.topil()
    except Exception:  # noqa: BLE001 - psd-tools cannot decode some layers: no ink then
        image = None
    if image is None:
        try:
            image = layer.composite()
        except Exception:  # noqa: BLE001
            return None
    if image is None or image.width == 0 or image.height == 0:
        return None
    alpha = image.getchannel("A") if "A" in image.getbands() else Image.new("L", image.size, 255)
    if layer.opacity < 255:
        alpha = alpha.point(lambda v, o=layer.opacity: v * o // 255)
    return alpha.point(lambda v: 255 if v >= INK_ALPHA else 0)


def warp_ink(ink: LayerInk, warp: Warp) -> Placed | None:
    """The layer's ink on the output grid (not clipped to the frame)."""
    if ink.mask is None:
        return None
    x0, y0, x1, y1 = warp.box(ink.leaf.bbox)
    if ink.mask.size != (round(ink.leaf.bbox[2] - ink.leaf.bbox[0]),
                         round(ink.leaf.bbox[3] - ink.leaf.bbox[1])):
        # composite() of a layer with effects is bigger than its bbox: keep its own size
        x1 = x0 + ink.mask.width * warp.sx
        y1 = y0 + ink.mask.height * warp.sy
    gx0, gy0 = math.floor(x0 + 1e-6), math.floor(y0 + 1e-6)
    w = max(1, math.ceil(x1 - 1e-6) - gx0)
    h = max(1, math.ceil(y1 - 1e-6) - gy0)
    small = ink.mask.resize((w, h), Image.Resampling.BOX if w < ink.mask.width
                            else Image.Resampling.BILINEAR)
    return Placed(gx0, gy0, np.asarray(small) >= 255 * COVERAGE)


def clip(placed: Placed, size: tuple[int, int]) -> Placed | None:
    """`placed` cut to the frame [0, W) x [0, H)."""
    x0, y0 = max(placed.x, 0), max(placed.y, 0)
    x1 = min(placed.x + placed.mask.shape[1], size[0])
    y1 = min(placed.y + placed.mask.shape[0], size[1])
    if x1 <= x0 or y1 <= y0:
        return None
    return Placed(x0, y0, placed.mask[y0 - placed.y:y1 - placed.y, x0 - placed.x:x1 - placed.x])


def overlap(a: Placed, b: Placed) -> int:
    """Ink pixels `a` and `b` share."""
    x0, y0 = max(a.x, b.x), max(a.y, b.y)
    x1 = min(a.x + a.mask.shape[1], b.x + b.mask.shape[1])
    y1 = min(a.y + a.mask.shape[0], b.y + b.mask.shape[0])
    if x1 <= x0 or y1 <= y0:
        return 0
    pa = a.mask[y0 - a.y:y1 - a.y, x0 - a.x:x1 - a.x]
    pb = b.mask[y0 - b.y:y1 - b.y, x0 - b.x:x1 - b.x]
    return int(np.count_nonzero(pa & pb))


def inside(placed: Placed, box: Box) -> int:
    """Ink pixels of `placed` inside `box` (output px)."""
    x0, y0 = max(placed.x, math.floor(box[0])), max(placed.y, math.floor(box[1]))
    x1 = min(placed.x + placed.mask.shape[1], math.ceil(box[2]))
    y1 = min(placed.y + placed.mask.shape[0], math.ceil(box[3]))
    if x1 <= x0 or y1 <= y0:
        return 0
    return int(np.count_nonzero(placed.mask[y0 - placed.y:y1 - placed.y,
                                            x0 - placed.x:x1 - placed.x]))
