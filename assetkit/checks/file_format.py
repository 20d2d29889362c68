"""Exported file: its real format is one the slot accepts."""
from __future__ import annotations

from ..model import Finding
from .base import AppliesTo, CheckContext, ImageFile
from .extension import format_id

ID = "format"
APPLIES_TO: AppliesTo = "file"
NEEDS_SLOT = True
CODES = ("file.format-not-allowed",)


def run(asset: ImageFile, ctx: CheckContext) -> list[Finding]:
    real = format_id(asset.facts.format)
    target = asset.slot_target
    allowed = target.slot.formats
    if real in allowed:
        return []
    return [Finding("file.format-not-allowed", "error",
                    f"{real.upper()} is not accepted by {target.key} "
                    f"(allowed: {', '.join(allowed)})", **asset.where)]
