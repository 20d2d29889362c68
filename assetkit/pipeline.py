"""build(): the only place the stages are chained — sources -> document -> render -> encode ->
write -> manifest -> report."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from . import __version__
from .checking import source_findings
from .checks.variants import check_rendered
from .config import load_brand, load_catalog
from .document import DocumentLimits, open_document
from .encode import fit_under_cap, settings_for
from .encode.sizemodel import SourceHint, prepass
from .encode.solver import candidate_formats
from .errors import AssetkitError, CapUnreachable, ExitCode, UsageError, worst_exit
from .findings import apply_overrides, at_or_above
from .fsutil import file_sha256, write_atomic
from .geometry import cover_box, output_size
from .layout import Layout, load_templates, plan_layout
from .manifest import read_manifest, write_manifest
from .model import BrandRules, Campaign, Finding, Output, Target, frozen_map
from .naming import output_relpath, source_stems
from .render.artboard import artboard_image, match_artboard, render_artboard
from .render.flatten import Rendered, opaque, render_flat
from .render.recompose import SourceRender, prepare_source, render_layout
from .render.resample import backend as resampler
from .report.html import write_report
from .roles import assign_roles
from .schedule import PixelFile, VariantPool, default_jobs
from .sources import expand_sources
from .targets import select_targets

LOG_DIR = Path(tempfile.gettempdir()) / "assetkit" / "logs"


@dataclass(frozen=True)
class SourceJob:
    """Everything a worker needs to build one source's variants (picklable)."""

    path: Path
    stem: str
    targets: tuple[Target, ...]
    template: str
    formats: tuple[str, ...]
    out_dir: Path
    force: bool
    previous: dict
    limits: DocumentLimits
    mode: str = "recompose"
    role_rules: tuple = ()
    brand: BrandRules | None = None
    layouts: Path | None = None


@dataclass(frozen=True)
class Failure:
    """A source that could not be built: unreadable input, or an internal error (with a log)."""

    source: str
    kind: str  # unreadable | internal
    message: str
    log: Path | None = None


@dataclass(frozen=True)
class SourceResult:
    source: str
    outputs: tuple[Output, ...] = ()
    findings: tuple[Finding, ...] = ()
    written: int = 0
    skipped: int = 0
    failure: Failure | None = None


@dataclass(frozen=True)
class BuildResult:
    """What a build did; `exit_code` applies the documented precedence."""

    out_dir: Path
    outputs: tuple[Output, ...]
    findings: tuple[Finding, ...]
    failures: tuple[Failure, ...] = ()
    written: int = 0
    skipped: int = 0
    removed: tuple[str, ...] = ()
    manifest: Path | None = None
    report: Path | None = None
    sources: int = 0
    targets: int = 0
    extra: dict = field(default_factory=dict)

    def exit_code(self, fail_on: str = "error") -> ExitCode:
        codes = [ExitCode.UNREADABLE for _ in self.failures]
        if at_or_above(self.findings, fail_on):
            codes.append(ExitCode.FINDINGS)
        return worst_exit(codes)


# ---- one source (runs in a worker process) ----

def inputs_key(digest: str, target: Target, job: SourceJob) -> str:
    """Hash of everything an output depends on: source bytes, slot spec, settings, version."""
    facts = [digest, repr(target.slot), target.platform.id, job.template, job.formats,
             job.mode, job.role_rules, repr(job.brand),
             file_sha256(job.layouts) if job.layouts else None, resampler(), __version__]
    return hashlib.sha256(json.dumps(facts, default=str).encode()).hexdigest()[:24]


def _up_to_date(previous: Sequence[Output], key: str, out_dir: Path) -> bool:
    return bool(previous) and all(
        o.inputs_key == key and (out_dir / o.path).is_file() for o in previous)


def _variant_findings(job: SourceJob, target: Target, upscaled: bool,
                      size: tuple[int, int]) -> list[Finding]:
    if not upscaled:
        return []
    return [Finding("layout.upscaled", "warning",
                    f"the source is upscaled to {size[0]}x{size[1]} for this slot",
                    source=job.stem, platform=target.platform.id, slot=target.slot.id)]


