"""The coordinator of a cluster build: the build (pipeline/builder) decides, holds the lock,
merges the index, prunes and publishes as for a local build; this module only replaces how the
sources to build are run. One Dask task per source, keyed by its id, size and mtime (a duplicate
submission is one task), at most 2 x worker threads in flight; results are handed to the
build's commit as they arrive. Stalls are recovered (restart, resubmit) a bounded number of
times, then the build fails naming the sources still pending."""
from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import ClusterStalled
from ..fsutil import sweep_temps
from ..model import Failure, Target
from ..pipeline.results import SourceResult
from ..store.faults import fault
from ..store.records import STORE_DIR
from .adapter import Session, session_for
from .environment import Expected, difference
from .settings import ClusterSettings, Scheduler, map_brand, map_optional, map_path
from .task import SourceTask, TaskResult, deaths_while_running, memory_mb, run_source, running_dir

POLL = 0.5  # seconds between looks at the clock while waiting for results
RESTART_TIMEOUT = 60.0  # seconds for restarted workers to come back
DEATHS = 3  # a source that was running when this many workers died killed them: it fails
# a source whose tasks ended in KilledWorker this often fails whatever the running files say
# (deaths no file recorded: while it was queued or unpickled, or several threads a worker)
KILLED_MAX = 3 * DEATHS
Report = Callable[[SourceTask, TaskResult], None]


@dataclass
class ClusterRun:
    """What the cluster part of a build did (for the bench and the tests)."""

    submitted: int = 0
    duplicates: int = 0
    results: int = 0
    recoveries: list[str] = field(default_factory=list)  # one line per stall recovered
    retired: list[str] = field(default_factory=list)  # one line per worker retired
    resubmitted: int = 0  # tasks the scheduler cancelled or lost, submitted again
    peak_in_flight: int = 0


def task_key(task: SourceTask, attempt: int = 0) -> str:
    """Pure: the same source file (id, size, mtime_ns) is the same task."""
    stat = task.decision.stat
    key = f"assetkit-{task.decision.sid.digest}-{stat.size}-{stat.mtime_ns}"
    return key if attempt == 0 else f"{key}-r{attempt}"


def for_workers(task: SourceTask, settings: ClusterSettings) -> SourceTask:
    """The task as the workers get it: its paths as they mount them (--path-map: the source,
    OUT, the brand's files and the layout file), and its targets' platforms listing only the
    slots it builds. A platform lists all of its slots, which made most of each task's bytes,
    unpickled once by the scheduler and once by the worker per source; a render reads only
    its target's slot."""
    job = replace(task.job, targets=_only_built_slots(task.job.targets))
    if settings.path_maps:
        maps = settings.path_maps
        job = replace(job, path=map_path(job.path, maps), out_dir=map_path(job.out_dir, maps),
                      brand=map_brand(job.brand, maps), layouts=map_optional(job.layouts, maps))
    return replace(task, job=job)


def _only_built_slots(targets: tuple[Target, ...]) -> tuple[Target, ...]:
    platforms = {t.platform.id: t.platform for t in targets}
    trimmed = {pid: replace(p, slots=tuple(t.slot for t in targets if t.platform.id == pid))
               for pid, p in platforms.items()}
    return tuple(Target(trimmed[t.platform.id], t.slot) for t in targets)


def _failed(task: SourceTask, kind: str, message: str) -> TaskResult:
    job = task.job
    failure = Failure(job.stem, "unreadable" if kind == "unreadable" else "internal",
                      f"{job.path}: {message}")
    return TaskResult(SourceResult(job.stem, failure=failure, sha256=job.digest or ""))


