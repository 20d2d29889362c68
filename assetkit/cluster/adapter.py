"""The one module that imports Dask (`distributed`): connect to a scheduler or start a local
cluster, submit one function per source, wait for the next result, tell a killed task from a
failed one, restart, run a function on every worker. Everything else speaks assetkit's types."""
from __future__ import annotations

import logging
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import ClusterStalled, UsageError
from .settings import INSTALL, Scheduler

try:  # the joiners' check is a Dask worker plugin; without Dask, Session names the extra
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - the cluster tests need distributed
    _WorkerPlugin = object  # type: ignore[misc,assignment]  # a stand-in base without Dask

GATHER_TIMEOUT = 10.0  # seconds to fetch a finished task's (small) result
WORKERS_TIMEOUT = 60.0  # seconds a build waits for the first worker of a running scheduler
# a task fails (KilledWorker) at the first death of a worker it was on: Dask counts it against
# every task there, running or waiting; the coordinator tells which ran (coordinator.DEATHS)
ALLOWED_FAILURES = 0
_CONFIG = {"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
           "distributed.worker.daemon": False,  # a worker may start its own processes
           "distributed.scheduler.work-stealing": True,
           # a nanny forks a dead worker's successor from a clean server process that has the
           # libraries imported (never libvips: see PRELOAD) instead of spawning a new
           # interpreter: back in ~0.2 s, not 1-2.5 s of imports while its slots stand idle
           "distributed.worker.multiprocessing-method": "forkserver"}
# what that server imports once: Dask, and what a task imports to unpickle (not pyvips: a
# forked libvips is not safe; tests/cluster/test_cluster_restarts.py checks it stays out)
PRELOAD = ("distributed", "assetkit.cluster.task")


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise UsageError(f"--scheduler needs Dask's distributed: {INSTALL}") from None
    return distributed


