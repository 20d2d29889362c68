"""The compact sRGB ICC profile embedded where a slot asks for sRGB, with deterministic bytes."""
from __future__ import annotations

from functools import cache

from PIL import ImageCms

# lcms stamps the creation time into the header (bytes 24-35); a fixed date keeps outputs
# byte-identical from run to run. The profile ID (bytes 84-99) is left zero ("not computed").
_FIXED_DATE = bytes.fromhex("07ea00010001000000000000")  # 2026-01-01 00:00:00


@cache
def srgb_icc() -> bytes:
    """lcms's built-in sRGB profile (~600 bytes), serialized with a fixed creation date."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = _FIXED_DATE
    return bytes(data)
