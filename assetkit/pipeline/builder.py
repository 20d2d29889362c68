"""The whole build: plan (pipeline/plan), take the output folder's lock, decide per source what
is up to date (store/), run the rest (pipeline/run), commit each source's record as it
finishes, prune on request, then write the index, the manifest and the report when anything
changed."""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..checks.run import fonts_digest
from ..cluster.settings import ClusterSettings
from ..coded import coded_strings
from ..document import DocumentLimits
from ..findings import apply_overrides, severity_table
from ..fsutil import display_path, file_sha256, sweep_temps
from ..model import (
    BuildMode,
    Campaign,
    Failure,
    Finding,
    SeverityOrOff,
)
from ..render.resample import default_backend
from ..report.web import settings_for, write_pages
from ..store.adopt import Legacy, V1Settings, legacy_manifest
from ..store.ids import SourceId, check_recorded
from ..store.index import Entry
from ..store.journal import close_journal, open_journal
from ..store.keys import InputsKeys, output_key
from ..store.lock import Holder, hold
from ..store.manifest import Manifest, ManifestHead, manifest_whole
from ..store.mounts import stable_inodes
from ..store.publish import listing, publish
from ..store.records import STORE_DIR, Record
from ..store.store import Decision, Freshness, OutputStore
from .plan import BuildPlan, plan_build
from .pool import default_jobs
from .results import BuildResult, SourceDone, SourceResult, StopBuild, source_failure
from .run import run_jobs
from .source import SourceJob, previous_notes

if TYPE_CHECKING:
    from ..cluster.settings import Scheduler
    from ..cluster.task import TaskResult


@dataclass(frozen=True)
class BuildOptions:
    """How a build runs beyond what and where: spec and brand files that override the
    campaign's, the path (recompose | flatten; None: the campaign's), the limits on a source
    document, a progress callback and the worker pool's start method; where source ids start
    (default: the campaign's `source_root:`), how long to wait for a busy output folder, whether
    to prune the outputs of deleted sources, re-read every source, or stat recorded outputs;
    and `render`, the one per-source function a test bench or a cluster may put in the pool's
    place (it builds one source's job and returns its result)."""

    specs_dir: Path | None = None
    brand_path: Path | None = None
    mode: BuildMode | None = None
    limits: DocumentLimits = DocumentLimits()
    progress: Callable | None = None
    start_method: str | None = None
    source_root: Path | None = None
    wait: float | None = None
    prune: bool = False
    rehash: bool = False
    verify: bool = False
    previews: bool = False  # write OUTPUT_preview.png for slots with coded text
    render: Callable[[SourceJob], SourceResult] | None = None
    on_source: Callable[[SourceDone], None] | None = None  # after each source's commit or skip
    lock_as: str = "build"  # the command the lock names to a busy run (`watch` for its batches)
    # the result lists the folder's outputs (up to INLINE_MAX); a watcher's batch prints none,
    # and does not read every record for them
    list_outputs: bool = True
    cluster: ClusterSettings = ClusterSettings()  # a scheduler: sources run on Dask workers


def build(sources: Sequence[str | Path] = (), *, campaign: Campaign | None = None,
          only: Sequence[str] = (), out: Path | None = None, jobs: int | None = None,
          force: bool = False, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build every variant of every source for every target slot; see the README."""
    plan = plan_build(sources, campaign=campaign, specs_dir=options.specs_dir,
                      brand_path=options.brand_path, only=only, out=out,
                      id_root=options.source_root)
    legacy = legacy_manifest(plan.out_dir)  # a broken manifest.json stops here, nothing written
    with hold(plan.out_dir, options.lock_as, wait=options.wait) as held:
        return _Build(plan, options, force, legacy, held).run(jobs or default_jobs())


@dataclass
class _Tally:
    """What the run did, filled as sources are decided and committed."""

    results: dict[str, SourceResult] = field(default_factory=dict)  # by source id
    removed: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    read: int = 0
    changed: bool = False
    notes: list[str] = field(default_factory=list)  # warnings the run adds (stalls recovered)


def _coded_inputs(plan: BuildPlan, previews: bool) -> dict[str, object]:
    """Per target with coded-text areas, strings or phrase rules (the slot's or the brand's):
    those, and whether a preview is written, as inputs of that target's outputs (layout,
    findings and previews depend on them); the other targets' keys stay as they were."""
    brand = plan.brand.phrases if plan.brand else None
    out: dict[str, object] = {}
    for target in plan.targets:
        slot, strings = target.slot, coded_strings(plan.campaign, target)
        if slot.coded_text or slot.phrases or strings or brand:
            out[target.key] = (repr(slot.coded_text), repr(slot.phrases), repr(brand),
                               dict(strings), previews and bool(strings))
    return out


