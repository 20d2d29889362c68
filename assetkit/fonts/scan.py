"""Where fonts live (brand, system and bundled folders) and the metadata cache that makes
indexing them cheap: a record per font file, valid while its mtime and size are unchanged."""
from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import FontNotFound
from ..fsutil import file_sha256, write_atomic
from .faces import FaceNames, FontFace, SkippedFont, read_faces

log = logging.getLogger(__name__)


FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc", ".otc"})


CACHE_FILE = "fonts.json"


_CACHE_VERSION = 2  # 2: weight, italic and version of each face


@dataclass(frozen=True)
class _FileRecord:
    """What one font file holds; valid while the file's mtime_ns and size are unchanged."""

    mtime_ns: int
    size: int
    faces: tuple[FaceNames, ...] = ()
    error: str | None = None


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


def bundled_font_path(postscript_name: str = "NotoSansKR-Regular") -> Path:
    """The file of a font shipped with assetkit, looked up by its PostScript name."""
    for face in _bundled_faces():
        if face.postscript_name.casefold() == postscript_name.casefold():
            return face.path
    raise FontNotFound(f"no bundled font with PostScript name {postscript_name!r}")


@lru_cache(maxsize=1)
def _bundled_faces() -> tuple[FontFace, ...]:
    faces, _skipped, _records = scan([(bundled_font_dir(), "bundled")], {})
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


def _record_for(path: Path, cached: Mapping[str, _FileRecord]) -> _FileRecord:
    """The cached record if the file is unchanged, else a freshly read one."""
    stat = path.stat()
    hit = cached.get(str(path))
    if hit is not None and (hit.mtime_ns, hit.size) == (stat.st_mtime_ns, stat.st_size):
        return hit
    try:
        faces = read_faces(path)
    except OSError:
        raise  # not the file's content: do not cache, let the caller skip it this time
    except Exception as exc:  # a malformed font can raise almost anything inside fontTools
        return _FileRecord(stat.st_mtime_ns, stat.st_size, error=_reason(exc))
    if not faces:
        return _FileRecord(stat.st_mtime_ns, stat.st_size, error="collection holds no faces")
    return _FileRecord(stat.st_mtime_ns, stat.st_size, faces=faces)


DIGEST_FILE = "font-digests.json"


class DigestCache:
    """sha256 of font files, kept in the cache folder and valid while a file's size and mtime
    are unchanged: a build records the digests of the faces it may use (a CJK collection is
    20-30 MB), and hashing them on every build cost half a second."""

    def __init__(self, cache_dir: Path) -> None:
        self.path = cache_dir / DIGEST_FILE
        self._known: dict[str, list] | None = None

    def _load(self) -> dict[str, list]:
        if self._known is None:
            try:
                self._known = dict(json.loads(self.path.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                self._known = {}
        return self._known

    def digest(self, font: Path) -> str:
        stat, known = font.stat(), self._load()
        hit = known.get(str(font))
        if hit is not None and hit[:2] == [stat.st_mtime_ns, stat.st_size]:
            return str(hit[2])
        known[str(font)] = [stat.st_mtime_ns, stat.st_size, file_sha256(font)]
        try:
            write_atomic(self.path, json.dumps(known, sort_keys=True).encode("utf-8"))
        except OSError as exc:  # the cache only saves time
            log.warning("could not write font digest cache %s: %s", self.path, exc)
        return str(known[str(font)][2])


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def scan(
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


def _face(path: Path, names: FaceNames, origin: str) -> FontFace:
    return FontFace(path, names.index, names.postscript_name, names.full_name,
                    names.family, names.style, origin, names.weight, names.italic, names.version)


def load_cache(path: Path) -> dict[str, _FileRecord]:
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
    faces = tuple(FaceNames(int(i), str(ps), str(full), str(family), str(style), int(weight),
                            bool(italic), str(version))
                  for i, ps, full, family, style, weight, italic, version in value["faces"])
    error = value["error"]
    return _FileRecord(int(value["mtime_ns"]), int(value["size"]), faces,
                       None if error is None else str(error))


def _record_to_json(record: _FileRecord) -> dict[str, object]:
    faces = [[f.index, f.postscript_name, f.full_name, f.family, f.style, f.weight, f.italic,
              f.version] for f in record.faces]
    return {"mtime_ns": record.mtime_ns, "size": record.size, "faces": faces, "error": record.error}


def update_cache(path: Path, cached: dict[str, _FileRecord], fresh: dict[str, _FileRecord]) -> None:
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
