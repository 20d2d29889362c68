"""Source: every text run's font resolves (through the brand aliases), is allowed by the brand,
has a glyph for each of its characters, and is not faux bold/italic."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import CannotCheck
from ..model import BrandRules, Finding
from .base import CheckContext, SourceFile

ID = "fonts"
APPLIES_TO = "source"
NEEDS_SLOT = False
CODES = ("fonts.missing", "fonts.not-allowed", "fonts.missing-glyph", "fonts.faux-style")


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


def _allowed(font: str, resolved: str | None, brand: BrandRules | None) -> bool:
    if brand is None or not brand.allowed_fonts:
        return True
    allowed = {name.casefold() for name in brand.allowed_fonts}
    target = brand.font_aliases.get(font, font)
    return any(n and n.casefold() in allowed for n in (font, target, resolved))


def _font_findings(font: str, use: _Use, layer_path: str, ctx: CheckContext,
                   where: dict) -> list[Finding]:
    aliases = ctx.brand.font_aliases if ctx.brand else {}
    face = ctx.font_index().resolve(font, aliases)
    alias = aliases.get(font)
    shown = f"'{font}'" + (f" (alias of '{alias}')" if alias else "")
    out = []
    if face is None:
        out.append(Finding("fonts.missing", "error",
                           f"font {shown} in layer '{layer_path}' is not installed or indexed",
                           **where))
    if not _allowed(font, face.postscript_name if face else None, ctx.brand):
        allowed = ", ".join(ctx.brand.allowed_fonts)
        out.append(Finding("fonts.not-allowed", "error",
                           f"font {shown} in layer '{layer_path}' is not allowed by the brand "
                           f"(allowed: {allowed})", **where))
    if face is not None:
        missing = ctx.font_index().coverage(face, use.text)
        if missing:
            chars = " ".join(f"'{c}' U+{ord(c):04X}" for c in missing)
            named = {n.casefold() for n in (font, alias) if n}
            file = "" if face.postscript_name.casefold() in named else f" ({face.postscript_name})"
            out.append(Finding("fonts.missing-glyph", "error",
                               f"font {shown}{file} in layer '{layer_path}' has no glyph for "
                               f"{chars}", **where))
    if use.faux:
        out.append(Finding("fonts.faux-style", "warning",
                           f"font {shown} in layer '{layer_path}' uses Photoshop's faux "
                           f"{' and '.join(sorted(use.faux))}; use the real font style",
                           **where))
    return out


def run(asset: SourceFile, ctx: CheckContext) -> list[Finding]:
    if ctx.font_index is None:
        raise CannotCheck("no font index")
    findings = []
    for layer in asset.document.scene.layers:
        if layer.text is None:
            continue
        where = {"source": asset.stem, "layer": layer.path_str}
        for font, use in _uses(layer).items():
            findings += _font_findings(font, use, layer.path_str, ctx, where)
    return findings
