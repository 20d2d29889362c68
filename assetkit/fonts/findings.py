"""What a layer's fonts resolved to, as findings: fonts.missing (no face in the chain),
fonts.missing-glyph (characters no face draws), fonts.substituted (a stand-in face drew the
text; an error when the brand's `fonts.allowed` demands exact faces)."""
from __future__ import annotations

from collections.abc import Iterable

from ..findings import Where
from ..model import Finding, Severity
from .faces import FontFace
from .resolve import FontResolver, TextFaces

CODES = ("fonts.missing", "fonts.missing-glyph", "fonts.substituted")


def face_label(face: FontFace) -> str:
    """'LiberationSans' (LiberationSans-Regular.ttf, Version 2.1.5): name, file, version (its
    first part: the rest of a version string is the tools that built it)."""
    version = face.version.split(";")[0].strip()
    return f"'{face.postscript_name}' ({face.path.name}{', ' + version if version else ''})"


def _shown(uses: TextFaces) -> str:
    alias = uses.resolved.alias
    return f"'{uses.resolved.wanted}'" + (f" (alias of '{alias}')" if alias else "")


def _severity(fonts: FontResolver, face: FontFace, *, table: bool) -> tuple[Severity, str]:
    """Error when the brand lists allowed fonts and a table substitute stands in for a face
    (the brand demands exact faces) or a fallback face is not one it allows."""
    allowed = {name.casefold() for name in fonts.allowed}
    if allowed and (table or face.postscript_name.casefold() not in allowed):
        return "error", f"; the brand allows only {', '.join(fonts.allowed)}"
    return "warning", ""


def text_findings(fonts: FontResolver, uses: TextFaces, layer: str,
                  where: Where) -> list[Finding]:
    """Findings for one text set in one wanted font in layer `layer`."""
    resolved, out = uses.resolved, []
    if resolved.face is None:
        why = ("its target is not installed or indexed" if resolved.alias else
               "is not installed, bundled with assetkit or in the substitution table")
        return [Finding("fonts.missing", "error",
                        f"font {_shown(uses)} in layer '{layer}' {why}", **where)]
    if resolved.substituted:
        severity, tail = _severity(fonts, resolved.face, table=True)
        kind = "metric-compatible substitute" if resolved.metric else "substitute"
        out.append(Finding("fonts.substituted", severity,
                           f"layer '{layer}' wants font '{resolved.wanted}' (not installed): set "
                           f"with {kind} {face_label(resolved.face)}{tail}", **where))
    for face, scripts in uses.fallbacks().items():
        severity, tail = _severity(fonts, face, table=False)
        out.append(Finding("fonts.substituted", severity,
                           f"layer '{layer}' in font {_shown(uses)}: {', '.join(scripts)} "
                           f"text set with {face_label(face)} ('{resolved.face.postscript_name}'"
                           f" has no glyphs for it){tail}", **where))
    if uses.missing:
        chars = " ".join(f"'{c}' U+{ord(c):04X}" for c in uses.missing)
        out.append(Finding("fonts.missing-glyph", "error",
                           f"font {_shown(uses)} in layer '{layer}': no face in the font chain "
                           f"has a glyph for {chars}", **where))
    return out


def layer_findings(fonts: FontResolver, texts: Iterable[tuple[str, str]], layer: str,
                   where: Where) -> tuple[list[Finding], list[TextFaces]]:
    """Findings and face plans for (font, text) pairs of one layer, each finding once."""
    findings: dict[Finding, None] = {}
    plans = []
    for font, text in texts:
        uses = fonts.text_faces(font, text)
        plans.append(uses)
        findings.update(dict.fromkeys(text_findings(fonts, uses, layer, where)))
    return list(findings), plans


def blocking(findings: Iterable[Finding]) -> bool:
    """Whether findings say the text cannot be set: a font or a glyph no face has."""
    return any(f.code in ("fonts.missing", "fonts.missing-glyph") for f in findings)
