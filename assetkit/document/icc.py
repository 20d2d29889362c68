"""CMYK <-> sRGB through an ICC profile (the document's own, else assetkit's default FOGRA39
profile or the one brand rules name), for pixels and for type/fill colours alike."""
from __future__ import annotations

import io
from functools import cache
from importlib import resources
from pathlib import Path

from PIL import Image, ImageCms


def default_cmyk_profile() -> Path:
    return Path(str(resources.files("assetkit") / "data" / "profiles"
                    / "assetkit-cmyk-fogra39l.icc"))


@cache
def _transform(profile: bytes) -> ImageCms.ImageCmsTransform:
    source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    return ImageCms.buildTransform(source, ImageCms.createProfile("sRGB"), "CMYK", "RGB",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


@cache
def _reverse(profile: bytes) -> ImageCms.ImageCmsTransform:
    target = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), target, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


@cache
def is_srgb(profile: bytes) -> bool:
    """Whether an embedded profile is the standard sRGB one (converting through it is the
    identity, so pixels are read as they are: measured 0 of 17 M poster pixels differ)."""
    try:
        prof = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        description = ImageCms.getProfileDescription(prof).strip()
    except (OSError, ImageCms.PyCMSError, ValueError):
        return False
    # exactly: Photoshop's 32-bit documents embed "sRGB IEC61966-2.1 (Linear RGB Profile)"
    return prof.profile.xcolor_space.strip() == "RGB" and description in (
        "sRGB IEC61966-2.1", "sRGB IEC61966-2-1")


def converts(profile: bytes | None) -> bool:
    """Whether pixels of a document embedding `profile` are put through it to sRGB: not
    without one (None, or b"" as psd-tools may read it) nor with the standard sRGB profile
    (the identity: `is_srgb`); layers and the stored composite alike."""
    return bool(profile) and not is_srgb(profile)


def profile_bytes(path: Path | None) -> bytes:
    return Path(path or default_cmyk_profile()).read_bytes()


def cmyk_to_srgb(image: Image.Image, profile: bytes) -> Image.Image:
    """An 8-bit CMYK image as sRGB RGB pixels."""
    converted = ImageCms.applyTransform(image, _transform(profile))
    assert converted is not None  # None only for a transform in place
    return converted


def srgb_to_cmyk(image: Image.Image, profile: bytes) -> Image.Image:
    """An 8-bit sRGB RGB image as CMYK pixels of `profile` (Pillow's convention: 0 = no ink)."""
    converted = ImageCms.applyTransform(image, _reverse(profile))
    assert converted is not None  # None only for a transform in place
    return converted


def cmyk_colour(values: tuple[float, float, float, float], profile: bytes
                ) -> tuple[int, int, int]:
    """One CMYK colour (0..1 ink fractions, as in Photoshop type data) as sRGB."""
    ink = tuple(round(255 * min(max(v, 0.0), 1.0)) for v in values)
    r, g, b = cmyk_to_srgb(Image.new("CMYK", (1, 1), ink), profile).tobytes()
    return r, g, b
