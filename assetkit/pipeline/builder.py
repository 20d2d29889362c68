"""The whole build: plan the sources and targets, run them, merge the manifest, write the report."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..config import load_brand, load_catalog
from ..document import DocumentLimits
from ..errors import UsageError
from ..findings import apply_overrides
from ..layout import load_templates
from ..model import BrandRules, Campaign, Output, Target
from ..render.resample import default_backend
from ..report.html import write_report
from .dispatch import run_jobs
from .manifest import read_manifest, write_manifest
from .naming import source_stems
from .results import BuildResult, SourceResult
from .schedule import default_jobs
from .sources import expand_sources
from .targets import select_targets
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
class BuildPlan:
    """Resolved inputs of a build: sources, targets, settings."""

    sources: tuple[Path, ...]
    targets: tuple[Target, ...]
    campaign: Campaign
    brand: BrandRules | None
    out_dir: Path
    scoped: bool
    warnings: tuple[str, ...] = ()
    targets_for: Mapping[Path, tuple[Target, ...]] = field(default_factory=dict)

    def source_targets(self, path: Path) -> tuple[Target, ...]:
        return self.targets_for.get(path, self.targets)


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
    load_templates(campaign.layouts)  # a broken layouts file stops the build before it starts
    root = Path.cwd() if sources else campaign.root
    targets_for = {}
    for pattern in sources or campaign.sources:
        own = () if sources else campaign.source_targets.get(str(pattern), ())
        chosen = select_targets(catalog, own or campaign.targets, only, strict=False)
        for path in expand_sources([pattern], root):
            targets_for.setdefault(path, chosen)
    targets_for = {p: t for p, t in targets_for.items() if t}
    if not targets_for:
        select_targets(catalog, campaign.targets, only)  # the usage error that explains why
        raise UsageError("no PSD/PSB sources found"
                         + (f" for {', '.join(campaign.sources)}" if campaign.sources else ""))
    union = {t.key: t for ts in targets_for.values() for t in ts}
    return BuildPlan(tuple(targets_for), tuple(union.values()), campaign, brand,
                     Path(out or campaign.output), scoped=bool(only or sources),
                     warnings=tuple(warnings), targets_for=targets_for)


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
    fonts = fonts_digest(plan.brand)
    stems = source_stems(list(plan.sources))
    job_list = [SourceJob(path=p, stem=stems[p], targets=plan.source_targets(p),
                          template=plan.campaign.filename, formats=tuple(plan.campaign.formats),
                          out_dir=plan.out_dir, force=force,
                          previous=_previous_by_target(previous, stems[p]), limits=limits,
                          mode=mode or plan.campaign.mode, role_rules=plan.campaign.role_rules,
                          brand=plan.brand, layouts=plan.campaign.layouts,
                          previous_notes=previous_notes(previous, stems[p]),
                          resampler=default_backend(),
                          fonts_digest=f"{fonts['table']}:{fonts['faces']}")
                for p in plan.sources]
    results = run_jobs(job_list, jobs or default_jobs(), progress, start_method)
    return _finish(plan, previous, results, fonts)


def fonts_digest(brand: BrandRules | None) -> dict[str, str]:
    """fonts/ digests of the substitution table and the face files it resolves on this machine
    (recorded in the manifest; part of every output's inputs key)."""
    from ..checks.run import shared_font_index
    from ..fonts.resolve import FontResolver

    index = shared_font_index(tuple(brand.font_dirs) if brand else ())
    return FontResolver.for_brand(index, brand).digest()


def _finish(plan: BuildPlan, previous, results: list[SourceResult],
            fonts: Mapping[str, str]) -> BuildResult:
    failed = {r.source for r in results if r.failure}
    stems = source_stems(list(plan.sources))
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
        targets=len(plan.targets), extra={"config_warnings": plan.warnings})
