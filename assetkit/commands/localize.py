"""`assetkit localize`: foreign detail-page PSDs -> localized pages, detail-slot slices, an HTML
snippet and a localized PSD per source. The command plans the run (campaign, detail slots,
translations or MT) and reports it; each source goes through pipeline/localize.py."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..document import DocumentLimits
from ..errors import ExitCode, UsageError
from ..findings import FailOn, apply_overrides, outcome_exit
from ..fonts.index import FontIndex
from ..fonts.resolve import FontResolver
from ..fsutil import display_path, file_sha256
from ..localize.matching import Translations, file_findings
from ..localize.page import COMPOSITE_LIMIT
from ..localize.provider import Translator
from ..localize.strings import load_translations
from ..localize.translators import MachineTranslation, machine_translator
from ..localize.units import (
    Translation,
)
from ..model import (
    BrandRules,
    Campaign,
    Failure,
    Finding,
    Output,
)
from ..pipeline.localize import (
    LocalizedSource,
    LocalizeJob,
    failure_finding,
    localize_source,
    merge_manifest,
)
from ..pipeline.results import source_failure
from ..store.ids import localized_id
from ..store.journal import close_journal, open_journal
from ..store.lock import Holder, hold
from ..store.store import OutputStore
from .campaign import open_campaign

_EITHER = "give either --translations FILE or --mt PROVIDER"


@dataclass(frozen=True)
class LocalizeResult:
    out_dir: Path
    lang: str
    sources: tuple[LocalizedSource, ...]
    findings: tuple[Finding, ...]
    failures: tuple[Failure, ...] = ()
    manifest: Path | None = None
    warnings: tuple[str, ...] = ()

    @property
    def outputs(self) -> tuple[Output, ...]:
        return tuple(o for s in self.sources for o in s.outputs)

    def exit_code(self, fail_on: FailOn = "error") -> ExitCode:
        return outcome_exit(self.findings, bool(self.failures), fail_on)


@dataclass(frozen=True)
class LocalizeOptions:
    """How a localize run goes beyond what and where: the source language, spec and brand files
    that override the campaign's, the font index, the limits on a source document, the
    height above which a page is composited in bands, and whether a layer left untranslated
    is an error."""

    source_lang: str | None = None  # None: from the text (localize.units.source_language)
    specs_dir: Path | None = None
    brand_path: Path | None = None
    font_index: FontIndex | None = None
    limits: DocumentLimits = DocumentLimits()
    composite_limit: int = COMPOSITE_LIMIT
    require_complete: bool = False
    source_root: Path | None = None  # source ids start here (default: the campaign's)
    wait: float | None = None  # seconds to wait for a busy output folder (None: exit 4)


def localize(psds: Sequence[str | Path], *, to: str, translations: Path | None = None,
             translator: Translator | MachineTranslation | None = None,
             campaign: Campaign | Path | None = None,
             only: Sequence[str] = (), out: Path | None = None,
             options: LocalizeOptions = LocalizeOptions()) -> LocalizeResult:
    """Localize every PSD into `to` from a translations file, or a translator (a machine
    provider to build, or any object with `translate`); see the README (## Localization)."""
    from ..pipeline import plan_build

    if (translations is None) == (translator is None):
        raise UsageError(_EITHER)
    campaign, config_warnings = open_campaign(campaign)
    plan = plan_build(psds, campaign=campaign, specs_dir=options.specs_dir,
                      brand_path=options.brand_path, only=only, out=out,
                      id_root=options.source_root)
    source_lang, limits = options.source_lang, options.limits
    targets = tuple((t, t.slot.detail) for t in plan.targets if t.slot.detail is not None)
    skipped = tuple(Finding("localize.slot-skipped", "info", "only detail slots are localized "
                            "(localized banners are future work)", platform=t.platform.id,
                            slot=t.slot.id) for t in plan.targets
                    if t.slot.detail is None and only)
    if not targets:
        raise UsageError("no detail slot selected (e.g. --only naver-smartstore/detail)")
    translated_by, provenance = _translated_by(translations, translator, plan.brand)
    index = options.font_index or FontIndex.build(plan.brand.font_dirs if plan.brand else ())
    fonts = FontResolver.for_brand(index, plan.brand)
    job = LocalizeJob(to, source_lang, targets, plan.brand, plan.campaign, plan.out_dir, fonts,
                      translated_by, provenance, limits, options.require_complete,
                      options.composite_limit, fonts_digest=fonts.digest())
    with hold(plan.out_dir, "localize", wait=options.wait) as held:  # one run per folder
        done, failures, findings, manifest = _localize_all(plan, job, skipped, translated_by,
                                                           held)
    return LocalizeResult(plan.out_dir, to, tuple(done), tuple(findings), tuple(failures),
                          manifest, (*config_warnings, *plan.warnings))


def _localize_all(plan, job: LocalizeJob, skipped: tuple[Finding, ...], translated_by,
                  held: Holder):
    """Every source of the plan, each failure its own; the findings and the merged manifest.
    A run whose lock was taken over (it stalled) stops before its next write."""
    done, failures, failed = [], [], []
    # before the first file: a run killed from here on is seen (`build.incomplete`)
    store = OutputStore(plan.out_dir)  # first: a journal found now is a run that died
    open_journal(plan.out_dir, "localize",
                 [localized_id(plan.ids[p].id, job.lang) for p in plan.sources])
    for path, stem in ((p, plan.ids[p].folder) for p in plan.sources):
        held.ensure(display_path(plan.out_dir))
        try:
            done.append(localize_source(path, stem, job))
        except Exception as exc:  # whatever it is, it stays this source's (a log for bugs)
            failures.append(source_failure(stem, path, exc, "localizing"))
            failed.append(Path(path).stem)
    unmatched = (file_findings(translated_by, {i for s in done for i in s.unit_ids},
                               {Path(p).stem for p in plan.sources}, failed)
                 if isinstance(translated_by, Translations) else [])
    overrides = (plan.brand.severity if plan.brand else {}, plan.campaign.severity)
    findings = apply_overrides([*skipped, *unmatched, *(f for s in done for f in s.findings),
                                *map(failure_finding, failures)], *overrides)
    ids = {plan.ids[p].folder: (p, plan.ids[p]) for p in plan.sources}
    held.ensure(display_path(plan.out_dir))
    manifest = merge_manifest(job, done, failures, findings, ids, store) if done or failures else None
    close_journal(plan.out_dir)
    return done, failures, findings, manifest


def _translated_by(translations: Path | None, translator: Translator | MachineTranslation | None,
                   brand: BrandRules | None
                   ) -> tuple[Mapping[str, Translation] | Translator, str]:
    """A translations file's entries, else the translator; and the provenance: the file's
    digest or the MT provider."""
    if translations is not None:
        return load_translations(Path(translations)), file_sha256(Path(translations))
    assert translator is not None  # localize() checked: one of the two
    if isinstance(translator, MachineTranslation):
        translator = machine_translator(translator, brand)
    return translator, f"mt:{translator.name}"


