"""What a slot asks of every encoder, whatever the format: sRGB tag, dithering, quality floor."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import Slot, frozen_map
from .profile import srgb_icc

MIN_QUALITY = 40


@dataclass(frozen=True)
class EncodeSettings:
    """Per-slot encode rules; part of the cap solver's inputs (the result is a function of them)."""

    srgb: bool = False  # embed the compact sRGB ICC profile (slot colour_space "srgb")
    dither: bool = True  # palette formats may dither (off where borders must stay pure white)
    min_quality: int = MIN_QUALITY

    @property
    def icc_profile(self) -> bytes:
        """Bytes for Pillow's `icc_profile=`; empty means "write none" (never the input's)."""
        return srgb_icc() if self.srgb else b""


PLAIN = EncodeSettings()


def settings_for(slot: Slot, min_quality: int = MIN_QUALITY) -> EncodeSettings:
    """The slot's rules as encode settings: sRGB tag and pure-white borders."""
    return EncodeSettings(srgb=slot.colour_space == "srgb", dither=slot.background != "white",
                          min_quality=min_quality)


@dataclass(frozen=True)
class Encoded:
    """Bytes of one encoded image and the settings that produced them."""

    data: bytes
    format: str
    quality: int | None
    subsampling: str | None
    encodes: int
    extra: Mapping[str, object] = field(default_factory=frozen_map)

    @property
    def ext(self) -> str:
        return {"jpeg": "jpg"}.get(self.format, self.format)
