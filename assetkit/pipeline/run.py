"""Parallel dispatch: each source decoded once in the parent, its variants run in the pool."""
from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace

from ..encode.sizemodel import SourceHint, prepass
from ..fsutil import discard_all, file_sha256, put_all
from ..model import Failure, Finding, Target
from ..render.parts import PartDone
from ..render.resample import preload
from ..store.records import SourceStat
from . import profile
from .groups import same_size, size_of, submitted
from .pool import PixelFile, VariantPool
from .progress import Progress
from .results import SourceResult, source_failure
from .source import Composited, PreparedSource, SourceJob, kept_source_findings
from .variant import build_target, inputs_key, up_to_date


@dataclass(frozen=True)
class SourceHandle:
    """What a worker needs to find (or rebuild) a source the parent opened: the job, and the
    decoded composite parked in a file when the worker cannot have inherited it."""

    job: SourceJob
    digest: str
    flat: PixelFile | None = None


@dataclass(frozen=True)
class VariantTask:
    source: SourceHandle
    target: Target
    key: str
    hint: SourceHint | None
    composited: Composited | None = None  # the parts the pool composited (recompose, -j > 1)


@dataclass(frozen=True)
class PartTask:
    """One part (the plate or a unit) of a source's recompose, composited by a worker forked
    after the parent decoded the units' layers (the plate's worker decodes the plate's), into
    the plan's shared buffer."""

    source: SourceHandle
    index: int


@dataclass(frozen=True)
class VariantOutcome:
    result: SourceResult | None = None
    notes: tuple[Finding, ...] = ()  # source-level findings found while rendering (recompose)
    failure: Failure | None = None


@dataclass
class _SourceRun:
    """A source in flight: what was kept, what was submitted, in target order."""

    job: SourceJob
    slots: list  # per target: a kept SourceResult, or the index of a submitted task
    futures: list[Future]
    findings: tuple[Finding, ...] = ()
    failure: Failure | None = None
    digest: str = ""
    handle: SourceHandle | None = None  # what the tasks carry (the parked composite, if any)


# Sources a process has opened, by (path, digest). The parent fills it before dispatch, so
# workers forked afterwards inherit the decoded composite; others open the source once.
_OPENED: dict[str, PreparedSource] = {}
_OPENED_MAX = 2


def _cache_key(handle: SourceHandle) -> str:
    return f"{handle.job.path}\0{handle.digest}"


def _worker_source(handle: SourceHandle) -> PreparedSource:
    key = _cache_key(handle)
    if key not in _OPENED:
        prepared = PreparedSource(handle.job, handle.flat.load() if handle.flat else None)
        while len(_OPENED) >= _OPENED_MAX:
            _OPENED.pop(next(iter(_OPENED)))
        _OPENED[key] = prepared
    return _OPENED[key]


def _failure(job: SourceJob, exc: Exception) -> Failure:
    """The one-line Failure for an exception while building a source (a log for bugs)."""
    return source_failure(job.stem, job.path, exc, "building")


def run_part(task: PartTask) -> PartDone:
    """One part of a source's recompose, in a worker (a failure reaches the parent's wait)."""
    try:
        return _worker_source(task.source).composite_part(task.index)
    finally:
        profile.dump()


def run_variant(task: VariantTask) -> VariantOutcome:
    """One target of one source (in a worker, or inline at -j 1); never raises."""
    try:
        prepared = _worker_source(task.source)
        if task.composited is not None:
            prepared.composited(task.composited)
        result = build_target(task.source.job, prepared, task.target, task.key, task.hint)
        return VariantOutcome(result, result.notes)
    except Exception as exc:
        return VariantOutcome(failure=_failure(task.source.job, exc))
    finally:
        profile.dump()


def run_variants(tasks: tuple[VariantTask, ...]) -> tuple[VariantOutcome, ...]:
    """Targets of one source and one output size, in turn, in one worker."""
    return tuple(run_variant(task) for task in tasks)


