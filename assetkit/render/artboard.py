"""Designer-made layouts win: an artboard whose name or aspect matches a slot is that slot's
source (cover-resized from its own composite)."""
from __future__ import annotations

import re
from collections.abc import Sequence

from PIL import Image

from ..geometry import cover_box
from ..model import Slot
from ..scene import Artboard, Scene
from .compositor import composite
from .flatten import WHITE, opaque
from .resample import GAP

ASPECT_TOLERANCE = 0.01


def _named(artboard: Artboard, platform: str, slot: Slot, size: tuple[int, int]) -> bool:
    name = artboard.name.lower()
    tokens = set(re.split(r"[^a-z0-9x-]+", name))
    return (f"{size[0]}x{size[1]}" in tokens or f"{platform}/{slot.id}" in name
            or (slot.id in tokens and not slot.id.isdigit()))


def _aspect_matches(artboard: Artboard, size: tuple[int, int]) -> bool:
    box = artboard.box
    if box.width <= 0 or box.height <= 0:
        return False
    ratio = (box.width / box.height) / (size[0] / size[1])
    return abs(ratio - 1) <= ASPECT_TOLERANCE


def match_artboard(artboards: Sequence[Artboard], platform: str, slot: Slot,
                   size: tuple[int, int]) -> Artboard | None:
    """The artboard named for this slot, else the first whose aspect is within 1%."""
    named = [a for a in artboards if _named(a, platform, slot, size)]
    if named:
        return named[0]
    return next((a for a in artboards if _aspect_matches(a, size)), None)


def artboard_image(doc, scene: Scene, artboard: Artboard) -> Image.Image:
    """The artboard's own composite (RGB on white), in its box."""
    part = composite(doc, scene, [scene.by_id(artboard.id)], artboard.box)
    if part is None:
        return Image.new("RGB", (int(artboard.box.width), int(artboard.box.height)), WHITE)
    return opaque(part.image)


def render_artboard(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    box = cover_box(image.size, size)
    return image.resize(size, Image.Resampling.LANCZOS, box=box.as_tuple(), reducing_gap=GAP)
