"""Still GIF (median-cut palette); used only where a slot allows nothing better."""
from __future__ import annotations

import io

from PIL import Image

from .png import quantise
from .settings import PLAIN, EncodeSettings

lossy = False


def available() -> bool:
    return True


def encode(image: Image.Image, quality: int | None, subsampling: str | None,
           settings: EncodeSettings = PLAIN) -> bytes:
    buf = io.BytesIO()
    quantise(image, quality or 256, settings.dither).save(buf, "GIF", comment=b"")
    return buf.getvalue()
