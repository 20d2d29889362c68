"""Variant and file: each coded string's colour against the image under its glyphs (after the
platform's scrim) reaches WCAG 2 contrast: 4.5:1, or 3:1 for large text."""
from __future__ import annotations

import numpy as np
from PIL import Image

from ..coded import CodedArea
from ..errors import NotApplicable
from ..findings import Where
from ..measure.contrast import luminance, luminance_ratio
from ..model import Finding
from .base import AppliesTo, CheckContext
from .coded_copy import coded_pairs
from .rendered import VariantContext

ID = "coded.low-contrast"
APPLIES_TO: AppliesTo = "variant"
NEEDS_SLOT = False
CODES = ("coded.low-contrast",)


def worst_ratio(image: Image.Image, pairs: list[tuple[CodedArea, str]]
                ) -> list[tuple[str, float, float, str]]:
    """(area name, lowest ratio under a glyph, the area's minimum, that glyph) per string."""
    from ..render.coded import set_text, under_scrim  # the text engine: only where coded text is

    rgb = under_scrim(image, tuple(a for a, _ in pairs))
    lum = luminance(rgb)
    out = []
    for area, text in pairs:
        setting = set_text(area, text, image.size)
        chars = [c for line in setting.lines for c in line if not c.isspace()]
        worst, glyph = np.inf, ""
        text_lum = float(luminance(area.colour))
        for ch, box in zip(chars, setting.glyph_boxes, strict=False):
            x0, y0, x1, y1 = (max(0, round(v)) for v in box.as_tuple())
            patch = lum[y0:y1, x0:x1]
            if patch.size == 0:
                continue
            ratio = float(luminance_ratio(float(patch.mean()), text_lum))
            if ratio < worst:
                worst, glyph = ratio, ch
        if glyph:
            out.append((area.name, worst, area.min_contrast(), glyph))
    return out


def findings(image: Image.Image, pairs: list[tuple[CodedArea, str]], where: Where
             ) -> list[Finding]:
    """The findings on a variant's or an exported file's pixels."""
    return [Finding("coded.low-contrast", "warning",
                    f"coded text '{name}': contrast {ratio:.2f}:1 against the image under "
                    f"'{glyph}' (after the platform's scrim), below WCAG 2's {floor:g}:1",
                    **where)
            for name, ratio, floor, glyph in worst_ratio(image, pairs) if ratio < floor]


def run(asset: VariantContext, ctx: CheckContext) -> list[Finding]:
    pairs = list(coded_pairs(asset))
    if not pairs:
        raise NotApplicable("no coded text for this slot")
    return findings(asset.image, pairs, asset.where)
