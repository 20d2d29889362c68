"""Is this layer the brand's logo? A layer -> bool matcher over the brand's logo masters, with
the same measure the logo check uses (measure.logo: aspect, shape and colour)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from PIL import Image

from ..measure.logo import compare_logo
from ..model import BrandRules


@cache
def _masters(paths: tuple[Path, ...]) -> tuple[Image.Image, ...]:
    out = []
    for path in paths:
        with Image.open(path) as image:
            out.append(image.convert("RGBA"))
    return tuple(out)


def matches_a_master(candidate: Image.Image, masters: Sequence[Image.Image]) -> bool:
    """Whether `candidate` passes the logo check against any master (aspect, shape, colour)."""
    for master in masters:
        try:
            match = compare_logo(candidate, master)
        except (ValueError, ZeroDivisionError):  # no ink to measure
            continue
        if match.aspect_ok and match.looks_ok:
            return True
    return False


def logo_matcher(brand: BrandRules | None) -> Callable[[Image.Image], bool]:
    """A layer's pixels -> whether they match one of the brand's logo masters (never, without
    any)."""
    if brand is None or not brand.logo.masters:
        return lambda image: False
    masters = _masters(tuple(brand.logo.masters))
    return lambda image: matches_a_master(image, masters)