class PreparedSource:
    """One opened source: its flattened pixels and, for the recompose path, its role units —
    each computed once, on first use."""

    def __init__(self, job: SourceJob, *, checks: bool = True) -> None:
        self.job = job
        self._artboards: dict[int, object] = {}
        self.doc = open_document(job.path, job.limits)
        # Workers skip the source-level checks: the parent runs them once and reports them.
        self.findings: list[Finding] = ([
            *source_findings(self.doc, job.stem, job.brand),
            *(replace(f, source=job.stem) for f in self.doc.colour_findings())] if checks else [])

    @cached_property
    def flat(self):
        return opaque(self.doc.flatten())

    def artboard(self, board):
        if board.id not in self._artboards:
            self._artboards[board.id] = artboard_image(self.doc, self.doc.scene, board)
        return self._artboards[board.id]

    @cached_property
    def render(self) -> SourceRender:
        scene, notes = assign_roles(self.doc.scene, rules=self.job.role_rules,
                                    has_alpha=lambda layer: self.doc.has_alpha(layer.id))
        src = prepare_source(self.doc, scene)
        self.findings += [replace(f, source=self.job.stem) for f in (*notes, *src.findings)]
        return src


def _render(job: SourceJob, prepared: PreparedSource, target: Target, size: tuple[int, int],
            where: dict) -> tuple[list[Rendered], Layout | None]:
    slot = target.slot
    if slot.detail is not None or job.mode == "flatten":
        return render_flat(prepared.flat, slot, size), None
    board = match_artboard(prepared.doc.scene.artboards, target.platform.id, slot, size)
    if board is not None:
        image = render_artboard(prepared.artboard(board), size)
        layout = Layout("artboard", size, "artboard", board.box, (), (), board.name)
        return [Rendered(image)], layout
    src = prepared.render
    layout = plan_layout(src.infos, src.size, slot, size, focus=src.focus, brand=job.brand,
                         templates=load_templates(job.layouts),
                         where=where)
    if not layout.servable:
        return [], layout
    rendered = render_layout(src, layout)
    return [Rendered(rendered.image, masks=rendered.masks)], layout


def _scale(source: tuple[int, int], slot, size: tuple[int, int]) -> float:
    """Linear scale of a variant against the source: where the size model is evaluated."""
    if slot.detail is not None:
        return size[0] / source[0]
    box = cover_box(source, size).as_tuple()
    return size[0] / max(1, box[2] - box[0])


def _build_target(job: SourceJob, prepared: PreparedSource, target: Target, key: str,
                  hint: SourceHint | None = None) -> SourceResult:
    slot = target.slot
    size, upscaled = output_size(slot, prepared.doc.size)
    findings = _variant_findings(job, target, upscaled, size)
    formats = candidate_formats(slot.formats, job.formats)
    where = {"source": job.stem, "platform": target.platform.id, "slot": slot.id}
    if not formats:
        findings.append(Finding("encode.no-format", "error",
                                f"none of the slot's formats {list(slot.formats)} is enabled "
                                f"in the campaign or supported here", **where))
        return SourceResult(job.stem, findings=tuple(findings))
    pieces, layout = _render(job, prepared, target, size, where)
    findings.extend(layout.findings if layout else ())
    findings += check_rendered(pieces, layout, target, job.brand, job.stem, prepared.doc.scene)
    cap = int((slot.detail.slice_max_kb if slot.detail and slot.detail.slice_max_kb
               else slot.max_kb) * 1024)
    outputs = []
    settings = settings_for(slot)
    model = hint.at_scale(_scale(prepared.doc.size, slot, size)) if hint else None
    for piece in pieces:
        try:
            enc = fit_under_cap(piece.image, formats, cap, settings=settings, hint=model)
        except CapUnreachable as exc:
            findings.append(Finding("encode.cap-unreachable", "error", str(exc), **where))
            continue
        index = piece.slice.index if piece.slice and piece.slice.count > 1 else None
        rel = output_relpath(job.template, source=job.stem, platform=target.platform.id,
                             slot=slot.id, size=piece.image.size, ext=enc.ext,
                             slice_index=index)
        write_atomic(job.out_dir / rel, enc.data)
        variant = f"{job.stem}/{target.key}" + (f"#{index + 1}" if index is not None else "")
        outputs.append(Output(
            variant_id=variant, source=job.stem, platform=target.platform.id, slot=slot.id,
            path=rel, width=piece.image.width, height=piece.image.height, bytes=len(enc.data),
            max_bytes=cap, format=enc.format, inputs_key=key, slice=piece.slice,
            group=f"{job.stem}/{target.key}" if piece.slice else None,
            layout=layout.to_dict() if layout else None,
            encode=frozen_map({"quality": enc.quality, "subsampling": enc.subsampling,
                               "encodes": enc.encodes, "tried": list(enc.extra.get("tried", ())),
                               "sample_encodes": enc.extra.get("sample_encodes", 0.0),
                               **({"palette": enc.extra["palette"]} if "palette" in enc.extra
                                  else {})}),
            findings=tuple(f for f in findings if f.code != "encode.cap-unreachable"),
        ))
    return SourceResult(job.stem, tuple(outputs), tuple(findings), written=len(outputs))


