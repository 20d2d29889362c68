"""The watcher's loop: files present at start and files arriving are settled, then built in
batches (`build_fn`, one lock per batch); each source's end is told as an event, a failure
only once the file has stayed as it was (a copy that paused is retried, not failed)."""
from __future__ import annotations

import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AssetkitError
from ..model import SEVERITY_RANK
from ..pipeline.results import SourceDone, StopBuild
from ..store.records import read_record, record_path
from .events import EventName, WatchEvent, utc_now
from .moves import aside, move_aside
from .observe import FileEvent, ObserverFactory, watchdog_observer
from .settle import DEFAULT_SETTLE, Debouncer, Signature, file_signature, is_candidate

Echo = Callable[..., None]  # click.echo-like: echo(text, err=False)
Tell = Callable[[SourceDone], None]
BuildFn = Callable[[list[Path], Tell], Any]


def _print(text: str, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout, flush=True)


@dataclass(frozen=True)
class WatchWorld:
    """What the watcher needs of the world, injected (tests pass fakes): the clock, sleeping,
    the file-system observer (and whether it reports closes), the stop signal, the console,
    the time stamp of a line and the sink of events."""

    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    observer_factory: ObserverFactory | None = None
    stop_event: threading.Event | None = None
    echo: Echo = _print
    stamp: Callable[[], str] = lambda: time.strftime("%H:%M:%S")
    on_event: Callable[[WatchEvent], None] | None = None
    closes: bool = False  # the observer says when a writer closed a file


@dataclass(frozen=True)
class Drop:
    """Where a drop folder's work goes: the output folder (records named in events), the root
    source ids start from, folders never watched, and whether sources are moved aside."""

    out: Path | None = None
    id_root: Path | None = None
    ignore: Sequence[Path] = ()
    move: bool = False


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


@dataclass
class _Probation:
    """A failed source waiting to be told: it changes before `until` (a copy that paused) and
    is retried silently, or it does not and its `failed` event goes out."""

    seen: Signature | None
    until: float
    event: WatchEvent


