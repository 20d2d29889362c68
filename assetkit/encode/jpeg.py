"""Progressive JPEG via Pillow (libjpeg-turbo); no EXIF, XMP or comment; sRGB tag per slot."""
from __future__ import annotations

import io

from PIL import Image, ImageFile

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
    # Pillow gives progressive JPEG a one-shot buffer of w*h bytes; noisy pictures at high
    # quality and 4:4:4 are larger and fail with "broken data stream". Raw size + headroom.
    saved = ImageFile.MAXBLOCK
    ImageFile.MAXBLOCK = max(saved, 4 * image.width * image.height + 65536)
    try:
        image.save(buf, "JPEG", quality=quality or 85, progressive=True,
                   subsampling=SUBSAMPLING[subsampling or "4:2:0"],
                   icc_profile=settings.icc_profile, exif=b"", xmp=b"", comment=b"")
    finally:
        ImageFile.MAXBLOCK = saved
    return buf.getvalue()
