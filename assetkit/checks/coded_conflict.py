"""Variant: the image's text and the platform's coded strings state no disagreeing numbers,
percentages, prices, dates or counts (compared after normalisation: coded/normalize.py)."""
from __future__ import annotations

from ..coded.normalize import conflicts
from ..errors import NotApplicable
from ..findings import on_layer
from ..model import Finding
from .base import AppliesTo, CheckContext
from .coded_copy import coded_pairs, image_copy
from .rendered import VariantContext

ID = "coded.conflict"
APPLIES_TO: AppliesTo = "variant"
NEEDS_SLOT = False
CODES = ("coded.conflict",)


def _say(facts: frozenset) -> str:
    return ", ".join(sorted(str(f) for f in facts))


def run(asset: VariantContext, ctx: CheckContext) -> list[Finding]:
    pairs, copy = list(coded_pairs(asset)), image_copy(asset)
    if not pairs or not copy:
        raise NotApplicable("no coded text, or no type layers to compare it with")
    findings = []
    for item in copy:
        for area, text in pairs:
            for kind, mine, theirs in conflicts(item.text, text):
                findings.append(Finding(
                    "coded.conflict", "error",
                    f"the image says {_say(mine)} but the coded '{area.name}' says "
                    f"{_say(theirs)} ({kind})", **on_layer(asset.where, item.layer)))
    return findings
