"""Variant, marketplace main images: a pure white border, the product filling at least the
slot's minimum, and none of the content the slot forbids (text, logo, badge)."""
from __future__ import annotations

import numpy as np

from ..errors import NotApplicable
from ..findings import number_against
from ..model import Finding
from ..scene import TEXT_ROLES
from .base import AppliesTo, CheckContext
from .rendered import VariantContext, extent

ID = "main-image"
APPLIES_TO: AppliesTo = "variant"
NEEDS_SLOT = False
CODES = ("main.border-not-white", "main.product-fill", "main.forbidden-content")
BORDER_PX = 2
WHITE_TOLERANCE = 3  # per channel: 252..255 counts as white (encoders' rounding)
FORBIDDEN_ROLES = {"text": tuple(r for r in TEXT_ROLES if r != "badge"), "logo": ("logo",),
                   "badge": ("badge",)}


def _border(asset: VariantContext) -> list[Finding]:
    rgb = np.asarray(asset.image.convert("RGB"))
    ring = np.ones(rgb.shape[:2], dtype=bool)
    ring[BORDER_PX:-BORDER_PX, BORDER_PX:-BORDER_PX] = False
    off = int(np.count_nonzero((rgb[ring] < 255 - WHITE_TOLERANCE).any(axis=1)))
    if not off:
        return []
    return [Finding("main.border-not-white", "error",
                    f"{off:,} of the {int(ring.sum()):,} px in the outer {BORDER_PX} px border "
                    f"are not white (tolerance {WHITE_TOLERANCE})", **asset.where)]


def _fill(asset: VariantContext, wanted: float) -> list[Finding]:
    product = asset.mask("product")
    fill = 0.0
    if product is not None:
        x0, y0, x1, y1 = extent(product)
        fill = max((x1 - x0) / product.shape[1], (y1 - y0) / product.shape[0])
    if fill >= wanted:
        return []
    return [Finding("main.product-fill", "error",
                    f"the product fills {number_against(100 * fill, 100 * wanted, 0)}% of the "
                    f"image, the slot needs {100 * wanted:g}%",
                    **asset.where)]


def _forbidden(asset: VariantContext) -> list[Finding]:
    out = []
    for what in asset.slot.forbid:
        for role in FORBIDDEN_ROLES.get(what, ()):
            mask = asset.mask(role)
            if mask is not None:
                out.append(Finding("main.forbidden-content", "error",
                                   f"{role} drawn ({int(mask.sum()):,} px) in a slot that "
                                   f"forbids {what}", **asset.where))
    return out


def run(asset: VariantContext, ctx: CheckContext) -> list[Finding]:
    slot = asset.slot
    if slot.background != "white" and not slot.min_product_fill and not slot.forbid:
        raise NotApplicable("not a main image: the slot sets no white background, product "
                            "fill or forbidden content")
    findings = _border(asset) if slot.background == "white" else []
    findings += _fill(asset, slot.min_product_fill) if slot.min_product_fill else []
    return findings + _forbidden(asset)
