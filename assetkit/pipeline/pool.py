"""Process pool for variant jobs: start method, worker count, and handing decoded pixels over.

The parent decodes each source once; variants run in a pool. Under fork, each source gets
workers forked after its decode, which inherit it copy-on-write (the previous source's workers
finish their jobs meanwhile); under spawn or forkserver every source is handed over as a raw
pixel file on /dev/shm, which each worker reads once per source. Every worker ends itself as
soon as the process that made its pool dies (see `_watch_coordinator`)."""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import wait
from pathlib import Path
from typing import ParamSpec, TypeVar

from PIL import Image

from ..render.resample import libvips_running

Args = ParamSpec("Args")
Result = TypeVar("Result")
Task = TypeVar("Task")


def default_jobs() -> int:
    """CPUs this process may use: os.process_cpu_count() (3.13+) or the affinity mask."""
    counter = getattr(os, "process_cpu_count", None)
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def default_start_method() -> str:
    """fork on Linux (workers share the decoded source), spawn elsewhere."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


def _fork_safe(method: str) -> str:
    """A process where libvips has run has its worker threads: a forked child can hang on a
    lock one of them held. Such a process starts workers from a fork server instead."""
    if method == "fork" and libvips_running():
        return "forkserver"
    return method


ORPHANED = 1  # a worker's exit code when its coordinator died (nobody is left to read it)
_POLL = 0.25  # seconds between checks of the parent pid, behind the handles that wake at once


def _watch_coordinator(coordinator: int) -> None:
    """Pool initializer: a daemon thread ends this worker the moment `coordinator`, the
    process that made the pool, dies. Without it the workers of a `kill -9`ed build go on
    rendering and writing the outputs of the jobs already queued, holding their memory: the
    call queue never closes under them, as they hold its writing end themselves.
    The coordinator is passed in because under forkserver a worker's parent is the fork
    server, which lives as long as any worker does. PR_SET_PDEATHSIG is not used: it fires
    when the parent's *thread* that forked exits, and ProcessPoolExecutor may start workers
    from its manager thread."""
    parent = multiprocessing.parent_process()
    threading.Thread(target=_exit_when_gone, name="assetkit-coordinator-watch", daemon=True,
                     args=(coordinator, os.getppid(), parent and parent.sentinel)).start()


def _exit_when_gone(coordinator: int, parent: int, sentinel: int | None) -> None:
    """Wait for any sign that the coordinator has died, then `os._exit`:
    - multiprocessing's parent sentinel, a pipe whose writing end the coordinator holds: it
      reads EOF when the coordinator ends (under fork, a worker's end is also held by the
      siblings forked after it, which end first);
    - a pidfd of the coordinator (Linux >= 5.3): readable once it ends, zombie or not;
    - every _POLL seconds, where the coordinator is this worker's parent (fork, spawn): a new
      parent pid, as a dead parent's children are re-parented at once."""
    ends = [] if sentinel is None else [sentinel]
    try:
        ends.append(os.pidfd_open(coordinator))
    except ProcessLookupError:
        os._exit(ORPHANED)
    except (AttributeError, OSError):  # not Linux >= 5.3, or a sandbox forbids it
        pass
    while not wait(ends, _POLL):
        if parent == coordinator and os.getppid() != parent:
            break
    os._exit(ORPHANED)


@dataclass(frozen=True)
class PixelFile:
    """A decoded image parked in a raw file for workers: mode, size and where."""

    path: str
    mode: str
    size: tuple[int, int]

    def load(self) -> Image.Image:
        with open(self.path, "rb") as handle:
            return Image.frombytes(self.mode, self.size, handle.read())

    def discard(self) -> None:
        """Free it (/dev/shm is memory) once no task of its source is left; a file that cannot
        go stays until the pool's folder is removed."""
        with contextlib.suppress(OSError):
            Path(self.path).unlink(missing_ok=True)


class _Inline(Executor):
    """-j 1: run each job at submit time, in this process, with the same code path."""

    def submit(self, fn: Callable[Args, Result], /, *args: Args.args, **kwargs: Args.kwargs
               ) -> Future[Result]:  # Executor.submit's own signature
        future: Future[Result] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


class VariantPool:
    """A context manager over an executor plus a scratch folder for pixel hand-over."""

    def __init__(self, workers: int, start_method: str | None = None) -> None:
        self.workers = workers
        self.method = _fork_safe(start_method or default_start_method())
        self.started = False  # whether worker processes exist (forked ones saw the state then)
        self._executor: Executor = _Inline() if workers <= 1 else self._pool()
        self._retired: list[Executor] = []  # earlier sources' pools, finishing their jobs
        self._scratch: Path | None = None  # made on first use: /dev/shm keeps it in memory
        self._count = 0

    def _pool(self) -> ProcessPoolExecutor:
        context = get_context(self.method)
        if self.method == "forkserver":
            context.set_forkserver_preload(["assetkit.pipeline"])
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                   initializer=_watch_coordinator, initargs=(os.getpid(),))

    @property
    def inline(self) -> bool:
        return self.workers <= 1

    def renew(self) -> None:
        """Under fork, give the next source workers forked from now (they see what the parent
        holds now); the current workers finish the jobs they have and exit. A pool whose
        worker died (broken) is replaced under any start method: the next source gets workers."""
        broken = bool(getattr(self._executor, "_broken", False))
        if self.inline or (not broken and (self.method != "fork" or not self.started)):
            return
        self._executor.shutdown(wait=False)
        self._retired.append(self._executor)
        self.method = _fork_safe(self.method)  # libvips may have run here since
        self._executor = self._pool()
        self.started = False

    def needs_handoff(self) -> bool:
        """Whether workers cannot see what the parent holds now (spawn, or already forked)."""
        return not self.inline and (self.method != "fork" or self.started)

    def park(self, image: Image.Image) -> PixelFile:
        if self._scratch is None:
            shm = Path("/dev/shm")
            self._scratch = Path(tempfile.mkdtemp(
                prefix="assetkit-", dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else None))
        self._count += 1
        path = self._scratch / f"{self._count}.raw"
        path.write_bytes(image.tobytes())
        return PixelFile(str(path), image.mode, image.size)

    def submit(self, fn: Callable[[Task], Result], task: Task) -> Future[Result]:
        future = self._executor.submit(fn, task)
        self.started = True
        return future

    def __enter__(self) -> VariantPool:
        return self

    def __exit__(self, *exc) -> None:
        for executor in (*self._retired, self._executor):
            executor.shutdown(wait=True, cancel_futures=exc[0] is not None)
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
