"""Exported file: RGB pixels (no CMYK) and, for sRGB slots, no ICC profile other than sRGB."""
from __future__ import annotations

import io
import re

from ..errors import CannotCheck
from ..model import Finding
from .base import AppliesTo, CheckContext, ImageFile

ID = "colour"
APPLIES_TO: AppliesTo = "file"
NEEDS_SLOT = False
CODES = ("file.cmyk", "file.not-srgb")

# Descriptions sRGB profiles carry: "sRGB IEC61966-2.1", "sRGB built-in", "sRGB v4 ICC..."
_SRGB = re.compile(r"srgb|iec\s*61966-2[.-]1", re.IGNORECASE)


def profile_description(icc: bytes) -> str:
    """The ICC profile's description (what colour-managed apps show as its name)."""
    from PIL import ImageCms  # only needed when a file carries a profile

    try:
        profile = ImageCms.getOpenProfile(io.BytesIO(icc))
        return (ImageCms.getProfileDescription(profile) or "").strip()
    except (OSError, ImageCms.PyCMSError) as exc:
        raise CannotCheck(f"cannot read the embedded ICC profile: {exc}") from None


def run(asset: ImageFile, ctx: CheckContext) -> list[Finding]:
    facts = asset.facts
    if facts.mode == "CMYK":
        return [Finding("file.cmyk", "error",
                        f"CMYK {facts.format} — browsers and marketplaces need RGB; "
                        "convert to sRGB", **asset.where)]
    wants_srgb = asset.target is None or asset.target.slot.colour_space == "srgb"
    if not wants_srgb or not facts.icc_profile:
        return []
    name = profile_description(facts.icc_profile)
    if _SRGB.search(name):
        return []
    return [Finding("file.not-srgb", "warning",
                    f"embedded ICC profile '{name or 'unnamed'}' is not sRGB; colours shift "
                    "where it is ignored — convert to sRGB", **asset.where)]
