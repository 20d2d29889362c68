"""Variant: no text, logo or product ink under an area where the platform writes its own text."""
from __future__ import annotations

import numpy as np

from ..errors import NotApplicable
from ..findings import on_layer
from ..geometry import resolve_box
from ..model import Finding
from ..scene import TEXT_ROLES
from .base import AppliesTo, CheckContext
from .rendered import VariantContext, box_mask

ID = "coded.covered"
APPLIES_TO: AppliesTo = "variant"
NEEDS_SLOT = False
CODES = ("coded.covered",)
INK_ROLES = (*TEXT_ROLES, "logo", "product")


def run(asset: VariantContext, ctx: CheckContext) -> list[Finding]:
    if not asset.slot.coded_text:
        raise NotApplicable("the slot has no coded-text areas")
    shape = (asset.image.height, asset.image.width)
    findings = []
    for placement in asset.layout.placements:
        mask = asset.mask(placement.role) if placement.role in INK_ROLES else None
        if mask is None:
            continue
        for area in asset.slot.coded_text:
            box = resolve_box(area.box, asset.image.size)
            count = int(np.count_nonzero(mask & box_mask(shape, box.as_tuple())))
            if count:
                where = on_layer(asset.where, ", ".join(placement.layers))
                findings.append(Finding(
                    "coded.covered", "error",
                    f"{placement.role}: {count:,} px of ink under the coded-text area "
                    f"'{area.name}', where the platform writes its own text", **where))
    return findings
