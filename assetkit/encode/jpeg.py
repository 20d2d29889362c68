"""Progressive JPEG via Pillow (libjpeg-turbo); no EXIF, XMP or comment; sRGB tag per slot."""
from __future__ import annotations

import io

from PIL import Image

from .settings import PLAIN, EncodeSettings

lossy = True
SUBSAMPLING = {"4:4:4": 0, "4:2:0": 2}


def available() -> bool:
    return True


def encode(image: Image.Image, quality: int | None, subsampling: str | None,
           settings: EncodeSettings = PLAIN) -> bytes:
    if image.mode != "RGB":
        image = image.convert("RGB")
    buf = io.BytesIO()
    # Progressive scans already use optimized Huffman tables: `optimize=True` would cost a
    # second pass for the same bytes. Metadata is passed empty so nothing in image.info leaks.
    image.save(buf, "JPEG", quality=quality or 85, progressive=True,
               subsampling=SUBSAMPLING[subsampling or "4:2:0"],
               icc_profile=settings.icc_profile, exif=b"", xmp=b"", comment=b"")
    return buf.getvalue()
