"""Variant: the logo is placed at least the brand's minimum height tall, and its clear space
(a margin of `clear_space` x its rendered height) holds no other role's pixels.

The height is the placement's (the logo's source box x its scale): the size the layout chose,
in fractional px, not the rendered rows (the renderer snaps each edge to a whole pixel, up to
one row more or less). This is the only logo-size rule; the layout engine reports none."""
from __future__ import annotations

import numpy as np

from ..errors import NotApplicable
from ..findings import number_against, on_layer
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


def _too_small(asset: VariantContext, minimum: float) -> list[Finding]:
    placed = next((p for p in asset.layout.placements if p.role == "logo"), None)
    if placed is None or placed.dst.height >= minimum:
        return []
    return [Finding("logo.too-small", "warning",
                    f"logo placed {number_against(placed.dst.height, minimum)} px tall, below "
                    f"the brand minimum {minimum:g} px",
                    **on_layer(asset.where, placed.layers[0]))]



def run(asset: VariantContext, ctx: CheckContext) -> list[Finding]:
    rule = asset.brand.logo if asset.brand else None
    if rule is None or not (rule.min_height_px or rule.clear_space):
        raise NotApplicable("the brand sets no logo minimum height or clear space")
    logo = asset.mask("logo")
    if logo is None:
        raise NotApplicable("no logo in this variant")
    findings = _too_small(asset, rule.min_height_px) if rule.min_height_px else []
    if rule.clear_space:
        findings += _clear_space(asset, logo, rule.clear_space)
    return findings