def configure() -> None:
    """Dask settings assetkit relies on, in this process (a local scheduler runs here), and
    its log quiet but for errors (assetkit reports what happened)."""
    import dask

    dask.config.set(_CONFIG)
    _preload()
    for name in ("distributed", "distributed.nanny", "distributed.scheduler",
                 "distributed.worker", "distributed.core"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _preload() -> None:
    """The forkserver's imports (PRELOAD), before the first worker starts it. Dask names its
    own (Dask and its dependencies) on first use; they are among those of PRELOAD."""
    from distributed.utils import get_mp_context

    context = get_mp_context()
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(list(PRELOAD))


class JoinerCheck(_WorkerPlugin):
    """A worker plugin: `check(arg)` on every worker the scheduler has when it is registered
    and on every one that joins later; a worker it finds wrong (a line) logs it under `name`,
    which the coordinator follows (`Session.joined_wrong`) and retires it for."""

    def __init__(self, name: str, check: Callable[[Any], str | None], arg: object) -> None:
        self.name, self.check, self.arg = name, check, arg

    def setup(self, worker: Any) -> None:
        wrong = self.check(self.arg)
        if wrong is not None:
            worker.log_event(self.name, {"worker": worker.address, "wrong": wrong})


@dataclass(frozen=True)
class Done:
    """A finished task: `value` its result, or `killed` (a worker it was on died: Dask's
    KilledWorker) or `error` (it raised after its retries)."""

    value: Any = None
    killed: bool = False
    error: BaseException | None = None
    worker: str | None = None  # the address of the worker that returned `value`
    lost: bool = False  # cancelled or lost by the scheduler: to be submitted again


class Session:
    """A client on a scheduler, with the local cluster it started (local:N)."""

    def __init__(self, scheduler: Scheduler) -> None:
        distributed = _distributed()
        configure()
        self.scheduler = scheduler
        self._distributed = distributed
        self._cluster: Any = None
        self._joiners: JoinerCheck | None = None
        self._wrong: deque[tuple[str, str]] = deque()  # filled on the client's event loop
        if scheduler.local:
            self._start_local()
        else:
            try:
                self.client = distributed.Client(scheduler.address, timeout=30,
                                                 set_as_default=False)
            except OSError as exc:
                raise UsageError(f"cannot reach the scheduler {scheduler.address}: {exc}"
                                 ) from None
            try:
                self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
            except TimeoutError:
                self.client.close()
                raise ClusterStalled(f"no worker joined {scheduler.address} within "
                                     f"{WORKERS_TIMEOUT:g} s (assetkit worker ADDRESS)") from None

    def _start_local(self) -> None:
        scheduler = self.scheduler
        self._cluster = self._distributed.LocalCluster(
            n_workers=scheduler.workers, threads_per_worker=scheduler.threads, processes=True,
            dashboard_address=":0", resources={"MEM": local_memory(scheduler)},
            scheduler_kwargs={"allowed_failures": ALLOWED_FAILURES})
        self.client = self._distributed.Client(self._cluster, set_as_default=False)
        if self._joiners is not None:  # a local cluster started anew: its scheduler too
            self._follow(self._joiners)

    def close(self) -> None:
        """This build's end: its joiners' check ends; the client and a local cluster too,
        unless the session is kept for the process's next build (`session_for`)."""
        if self._joiners is not None and (self._cluster is None or self.keep):
            try:  # a running scheduler keeps its plugins: this build's check ends with it
                self.client.unsubscribe_topic(self._joiners.name)
                self.client.unregister_worker_plugin(self._joiners.name)
            except (OSError, ValueError, TimeoutError):
                pass  # the scheduler is gone or never had it: nothing left to remove
            self._joiners = None
        self._wrong.clear()
        if not self.keep:
            self.end()

    def end(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def alive(self) -> bool:
        try:
            return self.client.status == "running" and bool(self.workers())
        except (OSError, TimeoutError):
            return False

    @property
    def keep(self) -> bool:
        """Kept for this process's next build (`session_for`)."""
        return _KEPT.get(self.scheduler) is self

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None and self.keep:  # a stalled or stopped batch: its tasks may
            _KEPT.pop(self.scheduler)  # still run on these workers; the next one starts anew
        self.close()

    def workers(self) -> dict[str, dict]:
        """Connected workers by address: their `nthreads` and `resources`."""
        return dict(self.client.scheduler_info(n_workers=-1)["workers"])

    def threads(self) -> int:
        return sum(w.get("nthreads", 1) for w in self.workers().values())

    def memory(self) -> list[float]:
        """Each worker's MEM resource (MB); a worker without one takes no source."""
        return [float(w.get("resources", {}).get("MEM", 0)) for w in self.workers().values()]

    def submit(self, fn: Callable, task: object, key: str, mem: float) -> Any:
        return self.client.submit(_on_worker, fn, task, key=key, pure=False, retries=2,
                                  resources={"MEM": mem})

    def wait_any(self, futures: Iterable[Any], timeout: float) -> list[Any]:
        """The futures among these that are done, waiting up to `timeout` for one."""
        pending = list(futures)
        try:
            with self.client.as_current():
                done, _ = self._distributed.wait(pending, timeout=timeout,
                                                 return_when="FIRST_COMPLETED")
        except TimeoutError:
            return []
        return list(done)

    def result(self, future: Any) -> Done | None:
        """What a done future holds; None when it is not done after all (its result was lost
        with its worker and it is being computed again)."""
        if future.status == "finished":
            try:
                worker, value = future.result(timeout=GATHER_TIMEOUT)
            except (TimeoutError, self._distributed.client.FutureCancelledError):
                return Done(lost=True)
            return Done(value=value, worker=worker)
        if future.status in ("cancelled", "lost"):
            return Done(lost=True)
        if future.status != "error":
            return None
        exc = future.exception()
        if isinstance(exc, self._distributed.KilledWorker):
            return Done(killed=True)
        return Done(error=exc)

    def cancel(self, futures: Iterable[Any]) -> None:
        futures = list(futures)
        if futures:
            self.client.cancel(futures, force=True)

    def restart(self, timeout: float) -> bool:
        """A local cluster is started anew (after fast repeated deaths its nannies may have
        given up: dask/distributed#7312); a running scheduler's workers are restarted (their
        nannies start new ones) and the build goes on once one is back, the others joining
        as they come. False at once when a worker has no nanny (it would only be
        shut down), or when none came back in `timeout`. Earlier futures are void."""
        if self._cluster is not None:
            self.end()
            self._start_local()
            return bool(self.workers())
        workers = self.workers()
        if not workers or not all(w.get("nanny") for w in workers.values()):
            return False
        try:  # Dask's own wait is for every worker: a stuck one's nanny can make it time out
            self.client.restart(timeout=timeout, wait_for_workers=False)
            self.client.wait_for_workers(1, timeout=timeout)
        except (TimeoutError, OSError):
            pass  # the ones back by now carry on; the next stall check judges
        return bool(self.workers())

    def run(self, fn: Callable, *args: object) -> dict[str, Any]:
        """`fn(*args)` on every worker now, by address (an exception is returned, not raised)."""
        return dict(self.client.run(fn, *args, on_error="return"))

    def watch_joiners(self, name: str, check: Callable[[Any], str | None], arg: object
                      ) -> None:
        """`check(arg)` on every worker that joins from now on (and on those here now):
        what it finds wrong comes back from `joined_wrong`."""
        self._joiners = JoinerCheck(name, check, arg)
        self._follow(self._joiners)

    def _follow(self, plugin: JoinerCheck) -> None:
        self.client.subscribe_topic(plugin.name, self._on_wrong)
        self.client.register_plugin(plugin, name=plugin.name)

    def _on_wrong(self, event: tuple[float, dict]) -> None:
        _, message = event
        self._wrong.append((message["worker"], message["wrong"]))

    def joined_wrong(self) -> list[tuple[str, str]]:
        """The workers the joiners' check found wrong since the last call: (address, how)."""
        found = []
        while self._wrong:
            found.append(self._wrong.popleft())
        return found

    def retire(self, addresses: Iterable[str]) -> None:
        self.client.retire_workers(workers=list(addresses), close_workers=True)


_KEPT: dict[Scheduler, Session] = {}  # local clusters kept for this process's next build


def session_for(scheduler: Scheduler, keep: bool = False) -> Session:
    """A session for one build. With `keep` (a watcher's batches), a local cluster outlives
    the build for the next one of this process, until `close_kept`: it is not started anew
    (about 1-2 s) for every batch."""
    if not (keep and scheduler.local):
        return Session(scheduler)
    session = _KEPT.get(scheduler)
    if session is None or not session.alive():
        if session is not None:
            session.end()
        session = _KEPT[scheduler] = Session(scheduler)
    return session


def close_kept() -> None:
    """Close the local clusters kept for later builds (a watcher's end)."""
    while _KEPT:
        _KEPT.popitem()[1].end()


def _environment() -> dict[str, str]:
    """The process environment for a scheduler or workers assetkit starts: its Dask settings
    as DASK_* variables (what `configure` sets in this process)."""
    env = dict(os.environ)
    for key, value in _CONFIG.items():
        name = "DASK_" + "__".join(p.upper().replace("-", "_") for p in key.split("."))
        env[name] = str(value)
    return env


def scheduler_command(port: int) -> tuple[list[str], dict[str, str]]:
    """`dask scheduler` with assetkit's settings: the command line and its environment."""
    _distributed()
    return ([sys.executable, "-m", "distributed.cli.dask_scheduler", "--port", str(port),
             "--dashboard-address", ":0"], _environment())


def worker_command(address: str, nworkers: int, memory_limit: str | None
                   ) -> tuple[list[str], dict[str, str]]:
    """`dask worker ADDRESS` as a build needs it: 1 thread per process, and the memory limit
    (default: this machine's memory shared among the processes) as resource MEM (MB)."""
    _distributed()
    from dask.utils import parse_bytes

    if memory_limit is None:
        mb = local_memory(Scheduler(workers=nworkers))
    else:
        try:
            mb = parse_bytes(memory_limit) / 2**20
        except ValueError:
            raise UsageError(f"--memory-limit {memory_limit!r}: expected a size like 4GB"
                             ) from None
    return ([sys.executable, "-m", "distributed.cli.dask_worker",
             "--preload-nanny", __name__, address,  # dask_setup: the forkserver's PRELOAD
             "--nworkers", str(nworkers), "--nthreads", "1",
             "--memory-limit", f"{int(mb)}MiB", "--resources", f"MEM={int(mb)}"],
            _environment())


def dask_setup(nanny: object) -> None:
    """Run by each nanny `assetkit worker` starts (--preload-nanny), before its worker: the
    dead workers' successors are forked with PRELOAD imported, as a local cluster's are."""
    _preload()


class _TaskErrors(logging.Filter):
    """Drops Dask's "Compute Failed" log (with its traceback) of a task that raised: a
    transient OSError that a retry fixes, or a failure assetkit reports in one line. A local
    cluster's workers share the user's terminal; Dask's other logs pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Compute Failed")


def _on_worker(fn: Callable, task: object) -> tuple[str, Any]:
    """`fn(task)` with the address of the worker that ran it."""
    from distributed import get_worker

    logger = logging.getLogger("distributed.worker")
    if not any(isinstance(f, _TaskErrors) for f in logger.filters):
        logger.addFilter(_TaskErrors())
    return get_worker().address, fn(task)


def local_memory(scheduler: Scheduler) -> float:
    """Each local worker's MEM (MB): this machine's memory shared among them."""
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return pages / 2**20 / max(1, scheduler.workers)
