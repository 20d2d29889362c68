"""Variant: no role's rendered pixels inside an overlay zone or the slot's safe margin."""
from __future__ import annotations

import numpy as np

from ..errors import NotApplicable
from ..geometry import zone_box
from ..model import Finding
from .base import AppliesTo, CheckContext
from .rendered import VariantContext, box_mask

ID = "zones"
APPLIES_TO: AppliesTo = "variant"
NEEDS_SLOT = False
CODES = ("zones.overlap",)


def _areas(ctx: VariantContext) -> list[tuple[str, np.ndarray]]:
    """(description, bool mask) of every area of the slot that must stay free."""
    shape = (ctx.image.height, ctx.image.width)
    areas = []
    for zone in ctx.slot.overlay_zones:
        box = zone_box(zone, ctx.image.size)
        areas.append((f"overlay zone '{zone.name}' (covered by {zone.covered_by})",
                      box_mask(shape, box.as_tuple())))
    w, h = ctx.image.size
    top, right, bottom, left = (m.resolve(h if i % 2 == 0 else w)
                                for i, m in enumerate(ctx.slot.safe_margin))
    if top or right or bottom or left:
        areas.append((f"safe margin ({top}/{right}/{bottom}/{left} px)",
                      ~box_mask(shape, (left, top, w - right, h - bottom))))
    return areas


def run(asset: VariantContext, ctx: CheckContext) -> list[Finding]:
    areas = _areas(asset)
    if not areas:
        raise NotApplicable("the slot has no overlay zones or safe margin")
    findings = []
    for role in asset.masks:
        mask = asset.mask(role)
        if mask is None:
            continue
        for name, area in areas:
            count = int(np.count_nonzero(mask & area))
            if count:
                findings.append(Finding("zones.overlap", "error",
                                        f"{role}: {count:,} rendered px inside the {name}",
                                        **asset.where))
    return findings
