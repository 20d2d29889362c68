"""Is this layer the brand's logo? A layer -> bool matcher over the brand's logo masters."""
from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from PIL import Image

from ..model import BrandRules
from ..scene import Layer
from .logomatch import matches_a_master


@cache
def _masters(paths: tuple[Path, ...]) -> tuple[Image.Image, ...]:
    out = []
    for path in paths:
        with Image.open(path) as image:
            out.append(image.convert("RGBA"))
    return tuple(out)


def logo_matcher(document, brand: BrandRules | None) -> Callable[[Layer], bool]:
    """Layer -> whether its pixels match one of the brand's logo masters (never, without any)."""
    if brand is None or not brand.logo.masters:
        return lambda layer: False
    masters = _masters(tuple(brand.logo.masters))

    def is_logo(layer: Layer) -> bool:
        pixels = document.layer_pixels(layer.id)
        return pixels is not None and matches_a_master(pixels.image, masters)

    return is_logo
