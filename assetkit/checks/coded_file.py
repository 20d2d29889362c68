"""File: an exported image of a slot with coded-text areas, given the campaign's strings
(`check -c`): the pixel checks (coded.low-contrast, coded.too-long) as build runs them, and
coded.image-text-unknown in place of the copy checks (a file's text is pixels)."""
from __future__ import annotations

from PIL import Image

from ..coded import coded_strings
from ..errors import CannotCheck
from ..model import Finding
from . import coded_contrast, coded_too_long
from .base import AppliesTo, CheckContext, ImageFile
from .coded_copy import coded_pairs
from .coded_unknown import MESSAGE

ID = "coded.file"
APPLIES_TO: AppliesTo = "file"
NEEDS_SLOT = True
CODES = ("coded.low-contrast", "coded.too-long", "coded.image-text-unknown")


def run(asset: ImageFile, ctx: CheckContext) -> list[Finding]:
    target = asset.slot_target
    strings = coded_strings(ctx.campaign, target) if ctx.campaign else {}
    pairs = list(coded_pairs(target.slot, strings))
    if not pairs:  # a pass, not a skip: most slots have no coded text to measure
        return []
    try:
        with Image.open(asset.path) as im:
            image = im.convert("RGB")
    except (OSError, ValueError) as exc:
        raise CannotCheck(str(exc)) from None
    if image.size != (target.slot.size or image.size):
        image = image.resize(target.slot.size or image.size)
    return [*coded_contrast.findings(image, pairs, asset.where),
            *coded_too_long.findings(image.size, pairs, asset.where),
            Finding("coded.image-text-unknown", "info",
                    MESSAGE.format(what="an exported image"), **asset.where)]