class _Build:
    def __init__(self, plan: BuildPlan, options: BuildOptions, force: bool,
                 legacy: Manifest | None = None, held: Holder | None = None) -> None:
        self.plan, self.options, self.held = plan, options, held
        self.legacy = Legacy(legacy, plan.sources) if legacy and not force else None
        self.mode: BuildMode = options.mode or plan.campaign.mode
        # a flatten build draws no text: fonts are no input of its outputs (and not hashed)
        self.fonts = fonts_digest(plan.brand) if self.mode != "flatten" else {}
        self.resampler = default_backend()
        self.keys = InputsKeys(plan.campaign.filename, plan.campaign.formats, self.mode,
                               plan.campaign.role_rules, plan.brand, plan.campaign.layouts,
                               self.resampler, self.fonts,
                               per_target=_coded_inputs(plan, options.previews))
        self.store = OutputStore(plan.out_dir)
        check_recorded(plan.ids, self.store.index.entries, plan.root)
        self.how = Freshness(force, options.rehash, options.verify, stable_inodes(plan.root),
                             narrowed=plan.narrowed)
        self.tally = _Tally()
        self.decisions: dict[str, Decision] = {}

    def _keys(self, path: Path) -> dict[str, str]:
        return self.keys.targets(self.plan.source_targets(path))

    def _decide(self) -> list[SourceJob]:
        jobs = []
        for path in self.plan.sources:
            sid = self.plan.ids[path]
            try:
                decision = self.store.decide(sid, path, self._keys(path), self.how)
            except OSError as exc:
                failure = source_failure(sid.folder, path, exc, "reading")
                self.tally.failures.append(failure)
                self._tell(SourceDone(sid, path, "failed", failure))
                continue
            if self.legacy and decision.record is None and self.legacy.outputs_of(path):
                decision = self._adopt(path, decision)
            self.decisions[sid.id] = decision
            self.tally.read += decision.read
            if decision.skip is None:
                jobs.append(self._job(path, decision))
            else:
                self._tell(SourceDone(sid, path, "skipped"))
        return jobs

    def _tell(self, done: SourceDone) -> None:
        if self.options.on_source is not None:
            self.options.on_source(done)

    def _adopt(self, path: Path, decision: Decision) -> Decision:
        """A source of a version-1 folder: its outputs whose version-1 key still holds are
        kept (renamed); when that is all of them, it is committed now and skipped."""
        assert self.legacy is not None
        sha = file_sha256(path)
        v1 = self._v1_settings()
        keys = {t.key: (t, v1.key(sha, t), output_key(sha, self.keys.target(t)))
                for t in self.plan.source_targets(path)}
        adopted = self.legacy.adopt(path, decision.sid.folder, sha, keys, self.plan.out_dir)
        old = Record(decision.sid.id, decision.sid.folder, decision.stat, sha, 0.0, "",
                     adopted.old)
        found = replace(decision, sha256=sha, record=old, previous=adopted.kept,
                        read=decision.stat.size)
        if set(adopted.kept) != set(keys):
            return found
        self.tally.changed = True
        outputs = tuple(o for outs in adopted.kept.values() for o in outs)
        self.tally.removed += self.store.commit(found, sha, self._keys(path), outputs,
                                                adopted.findings)
        return replace(found, skip=self.store.record(decision.sid))

    def _v1_settings(self) -> V1Settings:
        campaign, fonts = self.plan.campaign, self.fonts
        return V1Settings(campaign.filename, tuple(campaign.formats), self.mode,
                          campaign.role_rules, self.plan.brand,
                          file_sha256(campaign.layouts) if campaign.layouts else None,
                          self.resampler, f"{fonts['table']}:{fonts['faces']}" if fonts else "")

    def _job(self, path: Path, decision: Decision) -> SourceJob:
        plan, record = self.plan, decision.record
        return SourceJob(
            path=path, stem=decision.sid.folder, targets=plan.source_targets(path),
            template=plan.campaign.filename, formats=tuple(plan.campaign.formats),
            out_dir=plan.out_dir, force=self.how.force, previous=dict(decision.previous),
            limits=self.options.limits, mode=self.mode, role_rules=plan.campaign.role_rules,
            brand=plan.brand, layouts=plan.campaign.layouts,
            previous_notes=previous_notes(record.findings) if record else (),
            resampler=self.resampler, target_keys=self._keys(path), digest=decision.sha256,
            coded={t.key: dict(coded_strings(plan.campaign, t))
                   for t in plan.source_targets(path)}, previews=self.options.previews,
            seen=decision.stat)

    def _begin(self, jobs: list[SourceJob]) -> None:
        """The journal, then the temp files killed writes left where this run writes."""
        restamps = any(d.restamp for d in self.decisions.values())
        if not (jobs or restamps or self.options.prune or self.store.died):
            return
        out = self.plan.out_dir
        open_journal(out, "build", [self.plan.ids[j.path].id for j in jobs])
        self.tally.changed = True
        sweep_temps(out, recursive=False)
        sweep_temps(out / STORE_DIR)  # its tmp/ holds every write's temp file
        for job in jobs:
            sweep_temps(out / job.stem)
        for decision in self.decisions.values():
            if decision.restamp:
                self.store.restamp(decision)

    def _still_held(self) -> None:
        """Nothing more is written once the lock is lost: this run stalled for 3 beats and
        another took the folder over (store/lock.py); its records and index would overwrite
        that run's."""
        if self.held is not None:
            self.held.ensure(display_path(self.plan.out_dir))

    def _commit(self, job: SourceJob, result: SourceResult,
                remote: TaskResult | None = None) -> None:
        """Commit a source's result; `remote`: a cluster worker committed it already (its
        record goes into the index as it is)."""
        self._still_held()
        sid = self.plan.ids[job.path]
        # kept without its outputs (they are in the record): 650,000 of them would not fit
        self.tally.results[sid.id] = replace(result, outputs=())
        if job.digest is None:
            self.tally.read += self.decisions[sid.id].stat.size  # hashed by the run
        if result.failure is not None:
            self.tally.failures.append(result.failure)
            # an error record (its earlier outputs kept): `check`, the report and a watcher see it
            self.store.fail(self.decisions[sid.id], result.sha256 or job.digest or "",
                            result.failure)
            self._tell(SourceDone(sid, job.path, "failed", result.failure))
            return
        if result.written:
            self.tally.read += self.decisions[sid.id].stat.size  # decoded to render
        if remote is not None and remote.record is not None:
            self.store.take(remote.record)
            self.tally.removed += remote.removed
        else:
            self.tally.removed += self.store.commit(self.decisions[sid.id], result.sha256,
                                                    self._built(job), result.outputs,
                                                    result.findings)
        self._tell(SourceDone(sid, job.path, "done"))

    @staticmethod
    def _built(job: SourceJob) -> dict[str, str]:
        return {t.key: job.target_keys[t.key] for t in job.targets}

    def _render(self, jobs: list[SourceJob], workers: int) -> None:
        seam, scheduler = self.options.render, self._scheduler()
        if scheduler is not None and jobs:
            self._on_cluster(jobs, scheduler)
            return
        if seam is None:
            run_jobs(jobs, workers, self.options.progress, self.options.start_method,
                     done=self._commit)
            return
        for job in jobs:
            self._commit(job, seam(job))

    def _on_cluster(self, jobs: list[SourceJob], scheduler: Scheduler) -> None:
        """The sources run as Dask tasks; each worker commits its source's record, the
        coordinator takes it into the index (see cluster/coordinator.py)."""
        from ..cluster.coordinator import run_on_cluster
        from ..cluster.environment import expect
        from ..cluster.settings import map_brand, map_path
        from ..cluster.task import SourceTask

        out, cluster = self.plan.out_dir, self.options.cluster
        expected = expect(out, map_path(out, cluster.path_maps),
                          map_brand(self.plan.brand, cluster.path_maps), self.fonts)
        token = self.held.info.token if self.held else ""
        tasks = [SourceTask(j, self.decisions[self.plan.ids[j.path].id], self._built(j),
                            self.options.render, token, expected) for j in jobs]
        ran = run_on_cluster(tasks, scheduler, cluster,
                             lambda task, done: self._commit(task.job, done.result, done))
        self.tally.notes += [*ran.retired, *ran.recoveries]

    def _scheduler(self) -> Scheduler | None:
        """Where sources run: --scheduler / ASSETKIT_SCHEDULER, else the campaign's."""
        return self.options.cluster.scheduler or self.plan.campaign.scheduler

    def run(self, workers: int) -> BuildResult:
        jobs: list[SourceJob] = []
        stopped = False
        try:
            jobs = self._decide()
            self._begin(jobs)
            self._render(jobs, workers)
        except StopBuild:  # asked to stop after a source: what was committed is published
            stopped = True
        missing = self.store.missing(self.plan.root)
        self._still_held()
        if self.options.prune and missing and not stopped:
            self.tally.removed += self.store.prune(missing)
            self.tally.changed = True
        return self._finish(jobs, () if self.options.prune else missing)

    def _severity(self) -> dict[str, SeverityOrOff]:
        """The brand's severity overrides, then the campaign's (later wins)."""
        brand, campaign = self.plan.brand, self.plan.campaign
        return severity_table(brand.severity if brand else None, campaign.severity)

    def _overrides(self, findings: Sequence[Finding]) -> list[Finding]:
        return apply_overrides(findings, self._severity())

    def _findings(self) -> list[Finding]:
        """This run's findings, source by source: built ones as made, up-to-date ones as the
        build that made them found them (from their records)."""
        found: list[Finding] = []
        for path in self.plan.sources:
            sid = self.plan.ids[path]
            decision = self.decisions.get(sid.id)
            if sid.id in self.tally.results:
                found += self.tally.results[sid.id].findings
            elif decision is not None and decision.skip is not None:
                found += decision.skip.findings
        return self._overrides(found)

    def _finish(self, jobs: list[SourceJob], missing: Sequence[Entry]) -> BuildResult:
        plan, store, tally = self.plan, self.store, self.tally
        counts = store.index.counts()
        manifest, report = plan.out_dir / "manifest.json", plan.out_dir / "report.html"
        listed = listing(plan.out_dir, counts["outputs"]) if self.options.list_outputs else None
        if tally.changed or store.index.changed or not manifest_whole(plan.out_dir):
            self._still_held()
            head = ManifestHead(__version__, self.fonts, severity=self._severity())
            publish(plan.out_dir, store.index, head, everything=store.remade,
                    listed=listed)
            self._report()
            if all(self.plan.ids[j.path].id in tally.results for j in jobs):
                close_journal(plan.out_dir)  # else a stop left sources: the next run redoes them
        return BuildResult(  # outputs: all of them up to INLINE_MAX, else `manifest list`
            out_dir=plan.out_dir, outputs=listed.outputs if listed else (),
            findings=tuple(self._findings()),
            failures=tuple(tally.failures),
            written=sum(r.written for r in tally.results.values()),
            skipped=sum(store.index.entries[i].outputs for i, d in self.decisions.items()
                        if d.skip is not None and i in store.index.entries),
            removed=tuple(tally.removed), manifest=manifest, report=report,
            sources=len(plan.sources), targets=len(plan.targets),
            warnings=(*plan.warnings, *tally.notes),
            source_bytes_read=tally.read, missing=tuple(e.id for e in missing),
            outputs_total=counts["outputs"],
            rendered=sum(1 for r in tally.results.values() if r.written))

    def _report(self) -> None:
        """The report's index and the pages of the sources this run committed."""
        plan = self.plan
        targets = [*plan.targets, *(t for ts in plan.targets_for.values() for t in ts)]
        platforms = {t.platform.id: t.platform for t in targets}.values()
        settings = settings_for(plan.campaign.name, plan.campaign.report_lang, self._severity(),
                                platforms, os.environ)
        committed = [i for i, r in self.tally.results.items() if r.failure is None]
        write_pages(plan.out_dir, self.store.index.entries, committed, settings)


__all__ = ["BuildOptions", "BuildResult", "SourceId", "build", "fonts_digest"]
