"""Font index: the faces in brand, system and bundled folders by name, and which characters a
face lacks (fonts/resolve.py decides which face a PSD font name gets)."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import BrandFontDirMissing, FontNotFound, FontUnreadable
from ..fsutil import default_cache_dir
from .faces import FontFace, SkippedFont, read_cmap, vertical_metrics
from .scan import (
    CACHE_FILE,
    FONT_SUFFIXES,
    DigestCache,
    bundled_font_dir,
    bundled_font_path,
    load_cache,
    scan,
    system_font_dirs,
    update_cache,
)

__all__ = ["CACHE_FILE", "FONT_SUFFIXES", "BrandFontDirMissing", "FontFace", "FontIndex",
           "FontNotFound", "FontUnreadable", "SkippedFont", "bundled_font_dir",
           "bundled_font_path", "default_cache_dir", "system_font_dirs", "vertical_metrics"]


# Unicode Default_Ignorable_Code_Point ranges: invisible, so no font needs a glyph for them
# (zero-width joiners, variation selectors, bidi marks, Hangul fillers, tags...).
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def name_key(name: str) -> str:
    """How font names compare: case- and edge-space-insensitive."""
    return name.strip().casefold()


def find_in(tables: Sequence[dict[str, FontFace]], name: str) -> FontFace | None:
    """The face named `name` in the first of `tables` (from `lookup_tables`) that has it."""
    key = name_key(name)
    return next((table[key] for table in tables if key in table), None) if key else None


def version_number(version: str) -> tuple[int, ...]:
    """'Version 2.1.5; ttfautohint' -> (2, 1, 5): the numbers of a name-table version string."""
    match = re.search(r"\d+(?:\.\d+)*", version)
    return tuple(int(part) for part in match.group().split(".")) if match else ()


def _keep(table: dict[str, FontFace], key: str, face: FontFace) -> None:
    """The first face per key wins (brand, then system, then bundled folders), except that
    of two faces from the same kind of folder the higher version wins: a machine with both
    fonts-liberation (1.07) and fonts-liberation2 (2.1) sets text with 2.1, whichever folder
    sorts first."""
    held = table.setdefault(key, face)
    if held is not face and held.origin == face.origin and \
            version_number(face.version) > version_number(held.version):
        table[key] = face


def lookup_tables(faces: Sequence[FontFace]) -> tuple[dict[str, FontFace], ...]:
    """PostScript, full-name and family+style tables (see `_keep` for which face wins)."""
    by_ps: dict[str, FontFace] = {}
    by_full: dict[str, FontFace] = {}
    by_family_style: dict[str, FontFace] = {}
    for face in faces:
        if face.postscript_name:
            _keep(by_ps, name_key(face.postscript_name), face)
        if face.full_name:
            _keep(by_full, name_key(face.full_name), face)
        for sep in (" ", "-"):
            _keep(by_family_style, name_key(f"{face.family}{sep}{face.style}"), face)
    return by_ps, by_full, by_family_style


def needs_glyph(char: str) -> bool:
    """False for controls, whitespace and invisible code points, which nothing draws."""
    if char.isspace() or unicodedata.category(char) == "Cc":
        return False
    code = ord(char)
    return not any(low <= code <= high for low, high in _IGNORABLE_RANGES)


class FontIndex:
    """Faces from brand, system and bundled font folders, looked up by the names PSDs use.

    Immutable once built: `faces` and `skipped` are tuples; the only state that changes
    is a private cache of character maps read on demand by `coverage`.
    """

    __slots__ = ("_faces", "_skipped", "_tables", "_cmaps", "_digests", "_digest_cache")

    def __init__(self, faces: Iterable[FontFace], skipped: Iterable[SkippedFont] = (),
                 cache_dir: Path | None = None) -> None:
        self._faces = tuple(faces)
        self._skipped = tuple(skipped)
        self._tables = lookup_tables(self._faces)
        self._cmaps: dict[tuple[Path, int], frozenset[int]] = {}
        self._digests: dict[Path, str] = {}
        self._digest_cache = DigestCache(cache_dir or default_cache_dir())

    @classmethod
    def build(
        cls,
        brand_dirs: Sequence[Path] = (),
        *,
        system: bool = True,
        bundled: bool = True,
        cache_dir: Path | None = None,
        system_dirs: Sequence[Path] | None = None,
    ) -> FontIndex:
        """Index brand folders, then system folders, then bundled fonts, in that priority.

        `system_dirs` replaces the operating system's font folders (for tests); files
        that cannot be read are listed in `skipped`. Metadata is cached in `cache_dir`
        (default: `default_cache_dir()`), keyed by path, mtime and size.
        """
        for folder in brand_dirs:
            if not Path(folder).is_dir():
                raise BrandFontDirMissing(f"brand font folder not found: {folder}")
        roots = [(Path(folder), "brand") for folder in brand_dirs]
        if system:
            roots += [(d, "system") for d in (system_dirs or system_font_dirs()) if d.is_dir()]
        if bundled:
            roots.append((bundled_font_dir(), "bundled"))
        folder = default_cache_dir() if cache_dir is None else cache_dir
        cached = load_cache(folder / CACHE_FILE)
        faces, skipped, fresh = scan(roots, cached)
        update_cache(folder / CACHE_FILE, cached, fresh)
        return cls(faces, skipped, folder)

    @property
    def faces(self) -> tuple[FontFace, ...]:
        return self._faces

    @property
    def skipped(self) -> tuple[SkippedFont, ...]:
        return self._skipped

    def unreadable_in(self, folders: Sequence[Path]) -> list[str]:
        """One line per file under `folders` (the brand's font folders) left out of the index
        because it cannot be read: its faces are missing, and the user put it there."""
        roots = [Path(f).resolve() for f in folders]
        return [f"{path}: a brand font file that cannot be read ({reason}); its faces are "
                "not available" for path, reason in self._skipped
                if any(Path(path).resolve().is_relative_to(root) for root in roots)]

    def find(self, name: str) -> FontFace | None:
        """The face named `name` (PostScript, then full name, then family+style), or None."""
        return find_in(self._tables, name)

    def coverage(self, face: FontFace, text: str) -> tuple[str, ...]:
        """Characters of `text` (NFC) that `face` has no glyph for, once each, in order."""
        cmap = self._cmap(face)
        text = unicodedata.normalize("NFC", text)
        missing = (char for char in text if needs_glyph(char) and ord(char) not in cmap)
        return tuple(dict.fromkeys(missing))

    def has_glyph(self, face: FontFace, char: str) -> bool:
        """Whether `face` draws `char` (True for characters that need no glyph)."""
        return not needs_glyph(char) or ord(char) in self._cmap(face)

    def file_digest(self, face: FontFace) -> str:
        """sha256 of the face's file (hashed once per file version: scan.DigestCache)."""
        if face.path not in self._digests:
            self._digests[face.path] = self._digest_cache.digest(face.path)
        return self._digests[face.path]

    def families(self) -> dict[str, list[FontFace]]:
        """Faces grouped by family, families sorted by name, faces in priority order."""
        groups: dict[str, list[FontFace]] = {}
        for face in self._faces:
            groups.setdefault(face.family, []).append(face)
        return dict(sorted(groups.items(), key=lambda item: item[0].casefold()))

    def _cmap(self, face: FontFace) -> frozenset[int]:
        key = (face.path, face.index)
        if key not in self._cmaps:
            self._cmaps[key] = read_cmap(face)
        return self._cmaps[key]

