"""Source: every text run's font resolves (brand folders and aliases, bundled faces, the
substitution table: fonts.substituted when a stand-in sets it), some face of its chain has a
glyph for each of its characters, it is allowed by the brand and not faux bold/italic."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import CannotCheck
from ..findings import Where
from ..model import BrandRules, Finding
from .base import AppliesTo, CheckContext, SourceFile

if TYPE_CHECKING:
    from ..fonts.resolve import FontResolver

ID = "fonts"
APPLIES_TO: AppliesTo = "source"
NEEDS_SLOT = False
CODES = ("fonts.missing", "fonts.not-allowed", "fonts.missing-glyph", "fonts.faux-style",
         "fonts.substituted")


@dataclass
class _Use:
    """One font in one layer: the text it sets and whether Photoshop fakes a style."""

    text: str = ""
    faux: set[str] = field(default_factory=set)


def _uses(layer) -> dict[str, _Use]:
    uses: dict[str, _Use] = {}
    for run in layer.text.runs:
        use = uses.setdefault(run.font, _Use())
        use.text += run.text
        use.faux |= {s for s, on in (("bold", run.faux_bold), ("italic", run.faux_italic)) if on}
    return uses


def _allowed(font: str, resolved: str | None, brand: BrandRules) -> bool:
    if not brand.allowed_fonts:
        return True
    allowed = {name.casefold() for name in brand.allowed_fonts}
    target = brand.font_aliases.get(font, font)
    return any(n and n.casefold() in allowed for n in (font, target, resolved))


def _font_findings(font: str, use: _Use, layer_path: str, ctx: CheckContext,
                   fonts: FontResolver, where: Where) -> list[Finding]:
    from ..fonts.findings import text_findings  # fontTools: only when a source is checked

    uses = fonts.text_faces(font, use.text)
    out = text_findings(fonts, uses, layer_path, where)
    face = uses.resolved.face
    brand = ctx.brand
    if brand is not None and not _allowed(font, face.postscript_name if face else None, brand):
        alias = uses.resolved.alias
        shown = f"'{font}'" + (f" (alias of '{alias}')" if alias else "")
        out.append(Finding("fonts.not-allowed", "error",
                           f"font {shown} in layer '{layer_path}' is not allowed by the brand "
                           f"(allowed: {', '.join(brand.allowed_fonts)})", **where))
    if use.faux:
        out.append(Finding("fonts.faux-style", "warning",
                           f"font '{font}' in layer '{layer_path}' uses Photoshop's faux "
                           f"{' and '.join(sorted(use.faux))}; use the real font style",
                           **where))
    return out


def run(asset: SourceFile, ctx: CheckContext) -> list[Finding]:
    if ctx.font_index is None:
        raise CannotCheck("no font index")
    from ..fonts.resolve import FontResolver

    fonts = FontResolver.for_brand(ctx.font_index(), ctx.brand)
    findings = []
    for layer in asset.document.scene.layers:
        if layer.text is None:
            continue
        where: Where = {"source": asset.stem, "layer": layer.path_str}
        for font, use in _uses(layer).items():
            findings += _font_findings(font, use, layer.path_str, ctx, fonts, where)
    return findings
