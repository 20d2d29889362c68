"""The whole build: plan (pipeline/plan), run the sources (pipeline/run), merge the manifest,
remove what the build superseded, write the report."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..document import DocumentLimits
from ..findings import apply_overrides
from ..fsutil import file_sha256
from ..model import BrandRules, BuildMode, Campaign, Output
from ..render.resample import default_backend
from ..report.html import write_report
from .manifest import read_manifest, write_manifest
from .naming import source_stems
from .plan import BuildPlan, plan_build
from .pool import default_jobs
from .results import BuildResult, SourceResult
from .run import run_jobs
from .variant import SourceJob, previous_notes
from .write import remove_stale


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


@dataclass(frozen=True)
class BuildOptions:
    """How a build runs beyond what and where: spec and brand files that override the
    campaign's, the path (recompose | flatten; None: the campaign's), the limits on a source
    document, a progress callback and the worker pool's start method."""

    specs_dir: Path | None = None
    brand_path: Path | None = None
    mode: BuildMode | None = None
    limits: DocumentLimits = DocumentLimits()
    progress: Callable | None = None
    start_method: str | None = None


def build(sources: Sequence[str | Path] = (), *, campaign: Campaign | None = None,
          only: Sequence[str] = (), out: Path | None = None, jobs: int | None = None,
          force: bool = False, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build every variant of every source for every target slot; see the README."""
    plan = plan_build(sources, campaign=campaign, specs_dir=options.specs_dir,
                      brand_path=options.brand_path, only=only, out=out)
    limits, mode = options.limits, options.mode or plan.campaign.mode
    previous = read_manifest(plan.out_dir)
    # a flatten build draws no text: fonts are no input of its outputs (and not hashed)
    fonts = fonts_digest(plan.brand) if mode != "flatten" else {}
    stems = source_stems(list(plan.sources))
    layouts = plan.campaign.layouts
    layouts_digest = file_sha256(layouts) if layouts else None
    job_list = [SourceJob(path=p, stem=stems[p], targets=plan.source_targets(p),
                          template=plan.campaign.filename, formats=tuple(plan.campaign.formats),
                          out_dir=plan.out_dir, force=force,
                          previous=_previous_by_target(previous, stems[p]), limits=limits,
                          mode=mode, role_rules=plan.campaign.role_rules,
                          brand=plan.brand, layouts=plan.campaign.layouts,
                          layouts_digest=layouts_digest,
                          previous_notes=previous_notes(previous, stems[p]),
                          resampler=default_backend(),
                          fonts_digest=f"{fonts['table']}:{fonts['faces']}" if fonts else "")
                for p in plan.sources]
    results = run_jobs(job_list, jobs or default_jobs(), options.progress, options.start_method)
    return _finish(plan, previous, results, fonts, stems)


def fonts_digest(brand: BrandRules | None) -> dict[str, str]:
    """fonts/ digests of the substitution table and the face files it resolves on this machine
    (recorded in the manifest; part of every output's inputs key)."""
    from ..checks.run import shared_font_index
    from ..fonts.resolve import FontResolver

    index = shared_font_index(tuple(brand.font_dirs) if brand else ())
    return FontResolver.for_brand(index, brand).digest()


def _finish(plan: BuildPlan, previous, results: list[SourceResult],
            fonts: Mapping[str, str], stems: Mapping[Path, str]) -> BuildResult:
    failed = {r.source for r in results if r.failure}
    targets_of = {stems[p]: plan.source_targets(p) for p in plan.sources}
    scope = {(r.source, t.key) for r in results if r.source not in failed
             for t in targets_of.get(r.source, plan.targets)}
    if not plan.scoped:
        scope |= {("*", "*")}
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
    removed = remove_stale(plan.out_dir, stale, new_outputs)
    outputs = [*kept, *new_outputs]
    findings = [*old_findings, *new_findings]
    manifest = write_manifest(plan.out_dir, outputs, findings, __version__, fonts=fonts)
    report = write_report(plan.out_dir, outputs, findings, plan.campaign.name)
    return BuildResult(
        out_dir=plan.out_dir, outputs=tuple(outputs), findings=tuple(new_findings),
        failures=tuple(r.failure for r in results if r.failure),
        written=sum(r.written for r in results), skipped=sum(r.skipped for r in results),
        removed=removed, manifest=manifest, report=report, sources=len(plan.sources),
        targets=len(plan.targets), warnings=tuple(plan.warnings))
