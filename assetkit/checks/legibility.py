"""Variant: the smallest rendered text is at least the slot's (or the brand's) minimum height.

A unit made of type layers is measured by its smallest run: font size x the unit's placement
scale. A unit of pixels (rasterised text) is measured on its mask: the height of its shortest
line of ink (rows with ink, between empty rows)."""
from __future__ import annotations

import numpy as np

from ..errors import NotApplicable
from ..findings import number_against
from ..layout.engine import text_minimum
from ..model import Finding
from ..scene import TEXT_ROLES
from .base import AppliesTo, CheckContext
from .rendered import VariantContext

ID = "legibility"
APPLIES_TO: AppliesTo = "variant"
NEEDS_SLOT = False
CODES = ("legibility.text-too-small",)


def minimum(asset: VariantContext) -> float | None:
    return text_minimum(asset.slot, asset.brand)


def shortest_line(mask: np.ndarray) -> int:
    """Height in px of the shortest run of consecutive rows holding ink."""
    rows = np.concatenate([[0], mask.any(axis=1).astype(np.int8), [0]])
    edges = np.flatnonzero(np.diff(rows))
    return int((edges[1::2] - edges[::2]).min())


def _run_size(asset: VariantContext, layers: tuple[str, ...]) -> float | None:
    if asset.scene is None:
        return None
    sizes = [r.size_px for la in asset.scene.layers if la.visible and la.text is not None
             and any(la.path_str == p or la.path_str.startswith(p + "/") for p in layers)
             for r in la.text.runs if r.text.strip()]
    return min(sizes) if sizes else None


def _heights(asset: VariantContext) -> list[tuple[float, str, str]]:
    """(rendered height, role, how it was measured) of every text unit drawn."""
    out = []
    for placement in asset.layout.placements:
        mask = asset.mask(placement.role) if placement.role in TEXT_ROLES else None
        if mask is None:
            continue
        size = _run_size(asset, placement.layers)
        if size is not None:
            out.append((size * placement.scale, placement.role, "font size"))
        else:
            out.append((float(shortest_line(mask)), placement.role, "shortest line of ink"))
    return out


def run(asset: VariantContext, ctx: CheckContext) -> list[Finding]:
    floor = minimum(asset)
    if floor is None:
        raise NotApplicable("neither the slot nor the brand sets a minimum text size")
    heights = _heights(asset)
    if not heights:
        return []
    height, role, how = min(heights)
    if height >= floor:
        return []
    return [Finding("legibility.text-too-small", "warning",
                    f"smallest text ({role}) renders {number_against(height, floor)} px tall "
                    f"({how}), below the "
                    f"{floor:g} px minimum", **asset.where)]
