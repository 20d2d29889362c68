"""Variant and file: each coded string fits its area in the declared font, size and line count
(measured with the bundled face, not counted), or the platform cuts it."""
from __future__ import annotations

from ..coded import CodedArea
from ..errors import NotApplicable
from ..findings import Where
from ..model import Finding
from .base import AppliesTo, CheckContext
from .coded_copy import coded_pairs
from .rendered import VariantContext

ID = "coded.too-long"
APPLIES_TO: AppliesTo = "variant"
NEEDS_SLOT = False
CODES = ("coded.too-long",)


def findings(size: tuple[int, int], pairs: list[tuple[CodedArea, str]], where: Where
             ) -> list[Finding]:
    """The findings for strings set in a variant's or an exported file's areas."""
    from ..render.coded import set_text  # the text engine: only where coded text is

    found = []
    for area, text in pairs:
        setting = set_text(area, text, size)
        if not setting.cut:
            continue
        limit = f"{area.lines} line{'s' if area.lines > 1 else ''}"
        if area.max_chars is not None:
            limit += f" / {area.max_chars} characters"
        found.append(Finding(
            "coded.too-long", "warning",
            f"coded text '{area.name}' ({len(text)} characters) does not fit {limit} of "
            f"{setting.box.width:g} px at {area.size_px:g} px {area.weight}: the platform "
            f"will cut it after '{setting.lines[-1] if setting.lines else ''}'", **where))
    return found


def run(asset: VariantContext, ctx: CheckContext) -> list[Finding]:
    pairs = list(coded_pairs(asset))
    if not pairs:
        raise NotApplicable("no coded text for this slot")
    return findings(asset.image.size, pairs, asset.where)