class _Service:
    def __init__(self, folder: Path, build_fn: BuildFn, world: WatchWorld, settle: float,
                 drop: Drop) -> None:
        self.folder, self.build_fn, self.world, self.drop = folder, build_fn, world, drop
        self.settle = settle
        self.ignored = [Path(p).resolve() for p in drop.ignore]
        if drop.move:
            self.ignored += [aside(folder, "done"), aside(folder, "failed")]
        self.debouncer = Debouncer(settle)
        self.events: queue.SimpleQueue[FileEvent] = queue.SimpleQueue()  # observer thread
        self.stop = world.stop_event or threading.Event()
        self.probation: dict[Path, _Probation] = {}
        self.moved: set[Path] = set()

    # ------------------------------------------------------------ events

    def emit(self, name: EventName, path: Path | None = None, **extra: Any) -> None:
        if self.world.on_event is None:
            return
        source = Path(_relative(path, self.drop.id_root or self.folder)).as_posix() if path \
            else None
        self.world.on_event(WatchEvent(name, utc_now(), source,
                                       str(path) if path else None, **extra))

    def _ended(self, done: SourceDone) -> WatchEvent:
        """The event of a source's end, with its record's path, outputs and worst finding."""
        record = read_record(self.drop.out, done.sid.digest) if self.drop.out else None
        extra: dict[str, Any] = {}
        if record is not None:
            worst = max((f.severity for f in record.findings), key=SEVERITY_RANK.__getitem__,
                        default=None)
            extra = dict(record=str(record_path(self.drop.out or Path(), done.sid.digest)),
                         outputs=len(record.outputs), worst=worst)
        error = done.failure.message if done.failure else None
        return WatchEvent(done.status, utc_now(), done.sid.id, str(done.path), error=error,
                          **extra)

    def tell(self, done: SourceDone) -> None:
        """A source's end, from inside the build (after its record is committed)."""
        event = self._ended(done)
        if done.status == "failed":
            self.probation[done.path] = _Probation(
                file_signature(done.path), self.world.clock() + max(2 * self.settle, 1.0), event)
        else:
            if self.world.on_event is not None and done.status in ("done", "skipped"):
                self.world.on_event(event)
            self._move(done.path, "done")
        if self.stop.is_set():
            raise StopBuild  # the build publishes what it committed, then returns

    def _move(self, path: Path, outcome: str) -> None:
        if self.drop.move and path.is_file():
            self.moved.add(path)
            move_aside(path, self.folder, aside(self.folder, outcome))

    # ------------------------------------------------------------ the loop

    def run(self, tick: float) -> int:
        factory = self.world.observer_factory or watchdog_observer()
        observer = factory(self.folder, self.events.put)
        observer.start()
        batches = 0
        try:
            self._reconcile()
            if self.world.on_event is not None:
                self.world.on_event(WatchEvent("watching", utc_now(), path=str(self.folder)))
            while not self.stop.is_set():
                now = self.world.clock()
                self._drain(now)
                self._judge(now)
                ready = self.debouncer.ready(now)
                if ready:
                    self._batch(ready)
                    batches += 1
                    continue
                self.world.sleep(tick)
        finally:
            observer.stop()
            observer.join(timeout=5)
        return batches

    def _reconcile(self) -> None:
        """Files present at start are nominated like arrivals: the build then skips, by stat,
        those its records say are done, and builds the new, changed and unfinished ones."""
        now = self.world.clock()
        for root, dirs, files in os.walk(self.folder):
            dirs.sort()
            for name in sorted(files):
                self._nominate(Path(root) / name, now, writing=False)

    def _nominate(self, path: Path, now: float, writing: bool) -> None:
        if not is_candidate(path) or _inside(path, self.ignored):
            return
        self.probation.pop(path, None)  # it changed: retried, its failure never told
        new = path not in self.debouncer.pending
        self.debouncer.touch(path, now, writing)
        if new and path in self.debouncer.pending:
            self.emit("queued", path)

    def _drain(self, now: float) -> None:
        while True:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                return
            path = Path(os.path.abspath(event.path))
            if event.kind != "deleted":
                self._nominate(path, now, self.world.closes and event.kind == "changed")
            elif path in self.moved:
                self.moved.discard(path)
            elif is_candidate(path) and not _inside(path, self.ignored):
                self.debouncer.forget(path)
                # Never act on deletes: a network share blip can report every file gone.
                self.world.echo(f"{self.world.stamp()}  {_relative(path, self.folder)} removed "
                                "from the folder; its outputs are kept (a full `assetkit "
                                "build --prune` removes them)")

    def _judge(self, now: float) -> None:
        """Failed sources that stayed as they were: told now (and moved to failed/)."""
        for path, item in list(self.probation.items()):
            if file_signature(path) != item.seen:
                del self.probation[path]
                self.debouncer.touch(path, now)
            elif now >= item.until:
                del self.probation[path]
                if self.world.on_event is not None:
                    self.world.on_event(item.event)
                self._move(path, "failed")

    def _batch(self, paths: list[Path]) -> None:
        stamp, echo = self.world.stamp(), self.world.echo
        for path in paths:
            self.emit("started", path)
        try:
            result = self.build_fn(paths, self.tell)
        except (AssetkitError, OSError) as exc:
            # A service outlives one bad batch: say why in one line and keep watching. (A bug
            # still propagates to cli.common.guarded: log file, exit 3.)
            echo(f"{stamp}  {_names(paths, self.folder)}: Error: {exc}", err=True)
            return
        echo(batch_line(stamp, paths, self.folder, result))
        for failure in result.failures:
            log = f" (traceback in {failure.log})" if failure.log else ""
            echo(f"  Error: {failure.message}{log}", err=True)


TICK = (0.02, 0.25)  # the loop looks four times a settle period, within these (seconds)


def run_watch(folder: Path, *, build_fn: BuildFn, world: WatchWorld = WatchWorld(),
              settle: float = DEFAULT_SETTLE, ignore: Sequence[Path] = (),
              tick: float | None = None, drop: Drop = Drop()) -> int:
    """Watch `folder` until `world.stop_event` is set: build each settled batch with
    `build_fn(paths, tell)` (`tell`: the build's per-source hook); the loop looks every `tick`
    seconds (None: a quarter of `settle` within TICK: a file is built within a quarter of its
    settle time after it settled). Returns the number of batches built."""
    drop = Drop(drop.out, drop.id_root, (*drop.ignore, *ignore), drop.move)
    tick = tick if tick is not None else min(max(settle / 4, TICK[0]), TICK[1])
    return _Service(Path(folder).resolve(), build_fn, world, settle, drop).run(tick)