# ---- one source: planned in the parent, variants run in the pool ----

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
    cache_key: str | None = None


# Sources a process has opened, by (path, digest). The parent fills it before dispatch, so
# workers forked afterwards inherit the decoded composite; others open the source once.
_OPENED: dict[str, PreparedSource] = {}
_OPENED_MAX = 2


def _cache_key(handle: SourceHandle) -> str:
    return f"{handle.job.path}\0{handle.digest}"


def _worker_source(handle: SourceHandle) -> PreparedSource:
    key = _cache_key(handle)
    if key not in _OPENED:
        prepared = PreparedSource(handle.job, checks=False)
        if handle.flat is not None:
            prepared.__dict__["flat"] = handle.flat.load()  # fills the cached_property
        while len(_OPENED) >= _OPENED_MAX:
            _OPENED.pop(next(iter(_OPENED)))
        _OPENED[key] = prepared
    return _OPENED[key]


def _failure(job: SourceJob, exc: BaseException) -> Failure:
    """The one-line Failure for an exception while building a source (a log for bugs)."""
    if isinstance(exc, AssetkitError):
        return Failure(job.stem, "unreadable", str(exc))
    if isinstance(exc, OSError):
        return Failure(job.stem, "unreadable", f"{job.path}: {exc.strerror or exc}")
    log = write_crash_log(f"building {job.path}")
    return Failure(job.stem, "internal",
                   f"{job.path}: internal error ({type(exc).__name__}: {exc})", log)


def run_variant(task: VariantTask) -> VariantOutcome:
    """One target of one source (in a worker, or inline at -j 1); never raises."""
    try:
        prepared = _worker_source(task.source)
        seen = len(prepared.findings)
        result = _build_target(task.source.job, prepared, task.target, task.key, task.hint)
        return VariantOutcome(result, tuple(prepared.findings[seen:]))
    except Exception as exc:
        return VariantOutcome(failure=_failure(task.source.job, exc))


def _needs_flat(job: SourceJob, targets: Sequence[Target]) -> bool:
    return job.mode == "flatten" or any(t.slot.detail is not None for t in targets)


def _pixels(prepared: PreparedSource, target: Target) -> int:
    size, _ = output_size(target.slot, prepared.doc.size)
    return size[0] * size[1]


def _start_source(job: SourceJob, pool: VariantPool) -> _SourceRun:
    """Skip what is up to date; open and decode the rest once; fit the size model once;
    dispatch the variants biggest first."""
    run = _SourceRun(job, [], [])
    try:
        digest = file_sha256(job.path)
        todo: list[tuple[int, Target, str]] = []
        for target in job.targets:
            key = inputs_key(digest, target, job)
            previous = job.previous.get(target.key, ())
            if not job.force and _up_to_date(previous, key, job.out_dir):
                kept = tuple(previous)
                # slices of one detail page each carry the page's findings: report them once
                found = tuple(dict.fromkeys(f for o in kept for f in o.findings))
                run.slots.append(SourceResult(job.stem, kept, found, skipped=len(kept)))
            else:
                run.slots.append(len(todo))
                todo.append((len(todo), target, key))
        if not todo:  # nothing to rebuild; source findings are still reported (cheap: no pixels)
            run.findings = source_findings(open_document(job.path, job.limits), job.stem,
                                           job.brand)
            return run
        prepared = PreparedSource(job)
        run.findings = tuple(prepared.findings)
        flat = prepared.flat if _needs_flat(job, [t for _, t, _ in todo]) else None
        hint = prepass(flat) if flat is not None else None
        handle = SourceHandle(job, digest,
                              pool.park(flat) if flat is not None and pool.needs_handoff() else None)
        run.cache_key = _cache_key(handle)
        _OPENED[run.cache_key] = prepared
        order = sorted(todo, key=lambda t: -_pixels(prepared, t[1]))
        futures: dict[int, Future] = {}
        for index, target, key in order:
            futures[index] = pool.submit(run_variant, VariantTask(handle, target, key, hint))
        run.futures = [futures[i] for i in range(len(todo))]
    except Exception as exc:
        run.failure = _failure(job, exc)
    return run