class Coordinator:
    """Runs SourceTasks on a session's workers; `report(task, result)` once per task key."""

    def __init__(self, session: Session, settings: ClusterSettings, report: Report) -> None:
        self.session, self.settings, self.report = session, settings, report
        self.run = ClusterRun()
        self.limit = max(1, 2 * session.threads())
        self.largest = max(session.memory(), default=0.0)
        self.flying: dict[str, tuple[SourceTask, object, int]] = {}  # key -> task, future, try
        self.killed: dict[Path, int] = {}  # a source's tasks that ended in KilledWorker
        self.seen: set[str] = set()

    def submit(self, task: SourceTask, attempt: int = 0) -> None:
        key = task_key(task)
        if attempt == 0 and key in self.seen:
            self.run.duplicates += 1
            return
        self.seen.add(key)
        need = memory_mb(task.job.path)
        if need > self.largest:
            self._finish(key, task, _failed(task, "unreadable", (
                f"needs about {need:,.0f} MB (resource MEM) but the largest worker has "
                f"{self.largest:,.0f} MB")))
            return
        future = self.session.submit(run_source, for_workers(task, self.settings),
                                     task_key(task, attempt), need)
        self.flying[key] = (task, future, attempt)
        self.run.submitted += 1
        self.run.peak_in_flight = max(self.run.peak_in_flight, len(self.flying))

    def _finish(self, key: str, task: SourceTask, result: TaskResult) -> None:
        self.flying.pop(key, None)
        self.report(task, result)
        self.run.results += 1
        fault("coordinator-after")

    def collect(self, wait: float) -> int:
        """Report the tasks that finished within `wait` seconds; how many."""
        futures = {id(f): key for key, (_, f, _) in self.flying.items()}
        done = self.session.wait_any([f for _, f, _ in self.flying.values()], wait)
        progressed = 0  # killed or lost tasks are no progress: they may loop
        for future in done:
            key = futures[id(future)]
            task = self.flying[key][0]
            outcome = self.session.result(future)
            if outcome is None:
                continue
            progressed += not (outcome.lost or outcome.killed)
            if outcome.lost:  # cancelled or lost by the scheduler: a new key, the same task
                self._again(key)
                continue
            if outcome.killed:
                killed = self.killed[task.job.path] = self.killed.get(task.job.path, 0) + 1
                killer = self._killer(task)
                if not killer and killed < KILLED_MAX:
                    self._again(key)  # it only waited beside what ended its worker
                    continue
                result = _failed(task, "internal", f"it ended {DEATHS} workers (KilledWorker)"
                                 if killer else f"{killed} workers it was on died (KilledWorker)")
            elif outcome.error is not None:
                error = outcome.error
                kind = "unreadable" if isinstance(error, OSError) else "internal"
                result = _failed(task, kind, f"{type(error).__name__}: {error}")
            else:
                result = outcome.value
            if result.wrong is not None:
                self._wrong(key, outcome.worker, result.wrong)
                continue
            self._finish(key, task, result)
        return progressed

    @staticmethod
    def _killer(task: SourceTask) -> bool:
        """Dask fails a task at the first death of a worker it was on, running or only
        waiting there (ALLOWED_FAILURES); a source is failed once DEATHS workers died while
        they ran it (the `running` files they left), so waiting beside a killer is free."""
        return deaths_while_running(task.job.out_dir, task.decision.sid) >= DEATHS

    def _again(self, key: str) -> None:
        task, _, attempt = self.flying.pop(key)
        self.run.resubmitted += 1
        self.submit(task, attempt + 1)

    def check(self, expected: Expected) -> None:
        """Retire the connected workers whose environment differs from `expected`, and have
        the workers that join later checked too (see `retire_joiners`)."""
        for address, wrong in sorted(self.session.run(difference, expected).items()):
            if wrong is not None:
                self._retire(address, str(wrong))
        self.session.watch_joiners(f"assetkit-environment-{expected.root_id}", difference,
                                   expected)

    def retire_joiners(self) -> None:
        """Retire the workers that joined with another environment (named by the check)."""
        for address, wrong in self.session.joined_wrong():
            self._retire(address, wrong)

    def _retire(self, address: str | None, wrong: str) -> None:
        if address is None or any(line.startswith(f"{address} ") for line in self.run.retired):
            return
        self.run.retired.append(f"{address} retired from the build: {wrong}")
        self.session.retire([address])
        if not self.session.workers():
            raise ClusterStalled("no worker has the coordinator's environment: "
                                 + "; ".join(self.run.retired))

    def _wrong(self, key: str, worker: str | None, wrong: str) -> None:
        """A task that found its worker's environment wrong: the worker goes, the task is
        submitted again (not counted against its source)."""
        task, _, attempt = self.flying.pop(key)
        self._retire(worker, wrong)
        self.submit(task, attempt + 1)

    def recover(self, pending: Sequence[str]) -> None:
        """A stall: restart the workers and resubmit what is pending, or fail naming it."""
        names = ", ".join(sorted(str(self.flying[k][0].decision.sid.id) for k in pending))
        if len(self.run.recoveries) >= self.settings.recoveries:
            raise ClusterStalled(f"no result for {self.settings.no_progress_timeout:g} s after "
                                 f"{len(self.run.recoveries)} restarts; pending: {names}")
        self.session.cancel(f for _, f, _ in self.flying.values())
        if not self.session.restart(timeout=RESTART_TIMEOUT):
            raise ClusterStalled("no result and the workers could not be restarted; "
                                 f"pending: {names}")
        _forget_deaths(t for t, _, _ in self.flying.values())  # these deaths were ordered
        self.run.recoveries.append(f"stalled: restarted the workers, resubmitted {names}")
        again = [(t, n) for t, _, n in self.flying.values()]
        self.flying.clear()
        for task, attempt in again:
            self.submit(task, attempt + 1)

    def drain(self, tasks: Sequence[SourceTask]) -> ClusterRun:
        queue = list(reversed(tasks))
        progress = time.monotonic()
        while queue or self.flying:
            while queue and len(self.flying) < self.limit:
                self.submit(queue.pop())
            self.retire_joiners()
            if self.collect(POLL):
                progress = time.monotonic()
            elif self.flying and time.monotonic() - progress > self.settings.no_progress_timeout:
                self.recover(list(self.flying))
                progress = time.monotonic()
        return self.run


def run_on_cluster(tasks: Sequence[SourceTask], scheduler: Scheduler, settings: ClusterSettings,
                   report: Report) -> ClusterRun:
    """Build `tasks` on the cluster; every task is reported once (done or failed). Workers
    whose environment differs from the tasks' `expected` are retired first. The temp files
    of killed writes are swept at the end (the build holds the folder's lock): the outputs'
    in OUT/.assetkit/tmp, and the records' beside them (a source's `os._exit` also ends the
    record writes of the tasks running beside it in that worker)."""
    _forget_deaths(tasks)  # an earlier build's deaths are not this one's
    try:
        with session_for(scheduler, settings.keep) as session:
            coordinator = Coordinator(session, settings, report)
            try:
                if tasks and tasks[0].expected is not None:
                    coordinator.check(tasks[0].expected)
                return coordinator.drain(tasks)
            finally:  # Ctrl-C, a stall: nothing more is to run
                session.cancel(f for _, f, _ in coordinator.flying.values())
    finally:
        for out in {t.job.out_dir for t in tasks}:
            sweep_temps(out / STORE_DIR)
        _forget_deaths(tasks)


def _forget_deaths(tasks: Iterable[SourceTask]) -> None:
    """Remove the running files of these tasks' output folders (see task.running)."""
    for out in {t.job.out_dir for t in tasks}:
        shutil.rmtree(running_dir(out), ignore_errors=True)
