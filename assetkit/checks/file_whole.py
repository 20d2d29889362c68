"""Exported file: it is whole, not cut short by a partial copy or upload (its header opens,
so every other check would pass it)."""
from __future__ import annotations

from ..model import Finding
from .base import AppliesTo, CheckContext, ImageFile

ID = "whole"
APPLIES_TO: AppliesTo = "file"
NEEDS_SLOT = False
CODES = ("file.truncated",)
CUT_SHORT = "the file ends before its image does ({:,} bytes): a partial copy or upload"


def run(asset: ImageFile, ctx: CheckContext) -> list[Finding]:
    if not asset.facts.cut_short:
        return []
    return [Finding("file.truncated", "error",
                    f"{CUT_SHORT.format(asset.facts.bytes)}; export or copy it again",
                    **asset.where)]
