"""Exported file: its pixel size fits the slot (exact size, bounds and aspect, detail width)."""
from __future__ import annotations

from ..model import Finding, Slot
from .base import AppliesTo, CheckContext, ImageFile

ID = "dimensions"
APPLIES_TO: AppliesTo = "file"
NEEDS_SLOT = True
CODES = ("file.size-mismatch",)


def size_problem(slot: Slot, size: tuple[int, int]) -> str | None:
    """Why `size` does not fit `slot`, or None when it does."""
    w, h = size
    if slot.detail is not None:
        if w != slot.detail.width:
            return f"the slot needs a width of {slot.detail.width} px"
        if h > slot.detail.max_slice_height:
            return f"taller than the slot's {slot.detail.max_slice_height} px slice maximum"
        return None
    if slot.size is not None:
        return None if size == slot.size else f"the slot needs {slot.size[0]}x{slot.size[1]}"
    b = slot.bounds
    if b is None:
        return None
    if b.min and (w < b.min[0] or h < b.min[1]):
        return f"smaller than the slot's minimum {b.min[0]}x{b.min[1]}"
    if b.max and (w > b.max[0] or h > b.max[1]):
        return f"larger than the slot's maximum {b.max[0]}x{b.max[1]}"
    if b.aspect:
        wanted = b.aspect[0] / b.aspect[1]
        if abs((w / h) / wanted - 1) > b.aspect_tolerance:
            return (f"aspect {w / h:.3f} is not the slot's {b.aspect[0]}:{b.aspect[1]} "
                    f"(tolerance {b.aspect_tolerance:.0%})")
    return None


def run(asset: ImageFile, ctx: CheckContext) -> list[Finding]:
    target = asset.slot_target
    problem = size_problem(target.slot, asset.facts.size)
    if problem is None:
        return []
    w, h = asset.facts.size
    return [Finding("file.size-mismatch", "error", f"{w}x{h} px: {problem} ({target.key})",
                    **asset.where)]
