"""Exported file: its bytes are at most the slot's weight cap (a detail slice's own cap if set)."""
from __future__ import annotations

from ..model import Finding, Slot
from .base import CheckContext, ImageFile

ID = "weight"
APPLIES_TO = "file"
NEEDS_SLOT = True
CODES = ("file.over-cap",)


def cap_bytes(slot: Slot) -> int:
    """The slot's cap in bytes, as the build applies it (1 KB = 1024 bytes)."""
    kb = slot.detail.slice_max_kb if slot.detail and slot.detail.slice_max_kb else slot.max_kb
    return int(kb * 1024)


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def run(asset: ImageFile, ctx: CheckContext) -> list[Finding]:
    cap = cap_bytes(asset.target.slot)
    size = asset.facts.bytes
    if size <= cap:
        return []
    return [Finding("file.over-cap", "error",
                    f"{kb(size)} ({size:,} bytes) is over the {kb(cap)} cap of "
                    f"{asset.target.key}", **asset.where)]
