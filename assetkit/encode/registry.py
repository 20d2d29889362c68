"""The encoder protocol and the one dict that registers every format."""
from __future__ import annotations

from typing import Protocol, cast

from PIL import Image

from . import avif, gif, jpeg, png, webp
from .settings import PLAIN, EncodeSettings


class Encoder(Protocol):
    """A format: whether it has a quality knob, and how to encode at a setting.

    `quality` is the format's knob (JPEG/WebP/AVIF 1-100; PNG/GIF: palette colours, None =
    lossless PNG / 256 colours GIF). Encoders write no EXIF, XMP or comments, and an ICC
    profile only when `settings.srgb`. Same pixels and arguments, same bytes. JPEG is also an
    `Estimator`."""

    lossy: bool

    def available(self) -> bool: ...

    def encode(self, image: Image.Image, quality: int | None, subsampling: str | None,
               settings: EncodeSettings = PLAIN) -> bytes: ...


class Estimator(Encoder, Protocol):
    """An encoder with a cheaper size estimate, for the cap solver's mosaic probes (JPEG)."""

    def estimate(self, image: Image.Image, quality: int, subsampling: str,
                 settings: EncodeSettings = PLAIN) -> int: ...


ENCODERS: dict[str, Encoder] = {"jpeg": jpeg, "png": png, "webp": webp, "avif": avif, "gif": gif}


def estimator() -> Estimator:
    """The registered JPEG encoder as the estimator it is (tests may swap in a fake)."""
    return cast(Estimator, ENCODERS["jpeg"])
