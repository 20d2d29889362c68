"""Flatten path: the document's composite, cover-cropped and resized to a slot, or a detail page
at the slot's width cut into slices."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from ..geometry import cover_box
from ..layout.slices import PageCuts, blank_rows, plan_slices, text_rows
from ..model import SliceInfo
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


def render_flat(image: Image.Image, size: tuple[int, int]) -> Rendered:
    """The slot's image from a flattened source: one cover crop."""
    box = cover_box(image.size, size)
    return Rendered(resize(image, size, box.as_tuple()))


def render_page(image: Image.Image, size: tuple[int, int], max_height: int,
                text_boxes: Sequence[tuple[float, float, float, float]] = ()
                ) -> tuple[list[Rendered], PageCuts]:
    """A detail page at the slot's width, cut into slices by the one page cutter
    (layout.slices); `text_boxes` (page px) are never cut through a line."""
    page = resize(image, size)
    cuts = plan_slices(blank_rows(page), max_height, text_rows(page, text_boxes))
    count = len(cuts.slices)
    return [Rendered(page.crop((0, y0, size[0], y1)), SliceInfo(i, count, y0, y1))
            for i, (y0, y1) in enumerate(cuts.slices)], cuts
