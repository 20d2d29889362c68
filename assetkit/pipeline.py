"""build(): the only place the stages are chained — sources -> document -> render -> encode ->
write -> manifest -> report."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property
from multiprocessing import get_context
from pathlib import Path

from . import __version__
from .checking import source_findings
from .config import load_brand, load_catalog
from .document import DocumentLimits, open_document
from .encode import fit_under_cap
from .encode.solver import candidate_formats
from .errors import AssetkitError, CapUnreachable, ExitCode, UsageError, worst_exit
from .findings import apply_overrides, at_or_above
from .fsutil import file_sha256, write_atomic
from .geometry import output_size
from .layout import Layout, plan_layout
from .manifest import read_manifest, write_manifest
from .model import BrandRules, Campaign, Finding, Output, Target, frozen_map
from .naming import output_relpath, source_stems
from .render.flatten import Rendered, opaque, render_flat
from .render.recompose import SourceRender, prepare_source, render_layout
from .report.html import write_report
from .roles import assign_roles
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
             job.mode, job.role_rules, repr(job.brand), __version__]
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

    def __init__(self, job: SourceJob) -> None:
        self.job = job
        self.doc = open_document(job.path, job.limits)
        self.findings: list[Finding] = list(source_findings(self.doc, job.stem, job.brand))

    @cached_property
    def flat(self):
        return opaque(self.doc.flatten())

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
    src = prepared.render
    layout = plan_layout(src.infos, src.size, slot, size, focus=src.focus, brand=job.brand,
                         where=where)
    if not layout.servable:
        return [], layout
    rendered = render_layout(src, layout)
    return [Rendered(rendered.image, masks=rendered.masks)], layout


def _build_target(job: SourceJob, prepared: PreparedSource, target: Target, key: str
                  ) -> SourceResult:
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
    cap = int((slot.detail.slice_max_kb if slot.detail and slot.detail.slice_max_kb
               else slot.max_kb) * 1024)
    outputs = []
    for piece in pieces:
        try:
            enc = fit_under_cap(piece.image, formats, cap)
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
                               "encodes": enc.encodes, "tried": list(enc.extra.get("tried", ()))}),
            findings=tuple(f for f in findings if f.code != "encode.cap-unreachable"),
        ))
    return SourceResult(job.stem, tuple(outputs), tuple(findings), written=len(outputs))


def _build_source_inner(job: SourceJob) -> SourceResult:
    digest = file_sha256(job.path)
    prepared: PreparedSource | None = None
    results = []
    for target in job.targets:
        key = inputs_key(digest, target, job)
        previous = job.previous.get(target.key, ())
        if not job.force and _up_to_date(previous, key, job.out_dir):
            kept = tuple(previous)
            results.append(SourceResult(job.stem, kept, tuple(f for o in kept for f in o.findings),
                                        skipped=len(kept)))
            continue
        prepared = prepared or PreparedSource(job)
        results.append(_build_target(job, prepared, target, key))
    source_findings = tuple(prepared.findings) if prepared else ()
    return SourceResult(
        job.stem,
        outputs=tuple(o for r in results for o in r.outputs),
        findings=source_findings + tuple(f for r in results for f in r.findings),
        written=sum(r.written for r in results), skipped=sum(r.skipped for r in results))


def write_crash_log(context: str) -> Path:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="assetkit-", suffix=".log", dir=LOG_DIR)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"assetkit {__version__}: {context}\n\n{traceback.format_exc()}")
    return Path(name)


def build_source(job: SourceJob) -> SourceResult:
    """Build one source; never raises: failures come back as a Failure."""
    try:
        return _build_source_inner(job)
    except AssetkitError as exc:
        return SourceResult(job.stem, failure=Failure(job.stem, "unreadable", str(exc)))
    except OSError as exc:
        return SourceResult(job.stem, failure=Failure(job.stem, "unreadable",
                                                      f"{job.path}: {exc.strerror or exc}"))
    except Exception as exc:  # a bug: short message, traceback to a log file
        log = write_crash_log(f"building {job.path}")
        return SourceResult(job.stem, failure=Failure(
            job.stem, "internal", f"{job.path}: internal error ({type(exc).__name__}: {exc})",
            log))


# ---- the whole build ----

def default_jobs() -> int:
    counter = getattr(os, "process_cpu_count", None)
    if counter is not None:
        return counter() or 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _run_jobs(jobs: list[SourceJob], workers: int, progress: Callable | None,
              start_method: str | None) -> list[SourceResult]:
    results: list[SourceResult] = []
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            results.append(build_source(job))
            if progress:
                progress(len(results), len(jobs), results[-1])
        return results
    method = start_method or ("fork" if os.name == "posix" and os.uname().sysname == "Linux"
                              else "spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)),
                             mp_context=get_context(method)) as pool:
        for result in pool.map(build_source, jobs):
            results.append(result)
            if progress:
                progress(len(results), len(jobs), result)
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
                          mode or plan.campaign.mode, plan.campaign.role_rules, plan.brand)
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
