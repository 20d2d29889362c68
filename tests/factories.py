"""Small generated PSDs with exactly known geometry, written with psd-tools' writer."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from assetkit.document.writer import PixelLayer, write_layered_psd
from assetkit.model import Slot

CANVAS = (2000, 1500)
PRODUCT_SIZE = (400, 600)
LOGO_SIZE = (200, 60)


def gradient(size: tuple[int, int]) -> Image.Image:
    w, h = size
    x = np.linspace(0, 1, w)[None, :, None]
    y = np.linspace(0, 1, h)[:, None, None]
    rgb = np.concatenate([150 + 80 * x + 0 * y, 170 + 60 * y + 0 * x, 200 + 0 * x + 0 * y], axis=2)
    return Image.fromarray(rgb.astype(np.uint8), "RGB")


def ellipse(size: tuple[int, int], colour: tuple[int, int, int]) -> Image.Image:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((0, 0, size[0] - 1, size[1] - 1), fill=(*colour, 255))
    return image


def block(size: tuple[int, int], colour: tuple[int, int, int], stripes: bool = False) -> Image.Image:
    image = Image.new("RGBA", size, (*colour, 255))
    if stripes:
        draw = ImageDraw.Draw(image)
        for x in range(0, size[0], 24):
            draw.rectangle((x, 0, x + 11, size[1] - 1), fill=(255, 255, 255, 0))
    return image


def make_geometry_psd(path: Path, *, product: bool = True, extra: list[PixelLayer] = ()
                      ) -> Path:
    """bg gradient, @product ellipse (400x600), @logo (200x60), @headline, @sub, @cta."""
    layers = [PixelLayer("@bg", gradient(CANVAS))]
    if product:
        layers.append(PixelLayer("@product", ellipse(PRODUCT_SIZE, (200, 30, 120)), 1300, 450))
    layers += [
        PixelLayer("@logo", block(LOGO_SIZE, (20, 40, 90)), 80, 60),
        PixelLayer("@headline", block((900, 140), (30, 30, 30), stripes=True), 80, 400),
        PixelLayer("@sub", block((700, 50), (60, 60, 60), stripes=True), 80, 580),
        PixelLayer("@cta", block((320, 90), (250, 120, 20)), 80, 700),
        *extra,
    ]
    return write_layered_psd(Path(path), CANVAS, layers)


def make_slot(size, **kw) -> Slot:
    """A banner slot of `size` for layout tests (fields overridable)."""
    base = dict(id="s", labels={"en": "s", "ko": "s"}, kind="banner", max_kb=150,
                formats=("jpeg",), sources=("https://example.com",),
                verified_on=dt.date(2026, 11, 24), confidence="official", size=size)
    base.update(kw)
    return Slot(**base)
