"""Atomic writes (temp file in the same folder + rename), the sweep of temp files killed writes
left, and file hashing: the one writer of every file assetkit makes (images, PSDs, manifests,
reports, caches)."""
from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .store.faults import fault

_TOKEN_BYTES = 6  # the random part of a temp file's name: 12 hex digits
# `.{name}.{12 hex}.tmp`, the only names temp files get here (DOTALL: any name)
TEMP_NAME = re.compile(rf"\..+\.[0-9a-f]{{{2 * _TOKEN_BYTES}}}\.tmp", re.DOTALL)


def _temp_for(path: Path, scratch: Path | None) -> Path:
    """A fresh temp name for `path`'s new contents, in `scratch` (default: `path`'s folder;
    made if missing)."""
    folder = Path(scratch) if scratch is not None else path.parent
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f".{path.name}.{secrets.token_hex(_TOKEN_BYTES)}.tmp"


@dataclass(frozen=True)
class Staged:
    """A file written whole under a temp name (`TEMP_NAME`), not yet in place: `put` renames
    it over `path`, `discard` removes it. One never put nor discarded (a killed process) is
    removed by `sweep_temps`."""

    temp: Path
    path: Path

    def put(self) -> None:
        """Renamed into place (its folder made first); a rename that fails removes it."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.temp, self.path)
        except BaseException:
            self.discard()
            raise
        fault("after-rename")

    def discard(self) -> None:
        try:
            self.temp.unlink(missing_ok=True)
        except OSError:  # left for sweep_temps; the caller's own error is the one to report
            pass


def put_all(staged: Sequence[Staged]) -> None:
    """Each file renamed into place, in order; if one cannot be, it and the rest are
    discarded and its error raised (those before it stay in place: within one file system a
    rename fails only where a folder cannot be made or written, which the first one meets)."""
    for i, made in enumerate(staged):
        try:
            made.put()
        except BaseException:
            discard_all(staged[i + 1:])
            raise


def discard_all(staged: Sequence[Staged]) -> None:
    for made in staged:
        made.discard()


@contextmanager
def discarded_if_raised(staged: list[Staged]) -> Iterator[list[Staged]]:
    """`staged`, for the block to add the files it writes aside to: all of them are discarded
    if the block raises (a source's files go in place together or not at all)."""
    try:
        yield staged
    except BaseException:
        discard_all(staged)
        raise


@contextmanager
def open_staged(path: Path, scratch: Path | None) -> Iterator[tuple[BinaryIO, Staged]]:
    """A handle to `path`'s temp file and what it will be once written whole, not yet in
    place: the caller puts it or discards it (removed if the writing fails)."""
    staged = Staged(_temp_for(Path(path), scratch), Path(path))
    try:
        with open(staged.temp, "xb") as handle:
            yield handle, staged
        fault("after-temp-write")
    except BaseException:
        staged.discard()
        raise


@contextmanager
def open_atomic(path: Path, scratch: Path | None = None) -> Iterator[BinaryIO]:
    """A handle to write `path`'s new contents to; readers see the old file or the whole new one,
    never a part. The file gets the permissions the umask gives, as `open()` does (0644 under
    umask 022): mkstemp's 0600 would survive the rename and hide outputs from other users.
    The temp file is made in `scratch` (same file system; default: `path`'s folder): an output
    folder keeps its own in `OUT/.assetkit/tmp`, so a killed write leaves nothing among the
    outputs."""
    with open_staged(path, scratch) as (handle, staged):
        yield handle
    staged.put()


def write_atomic(path: Path, data: bytes, scratch: Path | None = None) -> None:
    """Write `data` to `path` atomically (see `open_atomic`)."""
    write_staged(path, data, scratch).put()


def write_staged(path: Path, data: bytes, scratch: Path | None) -> Staged:
    """`data` written whole for `path` (as `open_atomic` writes it), not yet in place: the
    caller puts it or discards it (a build puts a source's files once all are made)."""
    with open_staged(path, scratch) as (handle, staged):
        handle.write(data)
    return staged


def sweep_temps(folder: Path, recursive: bool = True) -> list[Path]:
    """Remove the temp files that killed atomic writes left in `folder` (and its subfolders,
    unless not `recursive`) and return them, sorted. Only regular files named as open_atomic
    names them go; symlinked folders are not entered. A live write's temp file looks the same,
    so call this only where no other process writes meanwhile (under the output folder's lock)."""
    removed: list[Path] = []
    pending = [Path(folder)]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if recursive and entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            elif entry.is_file(follow_symlinks=False) and TEMP_NAME.fullmatch(entry.name):
                Path(entry.path).unlink(missing_ok=True)
                removed.append(Path(entry.path))
    return sorted(removed)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def broken_link(path: Path) -> str | None:
    """Why `path`, a symbolic link, leads to no file ('a symbolic link that loops', 'a
    symbolic link to nothing'); None when it is not a link or leads somewhere."""
    if not path.is_symlink():
        return None
    try:
        os.stat(path)
    except OSError as exc:
        return ("a symbolic link that loops" if exc.errno == errno.ELOOP
                else "a symbolic link to nothing")
    return None


def real_path(path: Path) -> Path:
    """`path` with every link followed as far as they lead (a loop or a dangling link is
    left where it stops): Path.resolve() raises on a loop."""
    return Path(os.path.realpath(path))


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def default_cache_dir(env: Mapping[str, str] = os.environ, home: Path | None = None) -> Path:
    """$ASSETKIT_CACHE_DIR, else $XDG_CACHE_HOME/assetkit, else ~/.cache/assetkit."""
    if env.get("ASSETKIT_CACHE_DIR"):
        return Path(env["ASSETKIT_CACHE_DIR"])
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "assetkit"
    return (Path.home() if home is None else home) / ".cache" / "assetkit"
