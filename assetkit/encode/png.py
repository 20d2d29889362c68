"""PNG via Pillow: lossless (quality None), or palette-quantised to `quality` colours."""
from __future__ import annotations

import io

from PIL import Image

from .settings import PLAIN, EncodeSettings

lossy = False
PALETTE_STEPS = (256, 128, 64, 32)  # colours tried, most first, when lossless is over the cap
NEAR_WHITE = 250


def available() -> bool:
    return True


def quantise(image: Image.Image, colours: int, dither: bool) -> Image.Image:
    """Median-cut palette (deterministic). Without dithering, palette entries within a few
    levels of white become pure white, so white borders stay #FFFFFF."""
    paletted = image.convert("RGB").quantize(colours, method=Image.Quantize.MEDIANCUT,
                                             dither=Image.Dither.FLOYDSTEINBERG if dither
                                             else Image.Dither.NONE)
    if not dither:
        palette = paletted.getpalette() or []
        for i in range(0, len(palette), 3):
            if min(palette[i:i + 3]) >= NEAR_WHITE:
                palette[i:i + 3] = [255, 255, 255]
        paletted.putpalette(palette)
    return paletted


def encode(image: Image.Image, quality: int | None, subsampling: str | None,
           settings: EncodeSettings = PLAIN) -> bytes:
    if quality is not None:
        image = quantise(image, quality, settings.dither)
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=False, compress_level=6,
               icc_profile=settings.icc_profile, exif=b"")
    return buf.getvalue()
