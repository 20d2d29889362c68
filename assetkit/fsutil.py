"""Atomic writes (temp file in the same folder + rename) and file hashing: the one writer of
every file assetkit makes (images, PSDs, manifests, reports, caches)."""
from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def open_atomic(path: Path) -> Iterator[BinaryIO]:
    """A handle to write `path`'s new contents to; readers see the old file or the whole new one,
    never a part. The file gets the permissions the umask gives, as `open()` does (0644 under
    umask 022): mkstemp's 0600 would survive the rename and hide outputs from other users."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(tmp, "xb") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (see `open_atomic`)."""
    with open_atomic(path) as handle:
        handle.write(data)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def sweep_temps(folder: Path, recursive: bool = True) -> list[Path]:
    """Placeholder until the crash-safety branch lands."""
    import re

    pattern = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp$")
    if not folder.is_dir():
        return []
    found = folder.rglob(".*.tmp") if recursive else folder.glob(".*.tmp")
    gone = [p for p in found if pattern.match(p.name) and p.is_file()]
    for p in gone:
        p.unlink(missing_ok=True)
    return gone
