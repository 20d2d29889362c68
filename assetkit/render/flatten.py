"""Flatten path: the document's composite, cover-cropped and resized to a slot, or sliced."""
from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from ..geometry import cover_box, slice_bounds
from ..model import SliceInfo, Slot
from .resample import resize

WHITE = (255, 255, 255)


@dataclass(frozen=True)
class Rendered:
    image: Image.Image
    slice: SliceInfo | None = None
    masks: dict | None = None  # role -> L mask of the rendered pixels (recompose path)


def opaque(image: Image.Image, background: tuple[int, int, int] = WHITE) -> Image.Image:
    """RGB pixels, transparent areas laid on `background`."""
    if image.mode == "RGB":
        return image
    rgba = image.convert("RGBA")
    base = Image.new("RGBA", rgba.size, (*background, 255))
    return Image.alpha_composite(base, rgba).convert("RGB")


def render_flat(image: Image.Image, slot: Slot, size: tuple[int, int]) -> list[Rendered]:
    """The slot's image(s) from a flattened source: one cover crop, or detail-page slices."""
    if slot.detail is not None:
        page = resize(image, size)
        cuts = slice_bounds(size[1], slot.detail.max_slice_height)
        return [Rendered(page.crop((0, y0, size[0], y1)), SliceInfo(i, len(cuts), y0, y1))
                for i, (y0, y1) in enumerate(cuts)]
    box = cover_box(image.size, size)
    return [Rendered(resize(image, size, box.as_tuple()))]
