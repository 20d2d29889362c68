"""When a dropped file is ready to build: a PSD/PSB name (not an editor's or a browser's temp
file), its size and mtime unchanged for `settle` seconds, no writer still holding it open
(where the platform says so), and a PSD signature at its start."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..pipeline.plan import SOURCE_SUFFIXES

DEFAULT_SETTLE = 2.0
TEMP_PREFIXES = (".", "~")  # ._x (macOS), .~lock (LibreOffice), ~x (Office, Photoshop saves)
TEMP_SUFFIXES = (".tmp", ".part", ".crdownload")
PATIENCE = 20  # settle periods a file open for writing, or without a signature, is waited for

Signature = tuple[int, int]  # (size, mtime in ns)
Stat = Callable[[Path], "Signature | None"]


def is_candidate(path: Path) -> bool:
    """A PSD/PSB a designer dropped, not an editor's or a browser's temp file."""
    name = path.name
    return (not name.startswith(TEMP_PREFIXES) and not name.lower().endswith(TEMP_SUFFIXES)
            and path.suffix.lower() in SOURCE_SUFFIXES)


def file_signature(path: Path) -> Signature | None:
    """(size, mtime in ns), or None when the file is gone."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def opens_as_psd(path: Path) -> bool:
    """It opens for reading and starts with `8BPS`, version 1 (PSD) or 2 (PSB), or at least
    with something: a file of another kind is built (and fails as one), while an empty or
    zero-filled start (a copy that preallocates) is waited for."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(6)
    except OSError:
        return False
    psd = head[:4] == b"8BPS" and head[4:6] in (b"\0\1", b"\0\2")
    return psd or head.strip(b"\0") != b""


@dataclass
class _Pending:
    seen: Signature | None
    since: float  # when `seen` was first seen (or the last event came)
    writing: bool  # a writer holds it open (a change with no close after it)
    first: float  # when it was nominated


class Debouncer:
    """Events nominate paths; a path is ready once its size and mtime have stayed unchanged, and
    no event came, for `settle` seconds. A copy still growing keeps resetting its timer; one
    still open for writing or without a PSD signature yet waits up to PATIENCE settle periods
    more (a lost close event, a file that is simply not a PSD: the build says so)."""

    def __init__(self, settle: float = DEFAULT_SETTLE, stat: Stat = file_signature,
                 looks_whole: Callable[[Path], bool] = opens_as_psd) -> None:
        self.settle = settle
        self.stat = stat
        self.looks_whole = looks_whole
        self._pending: dict[Path, _Pending] = {}

    def touch(self, path: Path, now: float, writing: bool = False) -> None:
        if is_candidate(path):
            old = self._pending.get(path)
            self._pending[path] = _Pending(self.stat(path), now, writing,
                                           old.first if old else now)

    def forget(self, path: Path) -> None:
        self._pending.pop(path, None)

    @property
    def pending(self) -> tuple[Path, ...]:
        return tuple(self._pending)

    def ready(self, now: float) -> list[Path]:
        """Paths settled by `now`, each returned once (until an event nominates it again)."""
        settled = []
        for path, item in list(self._pending.items()):
            current = self.stat(path)
            if current is None:  # gone before it settled (a temp name, or deleted again)
                del self._pending[path]
            elif current != item.seen:
                item.seen, item.since = current, now
            elif now - item.since >= self.settle and self._whole(path, item, now):
                del self._pending[path]
                settled.append(path)
        return sorted(settled)

    def _whole(self, path: Path, item: _Pending, now: float) -> bool:
        waited_out = now - item.since >= self.settle * PATIENCE
        return waited_out or (not item.writing and self.looks_whole(path))
