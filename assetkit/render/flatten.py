"""Flatten path: the document's composite, cover-cropped and resized to a slot (detail pages:
pipeline/stages.detail_page)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from PIL import Image

from ..geometry import cover_box
from ..model import SliceInfo
from .resample import Resampler

WHITE = (255, 255, 255)


@dataclass(frozen=True)
class Rendered:
    image: Image.Image
    slice: SliceInfo | None = None
    masks: Mapping[str, Image.Image] | None = None  # role -> L mask of the rendered pixels
    # (recompose path: drawn when first read)
    fonts: tuple = ()  # records of the face files that set its text (fonts.resolve.face_record)
    raster_text: dict = field(default_factory=dict)  # role -> scale of its stored text pixels
    findings: tuple = ()  # what rendering said of this variant (fonts.raster-limited)
    contrast: dict = field(default_factory=dict)  # text unit id -> TextContrast (recompose)


def fully_opaque(image: Image.Image) -> bool:
    """An RGBA image with no transparent pixel: `opaque()` gives its colours back as they are."""
    return image.mode == "RGBA" and image.getchannel("A").getextrema()[0] == 255


def opaque(image: Image.Image, background: tuple[int, int, int] = WHITE) -> Image.Image:
    """RGB pixels, transparent areas laid on `background`."""
    if image.mode == "RGB":
        return image
    rgba = image if image.mode == "RGBA" else image.convert("RGBA")  # read only: no copy
    if fully_opaque(rgba):
        # nothing shows through: Pillow's alpha_composite gives an opaque pixel's own colour
        # back exactly (every value checked), so the blend would change no byte
        return rgba.convert("RGB")
    return laid_on(rgba, background)


def laid_on(rgba: Image.Image, background: tuple[int, int, int] = WHITE) -> Image.Image:
    """An RGBA image blended over `background`: RGB."""
    base = Image.new("RGBA", rgba.size, (*background, 255))
    return Image.alpha_composite(base, rgba).convert("RGB")


def render_flat(image: Image.Image, size: tuple[int, int], resampler: Resampler) -> Rendered:
    """The slot's image from a flattened source: one cover crop."""
    box = cover_box(image.size, size)
    return Rendered(resampler.resize(image, size, box.as_tuple()))
