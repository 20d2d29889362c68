"""What a worker runs for one source: read the PSD by path, render every variant inline (no
process pool inside a Dask worker), write the outputs temp + rename and commit the source's
record. A source a duplicate submission committed meanwhile is returned without rendering."""
from __future__ import annotations

import functools
import os
import secrets
import struct
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from ..fsutil import discard_all
from ..model import Failure
from ..pipeline.results import SourceResult
from ..pipeline.run import build_source, placed
from ..pipeline.source import SourceJob
from ..store.ids import SourceId
from ..store.keys import output_key, source_key
from ..store.lock import holder
from ..store.records import Record, read_record, scratch_dir
from ..store.store import Decision, committed, write_commit
from .environment import Expected, difference

BASE_MB = 256.0  # the interpreter, the libraries and the encoders
COPIES = 6  # decoded layers, the composite, a variant at a time and its encodings


@dataclass(frozen=True)
class SourceTask:
    """One source for a worker: its job (paths as the workers see them), the coordinator's
    decision, the targets it builds (PLATFORM/SLOT -> target key), and the render (None: the
    real one; a bench or a test injects its own)."""

    job: SourceJob
    decision: Decision
    built: Mapping[str, str]
    render: Callable[[SourceJob], SourceResult] | None = None
    token: str = ""  # the coordinator's hold on the output folder's lock ("": not checked)
    expected: Expected | None = None  # the coordinator's environment (None: not checked)


@dataclass(frozen=True)
class TaskResult:
    """A worker's answer: the source's result (without its outputs: they are in the record),
    the record it committed (None when it failed: the coordinator records the failure), the
    files that commit removed, and whether it rendered."""

    result: SourceResult
    record: Record | None = None
    removed: tuple[str, ...] = ()
    rendered: bool = True
    wrong: str | None = None  # this worker's environment differs (nothing was done): how


def memory_mb(path: Path) -> float:
    """The memory (MB) building this source takes, estimated from its PSD header: width x
    height x channels x depth, a few copies of it, and a base. 0 when unreadable (the worker
    reports what is wrong with it)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(26)
    except OSError:
        return 0.0
    if len(head) < 26 or head[:4] != b"8BPS":
        return 0.0
    channels, height, width, depth = struct.unpack(">HIIH", head[12:24])
    pixel = max(channels, 4) * max(depth, 8) / 8
    return BASE_MB + COPIES * width * height * pixel / 2**20


def running_dir(out_dir: Path) -> Path:
    """One file per task running now; those a dead worker's tasks leave stay (see `running`)."""
    return scratch_dir(out_dir) / "running"


@contextmanager
def running(task: SourceTask) -> Iterator[None]:
    """A file for as long as the task runs: a worker that dies leaves it, so the coordinator
    can tell a source that was running when workers died (`deaths_while_running`) from one
    Dask only had waiting beside it on that worker (Dask counts the death against both)."""
    folder = running_dir(task.job.out_dir)
    path = folder / f"{task.decision.sid.digest}.{os.getpid()}.{secrets.token_hex(4)}"
    try:
        path.touch(exist_ok=False)
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=False)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def deaths_while_running(out_dir: Path, sid: SourceId) -> int:
    """How many workers died while they ran this source (this build's `running` files)."""
    return len(list(running_dir(out_dir).glob(f"{sid.digest}.*")))


def run_source(task: SourceTask) -> TaskResult:
    """Build and commit one source on a worker. An OSError an injected render raises goes up
    (Dask retries it); the real render never raises (failures come back in the result)."""
    wrong = difference(task.expected) if task.expected is not None else None
    if wrong is not None:  # first: a worker without OUT mounted makes no running file
        return TaskResult(SourceResult(task.job.stem), rendered=False, wrong=wrong)
    with running(task):
        return _run(task)


def _run(task: SourceTask) -> TaskResult:
    job, decision = task.job, task.decision
    already = _committed_meanwhile(task)
    if already is not None:
        return TaskResult(SourceResult(job.stem, sha256=already.sha256), already, rendered=False)
    result = (task.render or functools.partial(build_source, place=False))(job)
    if result.failure is None and not _still_held(task):
        discard_all(result.staged)
        result = SourceResult(job.stem, failure=Failure(
            job.stem, "internal", f"{job.path}: not committed: the build that sent it has "
                                  "ended (the output folder's lock is no longer its)"))
    elif result.failure is None:  # its files in place, now that it is to be committed
        result = placed(job, result)
    if result.failure is not None:
        return TaskResult(replace(result, outputs=()))
    record, stale = committed(decision, result.sha256, task.built, result.outputs,
                              result.findings)
    removed = write_commit(job.out_dir, decision.sid, record, stale)
    return TaskResult(replace(result, outputs=()), record, removed)


def _still_held(task: SourceTask) -> bool:
    """Whether the coordinator that sent the task still holds the output folder: a task that
    outlives its build (killed, interrupted) commits nothing; the next run builds the source."""
    if not task.token:
        return True
    info = holder(task.job.out_dir)
    return info is not None and info.token == task.token and not info.is_stale()


def _committed_meanwhile(task: SourceTask) -> Record | None:
    """The source's record when another submission of the same task committed it after the
    coordinator decided (a different record than it saw, of the same file, for these targets)."""
    decision: Decision = task.decision
    record = read_record(task.job.out_dir, decision.sid.digest)
    if record is None or record == decision.record:
        return None
    seen = decision.record.recorded if decision.record else None
    same_file = (record.stat.size, record.stat.mtime_ns) == (decision.stat.size,
                                                            decision.stat.mtime_ns)
    wanted = source_key({t: output_key(record.sha256, k) for t, k in task.built.items()})
    if record.recorded == seen or not same_file or record.inputs_key != wanted:
        return None
    return record
