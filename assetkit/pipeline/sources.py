"""Source paths and globs -> the PSD/PSB files of a build, in a stable order."""
from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

from ..errors import UsageError

SOURCE_SUFFIXES = (".psd", ".psb")


def expand_sources(patterns: Sequence[str | Path], root: Path = Path(".")) -> list[Path]:
    """Files named or matched by `patterns` (folders mean their PSD/PSB files, recursively)."""
    found: dict[Path, None] = {}
    for pattern in patterns:
        path = Path(pattern).expanduser()
        path = path if path.is_absolute() else root / path
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.suffix.lower() in SOURCE_SUFFIXES)
        elif any(ch in str(pattern) for ch in "*?["):
            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
        elif path.exists():
            matches = [path]
        else:
            raise UsageError(f"{pattern}: no such file or folder")
        for match in matches:
            if match.is_file() and not match.name.startswith("."):
                found.setdefault(match, None)
    return list(found)