def _finish_source(run: _SourceRun) -> SourceResult:
    outcomes = [f.result() for f in run.futures]
    if run.cache_key is not None:
        _OPENED.pop(run.cache_key, None)
    failure = run.failure or next((o.failure for o in outcomes if o.failure), None)
    if failure is not None:
        return SourceResult(run.job.stem, failure=failure)
    results = [slot if isinstance(slot, SourceResult) else outcomes[slot].result
               for slot in run.slots]
    notes = tuple(dict.fromkeys(n for o in outcomes for n in o.notes))
    return SourceResult(
        run.job.stem,
        outputs=tuple(o for r in results for o in r.outputs),
        findings=run.findings + notes + tuple(f for r in results for f in r.findings),
        written=sum(r.written for r in results), skipped=sum(r.skipped for r in results))


def write_crash_log(context: str) -> Path:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="assetkit-", suffix=".log", dir=LOG_DIR)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"assetkit {__version__}: {context}\n\n{traceback.format_exc()}")
    return Path(name)


def build_source(job: SourceJob) -> SourceResult:
    """Build one source in this process; never raises: failures come back as a Failure."""
    with VariantPool(1) as pool:
        return _finish_source(_start_source(job, pool))


# ---- the whole build ----

def _run_jobs(jobs: list[SourceJob], workers: int, progress: Callable | None,
              start_method: str | None) -> list[SourceResult]:
    """Sources in order, one decoded in the parent while the pool works on the previous one;
    results (and progress) in source order."""
    results: list[SourceResult] = []
    in_flight: deque[_SourceRun] = deque()

    def finish_one() -> None:
        results.append(_finish_source(in_flight.popleft()))
        if progress:
            progress(len(results), len(jobs), results[-1])

    with VariantPool(workers, start_method) as pool:
        for job in jobs:
            in_flight.append(_start_source(job, pool))
            while len(in_flight) > 1:
                finish_one()
        while in_flight:
            finish_one()
    return results


def _previous_by_target(previous, stem: str) -> dict:
    grouped: dict[str, list[Output]] = {}
    for out in previous.outputs if previous else ():
        if out.source == stem:
            grouped.setdefault(f"{out.platform}/{out.slot}", []).append(out)
    return {k: tuple(v) for k, v in grouped.items()}


def _in_scope(scope: set | None, source: str | None, platform: str | None, slot: str | None
              ) -> bool:
    if scope is None:
        return True
    if platform is None:
        return any(s == source for s, _ in scope)
    return (source, f"{platform}/{slot}") in scope


def _remove_stale(out_dir: Path, old: Sequence[Output], new: Sequence[Output]) -> tuple[str, ...]:
    keep = {o.path for o in new}
    removed = []
    for out in old:
        target = (out_dir / out.path).resolve()
        if out.path in keep or out_dir.resolve() not in target.parents:
            continue
        if target.is_file():
            target.unlink()
            removed.append(out.path)
        for folder in target.parents:
            if folder == out_dir.resolve() or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()
    return tuple(removed)


@dataclass(frozen=True)
class BuildPlan:
    """Resolved inputs of a build: sources, targets, settings."""

    sources: tuple[Path, ...]
    targets: tuple[Target, ...]
    campaign: Campaign
    brand: BrandRules | None
    out_dir: Path
    scoped: bool
    warnings: tuple[str, ...] = ()


