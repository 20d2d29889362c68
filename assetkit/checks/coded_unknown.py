"""Variant: coded text is given but the image's copy is pixels (no type layers, or text units
drawn from pixels), so the copy checks cannot compare it: said, not passed silently."""
from __future__ import annotations

from ..errors import NotApplicable
from ..model import Finding
from .base import AppliesTo, CheckContext
from .coded_copy import coded_pairs, image_copy, pixel_text_roles
from .rendered import VariantContext

ID = "coded.image-text-unknown"
APPLIES_TO: AppliesTo = "variant"
NEEDS_SLOT = False
CODES = ("coded.image-text-unknown",)
MESSAGE = ("the image's text is pixels ({what}): coded.conflict and coded.duplicate cannot "
           "compare it with the coded text")


def run(asset: VariantContext, ctx: CheckContext) -> list[Finding]:
    if not any(True for _ in coded_pairs(asset)):
        raise NotApplicable("no coded text for this slot")
    if not image_copy(asset):
        what = "no type layers"
    elif roles := pixel_text_roles(asset):
        what = "rasterised " + ", ".join(dict.fromkeys(roles))
    else:
        return []
    return [Finding("coded.image-text-unknown", "info", MESSAGE.format(what=what),
                    **asset.where)]
