"""Running checks: every registered check of a kind on one asset, one result per check; and the
source-check hook the build calls on an opened document."""
from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CannotCheck, NotApplicable, UnreadableDocument
from ..findings import apply_overrides
from ..fsutil import display_path
from ..model import BrandRules, Finding, SeverityOverrides
from . import checks_for
from .base import Check, CheckContext, SourceFile
from .results import CheckResult, CheckStatus

if TYPE_CHECKING:
    from ..document import SourceDocument
    from ..fonts.index import FontIndex
    from ..scene import Understood


def status_of(findings: Sequence[Finding]) -> CheckStatus:
    """A check's status from its findings (after severity overrides)."""
    return "failed" if any(f.severity in ("error", "warning") for f in findings) else "passed"


def run_checks(checks: Mapping[str, Check], asset: Any, ctx: CheckContext,
               overrides: Sequence[SeverityOverrides] = ()
               ) -> tuple[CheckResult, ...]:
    """Every check on one asset; a check needing a slot is skipped when the asset has none."""
    results = []
    for cid, check in checks.items():
        started = time.perf_counter()
        if check.NEEDS_SLOT and getattr(asset, "target", None) is None:
            results.append(CheckResult(cid, "skipped", reason=asset.no_slot_reason))
            continue
        try:
            findings = tuple(apply_overrides(check.run(asset, ctx), *overrides))
            result = CheckResult(cid, status_of(findings), findings)
        except NotApplicable as exc:
            result = CheckResult(cid, "skipped", reason=str(exc))
        except (CannotCheck, UnreadableDocument) as exc:
            result = CheckResult(cid, "error", reason=str(exc))
        results.append(CheckResult(result.check, result.status, result.findings, result.reason,
                                   time.perf_counter() - started))
    return tuple(results)


@functools.lru_cache(maxsize=4)
def shared_font_index(font_dirs: tuple[Path, ...]) -> FontIndex:
    """One font index per process and brand font folders: built once per build (per worker
    process), not per source or variant; the on-disk metadata cache makes it cheap."""
    from ..fonts.index import FontIndex

    return FontIndex.build(font_dirs)


def fonts_digest(brand: BrandRules | None) -> dict[str, str]:
    """fonts/ digests of the substitution table and the face files it resolves on this machine
    (recorded in the manifest; part of every output's inputs key; compared by a cluster's
    environment check)."""
    from ..fonts.resolve import FontResolver

    index = shared_font_index(tuple(brand.font_dirs) if brand else ())
    return FontResolver.for_brand(index, brand).digest()


def source_findings(understanding: Callable[[], Understood], document: SourceDocument,
                    stem: str, brand: BrandRules | None) -> tuple[Finding, ...]:
    """Findings of every source check on an opened document; `understanding` gives its roles
    (memoized) to the checks that need them. Severity overrides come later."""
    index = functools.partial(shared_font_index, tuple(brand.font_dirs) if brand else ())
    asset = SourceFile(document.path, display_path(document.path), document, understanding,
                       stem)
    findings: list[Finding] = []
    for result in run_checks(checks_for("source"), asset, CheckContext(brand, index)):
        findings += result.findings
        if result.status == "error":
            findings.append(Finding("check.error", "warning",
                                    f"check '{result.check}' could not run: {result.reason}",
                                    source=stem))
    return tuple(findings)
