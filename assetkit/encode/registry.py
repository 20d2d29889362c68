"""The encoder protocol and the one dict that registers every format."""
from __future__ import annotations

from typing import Protocol

from PIL import Image

from . import avif, gif, jpeg, png, webp
from .settings import PLAIN, EncodeSettings


class Encoder(Protocol):
    """A format: whether it has a quality knob, and how to encode at a setting.

    `quality` is the format's knob (JPEG/WebP/AVIF 1-100; PNG/GIF: palette colours, None =
    lossless PNG / 256 colours GIF). Encoders write no EXIF, XMP or comments, and an ICC
    profile only when `settings.srgb`. Same pixels and arguments, same bytes. JPEG also has
    `estimate(image, quality, subsampling, settings) -> int`, a cheaper size for the cap
    solver's mosaic probes."""

    lossy: bool

    def available(self) -> bool: ...

    def encode(self, image: Image.Image, quality: int | None, subsampling: str | None,
               settings: EncodeSettings = PLAIN) -> bytes: ...


ENCODERS: dict[str, Encoder] = {
    "jpeg": jpeg,  # type: ignore[dict-item]
    "png": png,  # type: ignore[dict-item]
    "webp": webp,  # type: ignore[dict-item]
    "avif": avif,  # type: ignore[dict-item]
    "gif": gif,  # type: ignore[dict-item]
}
