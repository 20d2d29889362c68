"""`assetkit fonts`: the indexed fonts, and for PSDs which face each used font resolves to (its own,
or a substitute from the table) and whether the font chain covers the text."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..document import open_document
from ..errors import AssetkitError, ExitCode, worst_exit
from ..fonts.index import FontIndex
from ..fonts.resolve import FontResolver
from ..model import BrandRules, Campaign
from .campaign import campaign_brand, open_campaign, require_files


@dataclass(frozen=True)
class FontUse:
    """One font named by one text layer of a source, and what the index made of it."""

    source: str
    layer: str
    font: str
    resolved: str | None
    origin: str | None
    allowed: bool | None
    missing_glyphs: tuple[str, ...] = ()
    via: str | None = None  # brand | alias | bundled | installed | substitute
    face: str | None = None  # the PostScript name of the face used


@dataclass(frozen=True)
class FontReport:
    families: dict[str, list[str]]
    faces: int
    uses: tuple[FontUse, ...]
    failures: tuple[str, ...]
    warnings: tuple[str, ...] = ()  # about the campaign and brand files (unknown keys, ...)

    def exit_code(self) -> ExitCode:
        codes = [ExitCode.UNREADABLE] if self.failures else []
        if any(u.resolved is None or u.allowed is False for u in self.uses):
            codes.append(ExitCode.FINDINGS)
        return worst_exit(codes)

    def to_dict(self) -> dict:
        return {"faces": self.faces, "families": self.families,
                "uses": [vars(u) | {"missing_glyphs": list(u.missing_glyphs)} for u in self.uses],
                "failures": list(self.failures)}


def _uses(path: Path, fonts: FontResolver, brand: BrandRules | None) -> list[FontUse]:
    doc = open_document(path)
    aliases = brand.font_aliases if brand else {}
    out = []
    for layer in doc.text_layers:
        for font in layer.fonts:
            uses = fonts.text_faces(font, layer.text)
            face = uses.resolved.face
            allowed = None
            if brand and brand.allowed_fonts:
                name = face.postscript_name if face else aliases.get(font, font)
                allowed = name in brand.allowed_fonts
            out.append(FontUse(path.name, layer.path, font, str(face.path) if face else None,
                               face.origin if face else None, allowed,
                               uses.missing if face else (),
                               uses.resolved.via, face.postscript_name if face else None))
    return out


def fonts(psds: Sequence[Path] = (), *, brand: Path | None = None,
          campaign: Campaign | Path | None = None) -> FontReport:
    """The fonts indexed and, for `psds`, each font their text uses and what it resolves to,
    with the brand (`brand`, else the campaign's) allowing or not."""
    require_files(psds)
    campaign, said = open_campaign(campaign)
    rules, brand_said = campaign_brand(campaign, brand)
    report = font_report(psds, rules)
    return replace(report, warnings=(*said, *brand_said, *report.warnings))


def font_report(psds: Sequence[Path], brand: BrandRules | None = None) -> FontReport:
    index = FontIndex.build(brand.font_dirs if brand else ())
    fonts = FontResolver.for_brand(index, brand)
    families: dict[str, list[str]] = {}
    for face in index.faces:
        families.setdefault(face.family, []).append(face.style)
    uses: list[FontUse] = []
    failures: list[str] = []
    for path in psds:
        try:
            uses.extend(_uses(Path(path), fonts, brand))
        except AssetkitError as exc:
            failures.append(str(exc))
    return FontReport(families, len(index.faces), tuple(uses), tuple(failures),
                      tuple(index.unreadable_in(brand.font_dirs if brand else ())))
