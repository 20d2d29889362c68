"""Variant: the image's headline does not repeat a coded string (spaces and punctuation
aside): the platform already writes it, and the banner's space is spent twice."""
from __future__ import annotations

from ..coded.normalize import repeats
from ..errors import NotApplicable
from ..findings import on_layer
from ..model import Finding
from .base import AppliesTo, CheckContext
from .coded_copy import coded_pairs, image_copy
from .rendered import VariantContext

ID = "coded.duplicate"
APPLIES_TO: AppliesTo = "variant"
NEEDS_SLOT = False
CODES = ("coded.duplicate",)


def run(asset: VariantContext, ctx: CheckContext) -> list[Finding]:
    pairs = list(coded_pairs(asset))
    heads = [c for c in image_copy(asset) if c.role == "headline"]
    if not pairs or not heads:
        raise NotApplicable("no coded text, or no headline type layer")
    return [Finding("coded.duplicate", "warning",
                    f"the headline repeats the coded '{area.name}' ({text!r}): the platform "
                    f"writes it already", **on_layer(asset.where, head.layer))
            for head in heads for area, text in pairs if repeats(head.text, text)]
