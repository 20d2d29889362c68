"""Font index: which font file a PSD font name means, and which characters that face lacks."""
from __future__ import annotations

import json
import logging
import os
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.sfnt import readTTCHeader

from .errors import AssetkitError, ExitCode
from .fsutil import write_atomic

log = logging.getLogger(__name__)

FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc"})
CACHE_FILE = "fonts.json"
_CACHE_VERSION = 1
_NO_ALIASES: Mapping[str, str] = MappingProxyType({})

# Unicode Default_Ignorable_Code_Point ranges: invisible, so no font needs a glyph for them
# (zero-width joiners, variation selectors, bidi marks, Hangul fillers, tags...).
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


class BrandFontDirMissing(AssetkitError):
    """A brand font folder given to the index does not exist or is not a folder."""

    exit_code = ExitCode.USAGE


class FontNotFound(AssetkitError, LookupError):
    """A font the code asked for by name is not where it should be."""


class FontUnreadable(AssetkitError):
    """An indexed font file can no longer be read (changed or removed since indexing)."""


@dataclass(frozen=True)
class FontFace:
    """One face of a font file; `index` is its number inside a .ttc/.otc collection."""

    path: Path
    index: int
    postscript_name: str
    full_name: str
    family: str
    style: str
    origin: str  # "brand" | "system" | "bundled"


class SkippedFont(NamedTuple):
    """A font file left out of the index and why. A NamedTuple so it unpacks as (path, reason)."""

    path: Path
    reason: str


@dataclass(frozen=True)
class _FaceNames:
    index: int
    postscript_name: str
    full_name: str
    family: str
    style: str


@dataclass(frozen=True)
class _FileRecord:
    """What one font file holds; valid while the file's mtime_ns and size are unchanged."""

    mtime_ns: int
    size: int
    faces: tuple[_FaceNames, ...] = ()
    error: str | None = None


# ---------------------------------------------------------------- where fonts live


