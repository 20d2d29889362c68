"""Drop-folder service: PSDs dropped into a folder are built once their copy has settled (the only
module importing watchdog)."""
from __future__ import annotations

import math
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from ..errors import AssetkitError, UsageError
from ..model import Campaign
from ..pipeline.builder import BuildOptions
from ..pipeline.plan import SOURCE_SUFFIXES
from .campaign import open_campaign

DEFAULT_SETTLE = 2.0
TEMP_PREFIXES = (".", "~")  # ._x (macOS), .~lock (LibreOffice), ~x (Office, Photoshop saves)
TEMP_SUFFIXES = (".tmp", ".part", ".crdownload")
GLOB_CHARS = "*?["

Echo = Callable[..., None]  # click.echo-like: echo(text, err=False)


def _print(text: str, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout, flush=True)
Stat = Callable[[Path], "tuple[int, int] | None"]


@dataclass(frozen=True)
class FileEvent:
    """What the watcher cares about: a path changed (created, written, moved in) or went away."""

    kind: str  # changed | deleted
    path: Path


class Observer(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def join(self, timeout: float | None = None) -> None: ...


ObserverFactory = Callable[[Path, Callable[[FileEvent], None]], Observer]


def is_candidate(path: Path) -> bool:
    """A PSD/PSB a designer dropped, not an editor's or a browser's temp file."""
    name = path.name
    return (not name.startswith(TEMP_PREFIXES) and not name.lower().endswith(TEMP_SUFFIXES)
            and path.suffix.lower() in SOURCE_SUFFIXES)


def file_signature(path: Path) -> tuple[int, int] | None:
    """(size, mtime in ns), or None when the file is gone."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class Debouncer:
    """Events nominate paths; a path is ready once its size and mtime have stayed unchanged, and
    no event came, for `settle` seconds. A copy still growing keeps resetting its timer."""

    def __init__(self, settle: float = DEFAULT_SETTLE, stat: Stat = file_signature) -> None:
        self.settle = settle
        self.stat = stat
        self._pending: dict[Path, tuple[tuple[int, int] | None, float]] = {}

    def touch(self, path: Path, now: float) -> None:
        if is_candidate(path):
            self._pending[path] = (self.stat(path), now)

    def forget(self, path: Path) -> None:
        self._pending.pop(path, None)

    @property
    def pending(self) -> tuple[Path, ...]:
        return tuple(self._pending)

    def ready(self, now: float) -> list[Path]:
        """Paths settled by `now`, each returned once (until an event nominates it again)."""
        settled = []
        for path, (seen, since) in list(self._pending.items()):
            current = self.stat(path)
            if current is None:  # gone before it settled (a temp name, or deleted again)
                del self._pending[path]
            elif current != seen:
                self._pending[path] = (current, now)
            elif now - since >= self.settle:
                del self._pending[path]
                settled.append(path)
        return sorted(settled)


# ---------------------------------------------------------------- watchdog adapter

def _fs_path(value: Any) -> Path:
    return Path(os.fsdecode(value))


def _translate(event: Any) -> list[FileEvent]:
    """A watchdog event -> FileEvents; a folder created or moved in nominates its files."""
    kind = event.event_type
    src = _fs_path(event.src_path)
    if event.is_directory:
        target = _fs_path(event.dest_path) if kind == "moved" else src
        if kind in ("created", "moved") and target.is_dir():
            return [FileEvent("changed", p) for p in sorted(target.rglob("*")) if p.is_file()]
        return []
    if kind in ("created", "modified", "closed"):
        return [FileEvent("changed", src)]
    if kind == "deleted":
        return [FileEvent("deleted", src)]
    if kind == "moved":  # temp file renamed to its final name: the dest is what counts
        return [FileEvent("deleted", src), FileEvent("changed", _fs_path(event.dest_path))]
    return []  # opened, closed_no_write, attrib


def watchdog_observer(poll: bool = False, interval: float = 1.0) -> ObserverFactory:
    """An observer factory: inotify/FSEvents/ReadDirectoryChangesW, or polling every `interval`
    seconds (network shares and Docker mounts deliver no OS notifications)."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer as NativeObserver
    from watchdog.observers.polling import PollingObserver

    class Handler(FileSystemEventHandler):
        def __init__(self, sink: Callable[[FileEvent], None]) -> None:
            self.sink = sink

        def on_any_event(self, event: Any) -> None:
            for item in _translate(event):
                self.sink(item)

    def factory(folder: Path, sink: Callable[[FileEvent], None]) -> Observer:
        observer = PollingObserver(timeout=interval) if poll else NativeObserver()
        observer.schedule(Handler(sink), str(folder), recursive=True)
        return observer

    return factory


# ---------------------------------------------------------------- the loop

def _names(paths: Sequence[Path], root: Path, most: int = 3) -> str:
    shown = [_relative(p, root) for p in paths[:most]]
    more = f", +{len(paths) - most} more" if len(paths) > most else ""
    return ", ".join(shown) + more


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def batch_line(stamp: str, paths: Sequence[Path], root: Path, result: Any) -> str:
    """The one summary line of a settled batch."""
    from ..findings import count_by_severity

    c = count_by_severity(result.findings)
    files = f"{len(paths)} file{'s' if len(paths) != 1 else ''}"
    return (f"{stamp}  {files} ({_names(paths, root)}): {result.written} written, "
            f"{result.skipped} up to date; findings: {c['error']} errors, {c['warning']} "
            f"warnings, {c['info']} info; {len(result.failures)} failed")


def _inside(path: Path, folders: Iterable[Path]) -> bool:
    return any(folder == path or folder in path.parents for folder in folders)


def _run_batch(paths: list[Path], root: Path, build_fn: Callable, stamp: str,
               echo: Echo) -> None:
    try:
        result = build_fn(paths)
    except (AssetkitError, OSError) as exc:
        # A service outlives one bad batch: say why in one line and keep watching. (A bug still
        # propagates to cli.common.guarded: log file, exit 3.)
        echo(f"{stamp}  {_names(paths, root)}: Error: {exc}", err=True)
        return
    echo(batch_line(stamp, paths, root, result))
    for failure in result.failures:
        log = f" (traceback in {failure.log})" if failure.log else ""
        echo(f"  Error: {failure.message}{log}", err=True)


@dataclass(frozen=True)
class WatchWorld:
    """What the watcher needs of the world, injected (tests pass fakes): the clock, sleeping,
    the file-system observer, the stop signal, the console and the time stamp of a line."""

    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    observer_factory: ObserverFactory | None = None
    stop_event: threading.Event | None = None
    echo: Echo = _print
    stamp: Callable[[], str] = lambda: time.strftime("%H:%M:%S")


def run_watch(folder: Path, *, build_fn: Callable[[list[Path]], Any],
              world: WatchWorld = WatchWorld(), settle: float = DEFAULT_SETTLE,
              ignore: Sequence[Path] = (), tick: float = 0.25) -> int:
    """Watch `folder` until `world.stop_event` is set (or ^C); build each settled batch with
    `build_fn(paths)`. Returns the number of batches built."""
    clock, sleep, echo, stamp = world.clock, world.sleep, world.echo, world.stamp
    observer_factory, stop_event = world.observer_factory, world.stop_event
    folder = Path(folder).resolve()
    ignored = [Path(p).resolve() for p in ignore]
    events: queue.SimpleQueue[FileEvent] = queue.SimpleQueue()  # filled from the observer thread
    debouncer = Debouncer(settle)
    stop = stop_event or threading.Event()
    observer = (observer_factory or watchdog_observer())(folder, events.put)
    observer.start()
    batches = 0
    try:
        while not stop.is_set():
            _drain(events, debouncer, clock(), folder, ignored, stamp, echo)
            ready = debouncer.ready(clock())
            if ready:
                _run_batch(ready, folder, build_fn, stamp(), echo)
                batches += 1
                continue
            sleep(tick)
    finally:
        observer.stop()
        observer.join(timeout=5)
    return batches


def _drain(events: queue.SimpleQueue, debouncer: Debouncer, now: float, root: Path,
           ignored: Sequence[Path], stamp: Callable[[], str], echo: Echo) -> None:
    while True:
        try:
            event = events.get_nowait()
        except queue.Empty:
            return
        path = Path(os.path.abspath(event.path))
        if not is_candidate(path) or _inside(path, ignored):
            continue
        if event.kind == "deleted":
            debouncer.forget(path)
            # Never act on deletes: a network share blip can report every file gone.
            echo(f"{stamp()}  {_relative(path, root)} removed from the folder; its outputs are "
                 "kept (a full `assetkit build` prunes them)")
        else:
            debouncer.touch(path, now)


# ---------------------------------------------------------------- from a campaign

def default_watch_dir(campaign: Campaign | None) -> Path:
    """The folder of the campaign's first source pattern (`input/*.psd` -> input/), else input/."""
    if campaign is None or not campaign.sources:
        return (campaign.root if campaign else Path.cwd()) / "input"
    pattern = Path(campaign.sources[0]).expanduser()
    path = pattern if pattern.is_absolute() else campaign.root / pattern
    parts = path.parts
    cut = next((i for i, part in enumerate(parts) if any(c in part for c in GLOB_CHARS)), None)
    if cut is not None:
        return Path(*parts[:cut])
    return path.parent if path.suffix.lower() in SOURCE_SUFFIXES else path


def watch_root(folder: Path, campaign: Campaign | None, given: Path | None) -> Path:
    """Where the watcher's source ids start: as given; the campaign's root (its `source_root:`
    or its folder) when the watched folder is inside it, so `watch` and `build` of one
    campaign name sources alike; else the watched folder."""
    if given is not None:
        return given
    if campaign is not None:
        root = (campaign.source_root or campaign.root).resolve()
        if folder.resolve() == root or root in folder.resolve().parents:
            return root
    return folder


def build_fn_for(campaign: Campaign | None, out: Path | None, jobs: int | None = None,
                 options: BuildOptions = BuildOptions()) -> Callable[[list[Path]], Any]:
    """`pipeline.build` of explicit sources: their outputs merge into the manifest."""
    from .. import pipeline
    from ..pipeline.pool import default_start_method

    # Workers must not be forked from a process running an observer thread.
    if options.start_method is None and default_start_method() == "fork":
        options = replace(options, start_method="forkserver")

    def build(paths: list[Path]) -> Any:
        return pipeline.build(paths, campaign=campaign, out=out, jobs=jobs, options=options)

    return build


def watch(folder: Path | None = None, *, campaign: Campaign | Path | None = None,
          out: Path | None = None, poll: float | None = None, settle: float = DEFAULT_SETTLE, echo: Echo = _print,
          stop_event: threading.Event | None = None,
          options: BuildOptions = BuildOptions()) -> int:
    """Build PSDs dropped into `folder` (default: the campaign's input folder) as they settle;
    the campaign is given loaded or as the path of its file (its warnings are echoed)."""
    campaign, warnings = open_campaign(campaign)
    for warning in warnings:
        echo(f"Warning: {warning}", True)
    if out is None and campaign is None:
        raise UsageError("no assetkit.yaml found: pass -o OUT to say where outputs go")
    out_dir = Path(out) if out is not None else Path(campaign.output) if campaign else Path()
    folder = Path(folder) if folder else default_watch_dir(campaign)
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder to watch")
    how = f"polling every {poll:g} s" if poll else "OS notifications"
    echo(f"Watching {folder}{os.sep} ({how}; built {settle:g} s after the last change) -> "
         f"{out_dir}{os.sep}, report {out_dir / 'report.html'}. Ctrl-C stops.")
    world = WatchWorld(observer_factory=watchdog_observer(bool(poll), poll or 1.0), echo=echo,
                       stop_event=stop_event)
    # a batch queues behind a designer's build into the same folder (the lock is per batch)
    options = replace(options, source_root=watch_root(folder, campaign, options.source_root),
                      wait=math.inf if options.wait is None else options.wait)
    return run_watch(folder, build_fn=build_fn_for(campaign, out, options=options), world=world,
                     settle=settle, ignore=[out_dir])