def _needs_flat(job: SourceJob, targets: Sequence[Target]) -> bool:
    return job.mode == "flatten" or any(t.slot.detail is not None for t in targets)


def _needs_render(job: SourceJob, targets: Sequence[Target]) -> bool:
    return job.mode != "flatten" and any(t.slot.detail is None for t in targets)


def _for_workers(job: SourceJob) -> SourceJob:
    """The job without what only the parent reads (the target list, the last manifest's
    entries): every task carries its source's job, pickled once per task."""
    return replace(job, targets=(), previous={}, previous_notes=())


def _eager(job: SourceJob) -> PreparedSource | None:
    """A source whose every output is to be made (forced, or none made before) is opened and
    decoded while its digest is still being computed; None otherwise. Its checks wait until
    the variants are submitted: they run while the pool works, not before the first submit."""
    if not job.force and any(job.previous.get(t.key) for t in job.targets):
        return None
    prepared = PreparedSource(job)
    if _needs_flat(job, job.targets):
        prepared.flat  # noqa: B018 - decoded now, alongside the hashing thread
    return prepared


def _start_source(job: SourceJob, pool: VariantPool, digesting: Future,
                  counter: Progress | None = None) -> _SourceRun:
    """Skip what is up to date; open and decode the rest once; fit the size model once;
    dispatch the variants biggest first. `digesting` computes the file's SHA-256."""
    run = _SourceRun(job, [], [])
    try:
        prepared = _eager(job)
        digest = run.digest = digesting.result()
        todo = _todo(job, digest, run, counter)
        if not todo:  # nothing to rebuild; source findings are still reported (cheap: no pixels)
            run.findings = kept_source_findings(job)
            return run
        prepared = prepared or PreparedSource(job)
        _dispatch(run, prepared, todo, pool, counter)
    except Exception as exc:
        run.failure = _failure(job, exc)
    return run


def _todo(job: SourceJob, digest: str, run: _SourceRun, counter: Progress | None
          ) -> list[tuple[int, Target, str]]:
    """The targets to build (index, target, inputs key); the up-to-date ones are kept in
    `run.slots` as they are."""
    todo: list[tuple[int, Target, str]] = []
    for target in job.targets:
        key = inputs_key(digest, target, job)
        previous = job.previous.get(target.key, ())
        if not job.force and up_to_date(previous, key, job.out_dir):
            kept = tuple(previous)
            # slices of one detail page each carry the page's findings: report them once
            found = tuple(dict.fromkeys(f for o in kept for f in o.findings))
            run.slots.append(SourceResult(job.stem, kept, found, skipped=len(kept)))
            if counter:
                counter.add(1, f"{job.stem} {target.key}")
        else:
            run.slots.append(len(todo))
            todo.append((len(todo), target, key))
    return todo


