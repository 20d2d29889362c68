"""The one font resolver: (PSD font name, script of the text, weight/slant) -> a face file.

Order: the brand's font folders and aliases; the faces bundled with assetkit; the substitution
table bundled with assetkit (brand rows first); then, per run of one script, a fallback chain for
the characters the chosen face has no glyph for. Fonts installed on the machine are used only
as faces the table names, so the same installed packages give the same faces everywhere."""
from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Literal

from ..model import BrandRules, Substitute
from .faces import FontFace
from .index import FontIndex, find_in, lookup_tables, name_key, needs_glyph, version_number
from .names import compact, matches, wanted_style
from .scripts import COMMON, main_scripts, scripts

if TYPE_CHECKING:
    from ..config.fonttable import SubstitutionTable

Via = Literal["brand", "alias", "bundled", "installed", "substitute"]
_VIA: dict[str, Via] = {"brand": "brand", "bundled": "bundled"}  # a face's origin -> via
_ORIGIN_RANK = {"brand": 0, "bundled": 1, "system": 2}
# Han is read as Korean Hanja or Japanese Kanji in text that holds Hangul or Kana.
_HAN_CONTEXT = ("Hangul", "Kana")


@cache
def bundled_table() -> SubstitutionTable:
    """The substitution table shipped with assetkit (assetkit/data/font-substitutes.yaml)."""
    from ..config.fonttable import load_substitution_table

    return load_substitution_table()


@dataclass(frozen=True)
class Resolved:
    """What a PSD font name resolved to: the face (None: nothing in the chain) and how."""

    wanted: str
    face: FontFace | None
    via: Via | None = None
    metric: bool = False  # a substitute with the original's advance widths
    alias: str | None = None

    @property
    def substituted(self) -> bool:
        return self.via == "substitute"