def plan_build(sources: Sequence[str | Path] = (), *, campaign: Campaign | None = None,
               specs_dir: Path | None = None, brand_path: Path | None = None,
               only: Sequence[str] = (), out: Path | None = None) -> BuildPlan:
    """Resolve what a build will do; raises UsageError/InvalidConfig before anything is written."""
    if campaign is None and not sources:
        raise UsageError("no sources given and no assetkit.yaml found here or above; "
                         "pass PSD files (and -o OUT) or run inside a campaign folder")
    if campaign is None and out is None:
        raise UsageError("no assetkit.yaml found: pass -o OUT to say where outputs go")
    campaign = campaign or Campaign(root=Path.cwd())
    warnings: list[str] = []
    catalog = load_catalog(specs_dir or campaign.specs, warnings)
    brand_file = brand_path or campaign.brand
    brand = load_brand(brand_file, warnings) if brand_file else None
    targets = select_targets(catalog, campaign.targets, only)
    load_templates(campaign.layouts)  # a broken layouts file stops the build before it starts
    root = Path.cwd() if sources else campaign.root
    files = expand_sources(sources or campaign.sources, root)
    if not files:
        raise UsageError("no PSD/PSB sources found"
                         + (f" for {', '.join(campaign.sources)}" if campaign.sources else ""))
    return BuildPlan(tuple(files), targets, campaign, brand, Path(out or campaign.output),
                     scoped=bool(only or sources), warnings=tuple(warnings))


def build(sources: Sequence[str | Path] = (), *, campaign: Campaign | None = None,
          specs_dir: Path | None = None, brand_path: Path | None = None,
          only: Sequence[str] = (), out: Path | None = None, jobs: int | None = None,
          force: bool = False, limits: DocumentLimits = DocumentLimits(),
          progress: Callable | None = None, start_method: str | None = None,
          mode: str | None = None) -> BuildResult:
    """Build every variant of every source for every target slot; see the README."""
    plan = plan_build(sources, campaign=campaign, specs_dir=specs_dir, brand_path=brand_path,
                      only=only, out=out)
    previous = read_manifest(plan.out_dir)
    stems = source_stems(list(plan.sources))
    job_list = [SourceJob(p, stems[p], plan.targets, plan.campaign.filename,
                          tuple(plan.campaign.formats), plan.out_dir, force,
                          _previous_by_target(previous, stems[p]), limits,
                          mode or plan.campaign.mode, plan.campaign.role_rules, plan.brand,
                          plan.campaign.layouts)
                for p in plan.sources]
    results = _run_jobs(job_list, jobs or default_jobs(), progress, start_method)
    return _finish(plan, previous, results)


def _finish(plan: BuildPlan, previous, results: list[SourceResult]) -> BuildResult:
    failed = {r.source for r in results if r.failure}
    scope = ({(r.source, t.key) for r in results for t in plan.targets if r.source not in failed}
             if plan.scoped else {(r.source, t.key) for r in results for t in plan.targets
                                  if r.source not in failed} | {("*", "*")})
    full = not plan.scoped
    old = previous.outputs if previous else ()
    kept = [o for o in old if (not full or o.source in failed)
            and not _in_scope(scope, o.source, o.platform, o.slot)]
    new_outputs = [o for r in results for o in r.outputs]
    overrides = (plan.brand.severity if plan.brand else {}, plan.campaign.severity)
    new_findings = apply_overrides([f for r in results for f in r.findings], *overrides)
    old_findings = [f for f in (previous.findings if previous else ())
                    if (not full or f.source in failed)
                    and not _in_scope(scope, f.source, f.platform, f.slot)]
    stale = [o for o in old if _in_scope(scope, o.source, o.platform, o.slot)
             or (full and o.source not in failed)]
    removed = _remove_stale(plan.out_dir, stale, new_outputs)
    outputs = [*kept, *new_outputs]
    findings = [*old_findings, *new_findings]
    manifest = write_manifest(plan.out_dir, outputs, findings, __version__)
    report = write_report(plan.out_dir, outputs, findings, plan.campaign.name)
    return BuildResult(
        out_dir=plan.out_dir, outputs=tuple(outputs), findings=tuple(new_findings),
        failures=tuple(r.failure for r in results if r.failure),
        written=sum(r.written for r in results), skipped=sum(r.skipped for r in results),
        removed=removed, manifest=manifest, report=report, sources=len(plan.sources),
        targets=len(plan.targets), extra={"config_warnings": plan.warnings})
