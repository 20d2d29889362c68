"""Detail slices: the smallest text each slice holds at the slice's real pixel size
(legibility.text-too-small, warning) and as a phone shows the slice full width
(legibility.mobile, warning).

A page is scaled to the slot's width before it is cut, so text set at 12 px on a 1920 px page
is 5.4 px on an 860 px slice. On a phone the slice fills a viewport of MOBILE_VIEWPORT_CSS_PX
CSS px, so its text shows at font px x 390 / slice width CSS px: under 12 (brand
`mobile_min_css_px` may raise it) it is too small to read there."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..findings import Where, number_against, on_layer
from ..geometry import Box
from ..layout.engine import DEFAULT_MIN_PX, text_minimum
from ..model import BrandRules, Finding, SliceInfo, Slot

MOBILE_VIEWPORT_CSS_PX = 390  # the width of a common phone viewport (iPhone 12 to 15)
MOBILE_MIN_CSS_PX = 12.0


@dataclass(frozen=True)
class PageText:
    """A text on the localized page: its layer, where its ink is and its smallest font size
    (document px)."""

    layer: str
    box: Box
    size_px: float


def text_floor(slot: Slot, brand: BrandRules | None) -> float:
    return text_minimum(slot, brand) or DEFAULT_MIN_PX  # else the layout's and the fitter's floor


def mobile_floor(brand: BrandRules | None) -> float:
    raised = brand.mobile_min_css_px if brand else None
    return max(MOBILE_MIN_CSS_PX, raised or 0.0)


def slice_findings(texts: Sequence[PageText], scale: float, slices: Sequence[SliceInfo],
                   slot: Slot, brand: BrandRules | None, where: Where) -> list[Finding]:
    """Per slice, its smallest text (document px x `scale`) against the slot's floor and, for
    the slice shown full width on a phone, against the mobile floor."""
    floor, mobile = text_floor(slot, brand), mobile_floor(brand)
    found = []
    for piece in slices:
        held = [t for t in texts if t.box.y0 * scale < piece.y1 and t.box.y1 * scale > piece.y0]
        if not held:
            continue
        text = min(held, key=lambda t: (t.size_px, t.layer))
        px, width = text.size_px * scale, slot.detail.width if slot.detail else 0
        at = on_layer(where, text.layer)
        head = f"slice {piece.index + 1} of {piece.count}: text of layer '{text.layer}'"
        if px < floor:
            found.append(Finding("legibility.text-too-small", "warning",
                                 f"{head} renders {number_against(px, floor)} px tall "
                                 f"({text.size_px:g} px x {scale:.3f}), below the {floor:g} px "
                                 "minimum", **at))
        css = px * MOBILE_VIEWPORT_CSS_PX / width if width else mobile
        if css < mobile:
            found.append(Finding("legibility.mobile", "warning",
                                 f"{head} shows at {number_against(css, mobile)} CSS px on a "
                                 f"{MOBILE_VIEWPORT_CSS_PX} px wide phone ({px:.1f} px on the "
                                 f"{width} px slice), below {mobile:g} CSS px", **at))
    return found
