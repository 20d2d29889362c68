"""File-system events for the watcher: the only module importing watchdog."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

EventKind = Literal["changed", "closed", "arrived", "deleted"]


@dataclass(frozen=True)
class FileEvent:
    """What the watcher cares about: a path is being written (changed), was closed after a
    write (closed), appeared (arrived: created, moved or renamed in; a file created empty to
    be written next is waited for by its empty start) or went away (deleted)."""

    kind: EventKind
    path: Path


class Observer(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def join(self, timeout: float | None = None) -> None: ...


Sink = Callable[[FileEvent], None]
ObserverFactory = Callable[[Path, Sink], Observer]


def reports_closes(poll: bool) -> bool:
    """Whether the observer says when a writer closed a file (inotify's IN_CLOSE_WRITE)."""
    return not poll and sys.platform.startswith("linux")


def _fs_path(value: Any) -> Path:
    return Path(os.fsdecode(value))


def translate(event: Any) -> list[FileEvent]:
    """A watchdog event -> FileEvents; a folder created or moved in nominates its files."""
    kind = event.event_type
    src = _fs_path(event.src_path)
    if event.is_directory:
        target = _fs_path(event.dest_path) if kind == "moved" else src
        if kind in ("created", "moved") and target.is_dir():
            return [FileEvent("arrived", p) for p in sorted(target.rglob("*")) if p.is_file()]
        return []
    if kind == "created":  # made, or moved in from outside the watched tree (IN_MOVED_TO)
        return [FileEvent("arrived", src)]
    if kind == "modified":
        return [FileEvent("changed", src)]
    if kind == "closed":
        return [FileEvent("closed", src)]
    if kind == "deleted":
        return [FileEvent("deleted", src)]
    if kind == "moved":  # temp file renamed to its final name: the dest is what counts
        return [FileEvent("deleted", src), FileEvent("arrived", _fs_path(event.dest_path))]
    return []  # opened, closed_no_write, attrib


def watchdog_observer(poll: bool = False, interval: float = 1.0) -> ObserverFactory:
    """An observer factory: inotify/FSEvents/ReadDirectoryChangesW, or polling every `interval`
    seconds (network shares and Docker mounts deliver no OS notifications)."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer as NativeObserver
    from watchdog.observers.polling import PollingObserver

    class Handler(FileSystemEventHandler):
        def __init__(self, sink: Sink) -> None:
            self.sink = sink

        def on_any_event(self, event: Any) -> None:
            for item in translate(event):
                self.sink(item)

    def factory(folder: Path, sink: Sink) -> Observer:
        observer = PollingObserver(timeout=interval) if poll else NativeObserver()
        observer.schedule(Handler(sink), str(folder), recursive=True)
        return observer

    return factory