def _dispatch(run: _SourceRun, prepared: PreparedSource, todo: list[tuple[int, Target, str]],
              pool: VariantPool, counter: Progress | None) -> None:
    """Decode what the targets need once and submit them, biggest first (on the recompose
    path: the parts, then the variants cut from the composite, then the rest)."""
    job, targets = run.job, [t for _, t, _ in todo]
    pool.renew()  # under fork: workers forked after this source's decode inherit it
    flat = prepared.flat if _needs_flat(job, targets) else None
    rendered = _needs_render(job, targets) and not pool.needs_handoff()
    handle = run.handle = SourceHandle(
        _for_workers(job), run.digest,
        pool.park(flat) if flat is not None and pool.needs_handoff() else None)
    _OPENED[_cache_key(handle)] = prepared
    # the parts first: the workers composite them while the size model is fitted here
    waiting = _submit_parts(prepared, handle, pool) if rendered else None
    # The size model is fitted on the stored composite (cheap to decode; without one only
    # when the flatten path needs it anyway), the same at any -j and start method.
    with profile.stage("encode"):  # the size model's prepass (decoding the composite: decode)
        hint = prepass(prepared.flat) if flat is not None or prepared.doc.has_preview else None
    order = sorted(todo, key=lambda t: -math.prod(size_of(prepared.doc.size, t[1])))
    futures: dict[int, Future] = {}

    def submit(chosen: list[tuple[int, Target, str]], composited: Composited | None) -> None:
        for group in same_size(prepared.doc.size, chosen, pool.workers):
            tasks = tuple(VariantTask(handle, target, key, hint, composited)
                          for _, target, key in group)
            futures_of = submitted(pool, run_variant, run_variants, tasks)
            for (index, target, _), future in zip(group, futures_of, strict=True):
                futures[index] = future
                if counter:
                    future.add_done_callback(counter.on_done(f"{job.stem} {target.key}"))

    composited = None
    if rendered:
        # the variants cut from the flat composite need no part: they queue behind the
        # parts and keep the workers busy while the last parts finish
        cut = [t for t in order if not _needs_render(job, [t[1]])] if waiting else []
        submit(cut, None)
        order = [t for t in order if t not in cut]
        run.futures = list(futures.values())  # awaited by _finish_source if a part fails
        composited = _parts_done(prepared, waiting)
    submit(order, composited)
    run.futures = [futures[i] for i in range(len(todo))]
    # the source checks run while the pool works
    run.findings = (*prepared.source_checks(), *(prepared.render_notes() if rendered else ()))


def _submit_parts(prepared: PreparedSource, handle: SourceHandle, pool: VariantPool
                  ) -> list[Future] | None:
    """The source's parts composited once, in parallel: by the pool's workers, forked after
    the parent decoded the units' layers (they inherit them; the plate's worker decodes the
    plate's), into the plan's shared buffer; the plate's worker finds the focus on it. At
    -j 1: here, in turn (None: nothing to wait for)."""
    if pool.inline:
        prepared.render  # noqa: B018 - composited here
        return None
    count = len(prepared.parts.parts)  # the units' layers decoded now, before the workers fork
    return [pool.submit(run_part, PartTask(handle, i)) for i in range(count)]


def _parts_done(prepared: PreparedSource, waiting: list[Future] | None) -> Composited | None:
    """Wait for the parts (None at -j 1: the render is assembled already); the workers
    assemble the render from the result, which carries the focus (found once: by the plate's
    worker, else here)."""
    if waiting is None:
        return None
    shared = Composited.of(tuple(f.result() for f in waiting))
    prepared.composited(shared)
    return Composited(shared.done, prepared.focus)


def _finish_source(run: _SourceRun, place: bool = True) -> SourceResult:
    """The source's result once its tasks have ended (one that raised, as when a worker
    dies, fails the source, not the run): its files put in place if every variant was made
    (`place`; else left in the result's `staged` for the caller), discarded if not, so a
    failed source leaves its last outputs as its record lists them."""
    outcomes = []
    for future in run.futures:
        try:
            outcomes.append(future.result())
        except Exception as exc:  # BrokenProcessPool
            run.failure = run.failure or _failure(run.job, exc)
    if run.handle is not None:
        _OPENED.pop(_cache_key(run.handle), None)
        if run.handle.flat is not None:
            run.handle.flat.discard()  # every task of the source is done: no worker reads it
    failure = run.failure or next((o.failure for o in outcomes if o.failure), None)
    staged = tuple(s for o in outcomes if o.result is not None for s in o.result.staged)
    if failure is not None:
        discard_all(staged)
        return SourceResult(run.job.stem, failure=failure, sha256=run.digest)
    results = [slot if isinstance(slot, SourceResult) else outcomes[slot].result
               for slot in run.slots]
    notes = tuple(dict.fromkeys(n for o in outcomes for n in o.notes
                                if n not in run.findings))
    result = SourceResult(
        run.job.stem,
        outputs=tuple(o for r in results for o in r.outputs),
        findings=run.findings + notes + tuple(f for r in results for f in r.findings),
        written=sum(r.written for r in results), skipped=sum(r.skipped for r in results),
        sha256=run.digest, staged=staged)
    return placed(run.job, result) if place else result


