"""Output file names: portable stems, the file-name template and collision suffixes."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM_BYTES = 120
MAX_NAME_BYTES = 255  # a whole file name: NAME_MAX of ext4/APFS, NTFS's 255 UTF-16 units


def _clip(stem: str, max_bytes: int) -> str:
    # Cutting can expose a dot or space, which Windows drops from the end of a name.
    while len(stem.encode("utf-8")) > max_bytes:
        stem = stem[:-1]
    return stem.rstrip(". ")


def safe_stem(name: str, max_bytes: int = MAX_STEM_BYTES) -> str:
    """A file-name stem that is valid on Windows, macOS and Linux, NFC-normalised."""
    stem = unicodedata.normalize("NFC", name)
    stem = _clip(re.sub(r"\s+", " ", _FORBIDDEN.sub("_", stem)).strip(), max_bytes)
    first, dot, rest = stem.partition(".")
    if first.upper() in _RESERVED:  # Windows also reserves CON.txt, NUL.tar.gz...
        stem = _clip(f"{first}_{dot}{rest}", max_bytes)
    return stem or "untitled"


def source_stems(paths: Sequence[Path]) -> dict[Path, str]:
    """A unique stem per source; colliding stems get their parent folder's name as a suffix."""
    stems = {p: safe_stem(p.stem) for p in paths}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem.casefold()] = counts.get(stem.casefold(), 0) + 1
    out: dict[Path, str] = {}
    taken: set[str] = set()
    for path, stem in stems.items():
        name = stem if counts[stem.casefold()] == 1 else f"{stem}-{safe_stem(path.parent.name)}"
        base, n = name, 2
        while name.casefold() in taken:
            name, n = f"{base}-{n}", n + 1
        taken.add(name.casefold())
        out[path] = name
    return out


def output_relpath(template: str, *, source: str, platform: str, slot: str, size: tuple[int, int],
                   ext: str, lang: str | None = None, slice_index: int | None = None) -> str:
    """`<source>/<platform>/<file name from the template>`, POSIX separators. `source` is the
    source's output folder (`designerA/banner`); `{source}` in the template its last part."""
    name = template.format(source=source.rpartition("/")[2], platform=platform, slot=slot, w=size[0], h=size[1],
                           ext=ext, lang=lang or "", slice="" if slice_index is None
                           else f"{slice_index + 1:02d}")
    if slice_index is not None and "{slice" not in template:
        base, dot, suffix = name.rpartition(".")
        name = f"{base}_{slice_index + 1:02d}{dot}{suffix}"
    if lang and "{lang" not in template:
        base, dot, suffix = name.rpartition(".")
        name = f"{base}_{lang}{dot}{suffix}"
    base, dot, ext_part = name.rpartition(".")
    if not dot:
        base, ext_part = name, ""
    # Only the part before the extension is cleaned and, if very long, shortened: cutting the
    # whole name at MAX_STEM_BYTES dropped the extension and the size/slice/lang suffixes.
    ext_part = _FORBIDDEN.sub("_", ext_part)
    stem = safe_stem(base, MAX_NAME_BYTES - len(f"{dot}{ext_part}".encode()))
    return f"{source}/{platform}/{stem}{dot}{ext_part}"
