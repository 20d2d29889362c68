"""Lossy WebP (method 4) via Pillow, where the slot allows and Pillow was built with it."""
from __future__ import annotations

import io

from PIL import Image, features

from .settings import PLAIN, EncodeSettings

lossy = True


def available() -> bool:
    return bool(features.check("webp"))


def encode(image: Image.Image, quality: int | None, subsampling: str | None,
           settings: EncodeSettings = PLAIN) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "WEBP", quality=quality or 80, method=4,
               icc_profile=settings.icc_profile, exif=b"", xmp=b"")
    return buf.getvalue()
