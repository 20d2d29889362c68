"""AVIF via Pillow's AVIF plugin (Pillow >= 11.2 built with libavif), where a slot allows it."""
from __future__ import annotations

import io

from PIL import Image, features

from .settings import PLAIN, EncodeSettings

lossy = True


def available() -> bool:
    try:
        return bool(features.check("avif"))
    except ValueError:  # older Pillow: unknown feature
        return False


def encode(image: Image.Image, quality: int | None, subsampling: str | None,
           settings: EncodeSettings = PLAIN) -> bytes:
    buf = io.BytesIO()
    # One encoder thread: the variant pool already uses the cores, and the bytes stay the same.
    image.save(buf, "AVIF", quality=quality or 60, speed=8, max_threads=1,
               icc_profile=settings.icc_profile, exif=b"", xmp=b"")
    return buf.getvalue()
