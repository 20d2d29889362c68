"""Variant: the rendered logo is at least the brand's minimum height, and its clear space
(a margin of `clear_space` x its rendered height) holds no other role's pixels."""
from __future__ import annotations

import numpy as np

from ..errors import NotApplicable
from ..model import Finding
from .base import AppliesTo, CheckContext
from .rendered import VariantContext, box_mask, extent

ID = "logo-size"
APPLIES_TO: AppliesTo = "variant"
NEEDS_SLOT = False
CODES = ("logo.too-small", "logo.clear-space")


def _clear_space(asset: VariantContext, logo: np.ndarray, margin_of: float) -> list[Finding]:
    x0, y0, x1, y1 = extent(logo)
    pad = margin_of * (y1 - y0)
    zone = box_mask(logo.shape, (x0 - pad, y0 - pad, x1 + pad, y1 + pad))
    out = []
    for role in asset.masks:
        mask = asset.mask(role) if role != "logo" else None
        count = int(np.count_nonzero(mask & zone)) if mask is not None else 0
        if count:
            out.append(Finding("logo.clear-space", "error",
                               f"{role}: {count:,} rendered px inside the logo's clear space "
                               f"({pad:.0f} px around it)", **asset.where))
    return out


def run(asset: VariantContext, ctx: CheckContext) -> list[Finding]:
    rule = asset.brand.logo if asset.brand else None
    if rule is None or not (rule.min_height_px or rule.clear_space):
        raise NotApplicable("the brand sets no logo minimum height or clear space")
    logo = asset.mask("logo")
    if logo is None:
        raise NotApplicable("no logo in this variant")
    findings = []
    x0, y0, x1, y1 = extent(logo)
    if y1 - y0 < rule.min_height_px:
        findings.append(Finding("logo.too-small", "warning",
                                f"logo renders {y1 - y0} px tall, below the brand minimum "
                                f"{rule.min_height_px:g} px", **asset.where))
    if rule.clear_space:
        findings += _clear_space(asset, logo, rule.clear_space)
    return findings