def system_font_dirs(
    platform: str = sys.platform,
    env: Mapping[str, str] = os.environ,
    home: Path | None = None,
) -> tuple[Path, ...]:
    """The folders the operating system installs fonts into, most general first."""
    home = Path.home() if home is None else home
    if platform == "darwin":
        return (Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts")
    if platform.startswith("win"):
        dirs = [Path(env.get("WINDIR", r"C:\Windows")) / "Fonts"]
        if "LOCALAPPDATA" in env:  # fonts installed "for this user only" since Windows 10 1809
            dirs.append(Path(env["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
        return tuple(dirs)
    return (
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".fonts",
        home / ".local/share/fonts",
    )


def bundled_font_dir() -> Path:
    """The folder of fonts shipped inside the package (Noto Sans KR, under the OFL)."""
    # The package is installed as plain files, so the Traversable is a real folder.
    return Path(str(resources.files("assetkit") / "data" / "fonts"))


def default_cache_dir(env: Mapping[str, str] = os.environ, home: Path | None = None) -> Path:
    """$ASSETKIT_CACHE_DIR, else $XDG_CACHE_HOME/assetkit, else ~/.cache/assetkit."""
    if env.get("ASSETKIT_CACHE_DIR"):
        return Path(env["ASSETKIT_CACHE_DIR"])
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "assetkit"
    return (Path.home() if home is None else home) / ".cache" / "assetkit"


def bundled_font_path(postscript_name: str = "NotoSansKR-Regular") -> Path:
    """The file of a font shipped with assetkit, looked up by its PostScript name."""
    for face in _bundled_faces():
        if face.postscript_name.casefold() == postscript_name.casefold():
            return face.path
    raise FontNotFound(f"no bundled font with PostScript name {postscript_name!r}")


@lru_cache(maxsize=1)
def _bundled_faces() -> tuple[FontFace, ...]:
    faces, _skipped, _records = _scan([(bundled_font_dir(), "bundled")], {})
    return faces


def _font_files(root: Path) -> Iterator[Path]:
    """Font files under `root`, recursively, in a stable order; each real folder walked once."""
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:  # a symlink loop or a folder linked twice
            dirnames.clear()
            continue
        seen.add(real)
        dirnames.sort()
        for name in sorted(filenames):
            if os.path.splitext(name)[1].lower() in FONT_SUFFIXES:
                yield Path(dirpath, name)


# ---------------------------------------------------------------- reading font files


def _read_faces(path: Path) -> tuple[_FaceNames, ...]:
    """The names of every face in a font file, reading only the name table."""
    return tuple(_read_names(path, index) for index in range(_face_count(path)))


def _face_count(path: Path) -> int:
    with path.open("rb") as handle:
        if handle.read(4) != b"ttcf":
            return 1
        handle.seek(0)
        return int(readTTCHeader(handle).numFonts)


def _read_names(path: Path, index: int) -> _FaceNames:
    with TTFont(path, fontNumber=index, lazy=True) as font:
        table = font["name"]
        return _FaceNames(
            index=index,
            postscript_name=_name(table, 6),
            full_name=_name(table, 4),
            family=_name(table, 16) or _name(table, 1),
            style=_name(table, 17) or _name(table, 2),
        )


def _name(table: Any, name_id: int) -> str:
    value = table.getDebugName(name_id)  # prefers the English (Windows, then Mac) record
    return (value or "").replace("\x00", "").strip()


def _read_cmap(face: FontFace) -> frozenset[int]:
    try:
        with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
            return frozenset(font.getBestCmap() or ())
    except Exception as exc:  # fontTools raises many exception types on malformed data
        raise FontUnreadable(f"{face.path}: cannot read character map: {exc}") from exc


def _record_for(path: Path, cached: Mapping[str, _FileRecord]) -> _FileRecord:
    """The cached record if the file is unchanged, else a freshly read one."""
    stat = path.stat()
    hit = cached.get(str(path))
    if hit is not None and (hit.mtime_ns, hit.size) == (stat.st_mtime_ns, stat.st_size):
        return hit
    try:
        faces = _read_faces(path)
    except OSError:
        raise  # not the file's content: do not cache, let the caller skip it this time
    except Exception as exc:  # a malformed font can raise almost anything inside fontTools
        return _FileRecord(stat.st_mtime_ns, stat.st_size, error=_reason(exc))
    if not faces:
        return _FileRecord(stat.st_mtime_ns, stat.st_size, error="collection holds no faces")
    return _FileRecord(stat.st_mtime_ns, stat.st_size, faces=faces)


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _scan(
    roots: Iterable[tuple[Path, str]], cached: Mapping[str, _FileRecord]
) -> tuple[tuple[FontFace, ...], tuple[SkippedFont, ...], dict[str, _FileRecord]]:
    """Faces in priority order, skipped files, and the records to cache, for (folder, origin)s."""
    faces: list[FontFace] = []
    skipped: list[SkippedFont] = []
    records: dict[str, _FileRecord] = {}
    seen: set[str] = set()
    for root, origin in roots:
        for path in _font_files(root):
            real = os.path.realpath(path)
            if real in seen:  # the same file reached twice keeps its first, higher origin
                continue
            seen.add(real)
            try:
                record = records[str(path)] = _record_for(path, cached)
            except OSError as exc:
                skipped.append(SkippedFont(path, _reason(exc)))
                continue
            if record.error is not None:
                skipped.append(SkippedFont(path, record.error))
            faces.extend(_face(path, names, origin) for names in record.faces)
    return tuple(faces), tuple(skipped), records


def _face(path: Path, names: _FaceNames, origin: str) -> FontFace:
    return FontFace(path, names.index, names.postscript_name, names.full_name,
                    names.family, names.style, origin)


# ---------------------------------------------------------------- the metadata cache


def _load_cache(path: Path) -> dict[str, _FileRecord]:
    """Records from the cache file; a missing, corrupt or older-format cache counts as empty."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["version"] != _CACHE_VERSION:
            return {}
        return {key: _record_from_json(value) for key, value in data["files"].items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("ignoring unreadable font cache %s (%s); rebuilding it", path, exc)
        return {}


def _record_from_json(value: Any) -> _FileRecord:
    """One cache entry; malformed entries raise KeyError/TypeError/ValueError."""
    faces = tuple(_FaceNames(int(i), str(ps), str(full), str(family), str(style))
                  for i, ps, full, family, style in value["faces"])
    error = value["error"]
    return _FileRecord(int(value["mtime_ns"]), int(value["size"]), faces,
                       None if error is None else str(error))


def _record_to_json(record: _FileRecord) -> dict[str, object]:
    faces = [[f.index, f.postscript_name, f.full_name, f.family, f.style] for f in record.faces]
    return {"mtime_ns": record.mtime_ns, "size": record.size, "faces": faces, "error": record.error}


def _update_cache(path: Path, cached: dict[str, _FileRecord], fresh: dict[str, _FileRecord]) -> None:
    """Merge fresh records into the cache, drop files that are gone, write only on change."""
    merged = {key: rec for key, rec in cached.items() if key in fresh or os.path.exists(key)}
    merged.update(fresh)
    if merged == cached:
        return
    payload = {"version": _CACHE_VERSION,
               "files": {key: _record_to_json(rec) for key, rec in sorted(merged.items())}}
    try:
        write_atomic(path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    except OSError as exc:  # the cache only saves time; the index itself is complete
        log.warning("could not write font cache %s: %s", path, exc)


# ---------------------------------------------------------------- the index


def _key(name: str) -> str:
    return name.strip().casefold()


def _lookup_tables(faces: Sequence[FontFace]) -> tuple[dict[str, FontFace], ...]:
    """PostScript, full-name and family+style tables; the first face per key wins."""
    by_ps: dict[str, FontFace] = {}
    by_full: dict[str, FontFace] = {}
    by_family_style: dict[str, FontFace] = {}
    for face in faces:
        if face.postscript_name:
            by_ps.setdefault(_key(face.postscript_name), face)
        if face.full_name:
            by_full.setdefault(_key(face.full_name), face)
        for sep in (" ", "-"):
            by_family_style.setdefault(_key(f"{face.family}{sep}{face.style}"), face)
    return by_ps, by_full, by_family_style


def _needs_glyph(char: str) -> bool:
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

    __slots__ = ("_faces", "_skipped", "_tables", "_cmaps")

    def __init__(self, faces: Iterable[FontFace], skipped: Iterable[SkippedFont] = ()) -> None:
        self._faces = tuple(faces)
        self._skipped = tuple(skipped)
        self._tables = _lookup_tables(self._faces)
        self._cmaps: dict[tuple[Path, int], frozenset[int]] = {}

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
        cache_path = (default_cache_dir() if cache_dir is None else cache_dir) / CACHE_FILE
        cached = _load_cache(cache_path)
        faces, skipped, fresh = _scan(roots, cached)
        _update_cache(cache_path, cached, fresh)
        return cls(faces, skipped)

    @property
    def faces(self) -> tuple[FontFace, ...]:
        return self._faces

    @property
    def skipped(self) -> tuple[SkippedFont, ...]:
        return self._skipped

    def find(self, name: str) -> FontFace | None:
        """The face named `name` (PostScript, then full name, then family+style), or None."""
        key = _key(name)
        if not key:
            return None
        for table in self._tables:
            if key in table:
                return table[key]
        return None

    def resolve(self, psd_name: str, aliases: Mapping[str, str] = _NO_ALIASES) -> FontFace | None:
        """The face for a PSD font name after aliases (name -> PostScript name), or None.

        When an alias matches, only its target is looked up: a configured alias whose
        target is missing must surface as a missing font, not quietly fall back.
        """
        target = _alias_target(psd_name, aliases)
        return self.find(psd_name if target is None else target)

    def coverage(self, face: FontFace, text: str) -> tuple[str, ...]:
        """Characters of `text` (NFC) that `face` has no glyph for, once each, in order."""
        cmap = self._cmap(face)
        text = unicodedata.normalize("NFC", text)
        missing = (char for char in text if _needs_glyph(char) and ord(char) not in cmap)
        return tuple(dict.fromkeys(missing))

    def families(self) -> dict[str, list[FontFace]]:
        """Faces grouped by family, families sorted by name, faces in priority order."""
        groups: dict[str, list[FontFace]] = {}
        for face in self._faces:
            groups.setdefault(face.family, []).append(face)
        return dict(sorted(groups.items(), key=lambda item: item[0].casefold()))

    def _cmap(self, face: FontFace) -> frozenset[int]:
        key = (face.path, face.index)
        if key not in self._cmaps:
            self._cmaps[key] = _read_cmap(face)
        return self._cmaps[key]


def _alias_target(psd_name: str, aliases: Mapping[str, str]) -> str | None:
    if psd_name in aliases:
        return aliases[psd_name]
    key = _key(psd_name)
    return next((target for alias, target in aliases.items() if _key(alias) == key), None)


def vertical_metrics(path: Path, index: int = 0) -> tuple[float, float]:
    """(ascent, descent) in ems: ascent = the height of 'd' (where Photoshop puts a paragraph
    box's first baseline), else the typographic ascender; descent = the em box below the baseline."""
    with TTFont(path, fontNumber=index, lazy=True) as font:
        upem = font["head"].unitsPerEm
        os2 = font["OS/2"] if "OS/2" in font else None
        descent = abs(os2.sTypoDescender) if os2 else abs(font["hhea"].descent)
        ascent = os2.sTypoAscender if os2 else font["hhea"].ascent
        glyph = (font.getBestCmap() or {}).get(ord("d"))
        if glyph is not None:
            pen = BoundsPen(font.getGlyphSet())
            font.getGlyphSet()[glyph].draw(pen)
            if pen.bounds:
                ascent = pen.bounds[3]
    return ascent / upem, descent / upem
