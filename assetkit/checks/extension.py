"""Exported file: the real format (sniffed from the bytes) matches the file-name extension."""
from __future__ import annotations

from ..model import Finding
from .base import AppliesTo, CheckContext, ImageFile

ID = "extension"
APPLIES_TO: AppliesTo = "file"
NEEDS_SLOT = False
CODES = ("file.extension-mismatch",)

# Pillow's format name -> assetkit's format id, and the extensions each is written with.
FORMAT_IDS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif",
              "AVIF": "avif"}
EXTENSIONS = {"jpeg": (".jpg", ".jpeg", ".jpe"), "png": (".png",), "webp": (".webp",),
              "gif": (".gif",), "avif": (".avif",)}


def format_id(pillow_format: str) -> str:
    """assetkit's id for a Pillow format name (unknown formats: lowercased as they are)."""
    return FORMAT_IDS.get(pillow_format, pillow_format.lower())


def run(asset: ImageFile, ctx: CheckContext) -> list[Finding]:
    real = format_id(asset.facts.format)
    ext = asset.path.suffix.lower()
    if ext in EXTENSIONS.get(real, (f".{real}",)):
        return []
    return [Finding("file.extension-mismatch", "error",
                    f"the file is {real.upper()} but its name ends in '{asset.path.suffix}'",
                    **asset.where)]