def placed(job: SourceJob, result: SourceResult) -> SourceResult:
    """A built source's result with its files put in place; a rename that fails (a folder
    that cannot be made or written) is the source's failure, the rest discarded. A source
    whose file changed since the run looked at it is a failure too: its hash and its decode
    may have read different versions, and a record pairing them would pass the next run."""
    if _changed_since(job):
        discard_all(result.staged)
        return SourceResult(job.stem, failure=Failure(
            job.stem, "unreadable", f"{job.path}: changed while it was built (saved during the "
            "build): its outputs were not replaced; build again"), sha256=result.sha256)
    try:
        put_all(result.staged)
    except OSError as exc:
        return SourceResult(job.stem, failure=_failure(job, exc), sha256=result.sha256)
    return replace(result, staged=())


def _changed_since(job: SourceJob) -> bool:
    """Whether the source's size or mtime is not what the run saw (gone counts as changed;
    not the inode: a Dask worker may see the file through another mount)."""
    if job.seen is None:
        return False
    try:
        now = SourceStat.of(job.path)
    except OSError:
        return True
    return (now.size, now.mtime_ns) != (job.seen.size, job.seen.mtime_ns)


def _digest(hasher: ThreadPoolExecutor, job: SourceJob) -> Future:
    """The source's sha256: known to the parent already, or hashed in `hasher`."""
    if job.digest is None:
        return hasher.submit(file_sha256, job.path)
    known: Future = Future()
    known.set_result(job.digest)
    return known


def build_source(job: SourceJob, place: bool = True) -> SourceResult:
    """Build one source in this process; never raises: failures come back as a Failure.
    Without `place`, a built source's files are left written aside, in the result's `staged`
    (the cluster puts them once it knows the build still holds the output folder)."""
    with VariantPool(1) as pool, ThreadPoolExecutor(1) as hasher:
        return _finish_source(_start_source(job, pool, _digest(hasher, job)), place)


def _coded_strings(jobs: list[SourceJob]) -> bool:
    """Whether some target has coded text to check (an area the campaign gives a string)."""
    from ..checks.coded_copy import coded_pairs

    return any(next(coded_pairs(t.slot, job.coded.get(t.key)), None) is not None
               for job in jobs for t in job.targets)


def run_jobs(jobs: list[SourceJob], workers: int,
             progress: Callable[[int, int, str], None] | None,
             start_method: str | None,
             done: Callable[[SourceJob, SourceResult], None] | None = None) -> list[SourceResult]:
    """Sources in order, one decoded in the parent while the pool works on the previous one;
    results in source order, progress per variant as it finishes; `done` is called with each
    source's result as it finishes (the build commits it)."""
    results: list[SourceResult] = []
    in_flight: deque[_SourceRun] = deque()
    counter = Progress(sum(len(job.targets) for job in jobs), progress)
    finished = itertools.accumulate(len(job.targets) for job in jobs)  # variants, source by source

    def finish_one() -> None:
        run = in_flight.popleft()
        results.append(_finish_source(run))
        if done is not None:
            done(run.job, results[-1])
        counter.reach(next(finished), results[-1].source)

    # Files are hashed in a thread, in order, while the parent decodes (hashlib and reads
    # release the GIL): the first source's digest is off the path to its first variant.
    if workers > 1 and jobs:  # each forked worker inherits libvips instead of loading it
        preload(jobs[0].resampler)
    coded = workers > 1 and _coded_strings(jobs)
    with VariantPool(workers, start_method) as pool, ThreadPoolExecutor(1) as hasher:
        digests = [_digest(hasher, job) for job in jobs]
        for job, digesting in zip(jobs, digests, strict=True):
            in_flight.append(_start_source(job, pool, digesting, counter))
            if coded:  # once, off the first source's way: the next sources' workers inherit
                from ..render.coded import find_faces  # the text engine: where text is set

                find_faces()
            while len(in_flight) > 1:
                finish_one()
        while in_flight:
            finish_one()
    profile.dump()
    return results
