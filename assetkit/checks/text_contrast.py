"""Variant: placed text still reads against what the layout put behind it. Each text unit is
judged along its glyphs' edges (measure/edge_contrast.py), in the slot and where it stood in the
source; one that lost reading there (`lost`) was laid on a panel of the colour it read against
(render/legible.py, `layout.text-backed`) and is judged on it. What still does not read over a
tenth of its length is named with its layer: an error from a quarter of its length, a warning
below (an ellipsis lost in a drawing's lines)."""
from __future__ import annotations

from ..errors import NotApplicable
from ..findings import on_layer
from ..measure.edge_contrast import UNREADABLE, lost
from ..model import Finding
from .base import AppliesTo, CheckContext
from .rendered import VariantContext

ID = "text-contrast"
APPLIES_TO: AppliesTo = "variant"
NEEDS_SLOT = False
CODES = ("legibility.low-contrast",)
UNSHIPPABLE = 0.25  # share of a unit's length lost (measure.edge_contrast.lost) for an error


def run(asset: VariantContext, ctx: CheckContext) -> list[Finding]:
    if not asset.contrast:
        raise NotApplicable("no placed text to judge against its backdrop")
    out = []
    for judged in asset.contrast.values():
        share = lost(judged.placed, judged.source)
        if not share:
            continue
        before = judged.source.unreadable if judged.source is not None else 0.0
        out.append(Finding(
            "legibility.low-contrast", "error" if share >= UNSHIPPABLE else "warning",
            f"{judged.role}: {share:.0%} of its length does not read against what is behind it "
            f"here (edge contrast under {UNREADABLE:g}:1, lowest {judged.placed.worst:.2f}:1); "
            f"{before:.0%} in the source",
            **on_layer(asset.where, judged.layers[0] if judged.layers else judged.role)))
    return out