@dataclass(frozen=True)
class TextFaces:
    """One text in one wanted font: the face that draws each character (NFC), None where no
    face in the chain has the glyph."""

    resolved: Resolved
    text: str
    faces: tuple[FontFace | None, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        """Characters no face in the chain draws, once each, in order."""
        return tuple(dict.fromkeys(c for c, f in zip(self.text, self.faces, strict=True)
                                   if f is None and needs_glyph(c)))

    @property
    def used(self) -> tuple[FontFace, ...]:
        return tuple(dict.fromkeys(f for f in self.faces if f is not None))

    def fallbacks(self) -> dict[FontFace, tuple[str, ...]]:
        """Faces other than the resolved one -> the scripts they draw here."""
        out: dict[FontFace, dict[str, None]] = {}
        for char, script, face in zip(self.text, scripts(self.text), self.faces, strict=True):
            if face is not None and face != self.resolved.face and needs_glyph(char):
                out.setdefault(face, {})[script] = None
        return {face: tuple(names) for face, names in out.items()}


def _nearest(faces: Sequence[FontFace], weight: int, italic: bool) -> FontFace | None:
    """The face of the nearest weight, same slant first; ties go lighter for weights up to 500
    and heavier above (as CSS font matching does)."""
    if not faces:
        return None
    return min(faces, key=lambda f: (f.italic != italic, abs(f.weight - weight),
                                     -f.weight if weight > 500 else f.weight))


class FontResolver:
    """Resolves PSD font names through brand folders/aliases, bundled faces, the substitution
    table and the per-script fallback chain. Immutable but for private memo tables."""

    def __init__(self, index: FontIndex, table: SubstitutionTable | None = None, *,
                 aliases: Mapping[str, str] | None = None, rows: Sequence[Substitute] = (),
                 allowed: Sequence[str] = ()) -> None:
        base = bundled_table() if table is None else table
        self.index = index
        self.table = replace(base, rows=(*rows, *base.rows))
        self.aliases = dict(aliases or {})
        self.allowed = tuple(allowed)
        # brand, bundled, then system folders; within one, a family's newest version first
        newest = sorted(index.faces, key=lambda f: version_number(f.version), reverse=True)
        ranked = sorted(newest, key=lambda f: _ORIGIN_RANK.get(f.origin, 3))
        known = {compact(name) for name in self.families()}
        self._by_family: dict[str, list[FontFace]] = {}
        for face in ranked:
            self._by_family.setdefault(compact(face.family), []).append(face)
        self._exact = lookup_tables([f for f in ranked if f.origin != "system"
                                      or compact(f.family) in known])
        self._any = lookup_tables(ranked)
        self._resolved: dict[str, Resolved] = {}
        self._fallbacks: dict[tuple, FontFace | None] = {}

    @classmethod
    def for_brand(cls, index: FontIndex, brand: BrandRules | None,
                  table: SubstitutionTable | None = None) -> FontResolver:
        if brand is None:
            return cls(index, table)
        return cls(index, table, aliases=brand.font_aliases, rows=brand.font_substitutes,
                   allowed=brand.allowed_fonts)

    # ---- names -> faces

    def resolve(self, name: str) -> Resolved:
        """The face a PSD font name stands for, and how it was found."""
        if name not in self._resolved:
            self._resolved[name] = self._resolve(name)
        return self._resolved[name]

    def _resolve(self, name: str) -> Resolved:
        target = _alias_target(name, self.aliases)
        if target is not None:  # an alias is the brand's word: its target or nothing
            return Resolved(name, find_in(self._any, target), "alias", alias=target)
        face = find_in(self._exact, name)
        if face is not None:
            return Resolved(name, face, _VIA.get(face.origin, "installed"))
        weight, italic = wanted_style(name)
        for row in self.table.rows:
            if any(matches(name, pattern) for pattern in row.fonts):
                for family in row.use:
                    face = _nearest(self.family_faces(family), weight, italic)
                    if face is not None:
                        return Resolved(name, face, "substitute", row.metric)
        return Resolved(name, None)

    def family_faces(self, family: str) -> list[FontFace]:
        """The installed faces of a family: brand folders first, then bundled, then system."""
        return self._by_family.get(compact(family), [])

    def text_faces(self, name: str, text: str) -> TextFaces:
        """The face of every character of `text` (NFC) set in font `name`."""
        resolved = self.resolve(name)
        text = unicodedata.normalize("NFC", text)
        primary = resolved.face
        if primary is None:
            return TextFaces(resolved, text, (None,) * len(text))
        context = main_scripts(text)
        faces: list[FontFace | None] = []
        for char, script in zip(text, scripts(text), strict=True):
            if self.index.has_glyph(primary, char):
                faces.append(primary)
            else:
                faces.append(self.fallback(char, script, primary, context))
        return TextFaces(resolved, text, tuple(faces))

    def faces(self, name: str, text: str) -> tuple[FontFace | None, ...]:
        """The text engine's question: which face draws each character."""
        return self.text_faces(name, text).faces

    def fallback(self, char: str, script: str, primary: FontFace,
                 context: Sequence[str] = ()) -> FontFace | None:
        """The first face of the script's fallback chain (then Common's) that draws `char`, at
        the weight and slant nearest to `primary`'s."""
        key = (char, script, primary.weight, primary.italic, tuple(context))
        if key not in self._fallbacks:
            self._fallbacks[key] = next(
                (face for family in self._chain(script, context)
                 if (face := _nearest(self.family_faces(family), primary.weight,
                                      primary.italic)) is not None
                 and self.index.has_glyph(face, char)), None)
        return self._fallbacks[key]

    def _chain(self, script: str, context: Sequence[str]) -> tuple[str, ...]:
        chain = self.table.fallback
        first = [c for c in _HAN_CONTEXT if c in context] if script == "Han" else []
        order = [*(f for c in first for f in chain.get(c, ())), *chain.get(script, ()),
                 *chain.get(COMMON, ())]
        return tuple(dict.fromkeys(order))

    # ---- what the table needs from this machine, and its digest

    def families(self) -> tuple[str, ...]:
        """Every family the table names (rows, then fallbacks), once each."""
        named = [f for row in self.table.rows for f in row.use]
        named += [f for chain in self.table.fallback.values() for f in chain]
        return tuple(dict.fromkeys(named))

    def status(self) -> list[tuple[str, str, bool, bool]]:
        """(family, package, installed?, first choice?) for every family the table names; a
        first choice heads some row or fallback chain, the others are alternatives to it."""
        chains = [*(row.use for row in self.table.rows), *self.table.fallback.values()]
        first = {chain[0] for chain in chains if chain}
        return [(family, self.table.packages.get(family, "?"), bool(self.family_faces(family)),
                 family in first) for family in self.families()]

    def resolvable_faces(self) -> tuple[FontFace, ...]:
        """Every face this resolver hands out: brand and bundled faces, and the installed faces
        of the families the table names (a copy in a later folder is never chosen)."""
        known = {compact(name) for name in self.families()}
        chosen: dict[tuple, FontFace] = {}
        for faces in self._by_family.values():
            for f in faces:  # in priority order: the first of each family, weight and slant
                if f.origin != "system" or compact(f.family) in known:
                    chosen.setdefault((compact(f.family), f.weight, f.italic), f)
        return tuple(chosen.values())

    def digest(self) -> dict[str, str]:
        """sha256 of the table (brand rows included) and of the face files it resolves to here:
        two machines with equal digests set text with the same files."""
        table = json.dumps(asdict(self.table) | {"aliases": self.aliases}, sort_keys=True,
                           default=lambda v: dict(v) if isinstance(v, Mapping) else list(v))
        lines = sorted(f"{f.postscript_name}\t{f.origin}\t{f.path.name}\t{f.index}\t"
                       f"{self.index.file_digest(f)}" for f in self.resolvable_faces())
        return {"table": hashlib.sha256(table.encode()).hexdigest(),
                "faces": hashlib.sha256("\n".join(lines).encode()).hexdigest()}


def face_record(face: FontFace) -> dict[str, str]:
    """How an output records a face it used: PostScript name, file (bundled faces relative to
    the package, so the record is the same on every machine) and version."""
    file = f"assetkit/data/fonts/{face.path.name}" if face.origin == "bundled" else str(face.path)
    if face.index:
        file += f"#{face.index}"  # the face's number inside a .ttc collection
    return {"face": face.postscript_name, "file": file, "version": face.version}


def _alias_target(psd_name: str, aliases: Mapping[str, str]) -> str | None:
    if psd_name in aliases:
        return aliases[psd_name]
    key = name_key(psd_name)
    return next((target for alias, target in aliases.items() if name_key(alias) == key), None)
