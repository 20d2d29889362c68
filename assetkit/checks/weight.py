"""Exported file: its bytes are at most the slot's weight cap (a detail slice's own cap if set)."""
from __future__ import annotations

from ..model import Finding
from .base import AppliesTo, CheckContext, ImageFile

ID = "weight"
APPLIES_TO: AppliesTo = "file"
NEEDS_SLOT = True
CODES = ("file.over-cap",)


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def run(asset: ImageFile, ctx: CheckContext) -> list[Finding]:
    target = asset.slot_target
    slot = target.slot
    cap = slot.cap_bytes(slice=slot.detail is not None)
    size = asset.facts.bytes
    if size <= cap:
        return []
    return [Finding("file.over-cap", "error",
                    f"{kb(size)} ({size:,} bytes) is over the {kb(cap)} cap of "
                    f"{target.key}", **asset.where)]
