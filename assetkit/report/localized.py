"""A localize run as `check` reports one, so its findings reach the same JUnit XML and GitHub
annotations (`assetkit localize --junit FILE --github`): one asset per source, its findings
under one `localize` check; a source that failed is an asset that could not be read."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..checks.results import AssetReport, CheckReport, CheckResult

if TYPE_CHECKING:
    from ..commands.localize import LocalizeResult


def as_check_report(result: LocalizeResult) -> CheckReport:
    assets = []
    for source in result.sources:
        found = tuple(f for f in result.findings if f.source == source.source)
        assets.append(AssetReport(source.source, "source", (
            CheckResult("localize", "failed" if found else "passed", found),)))
    assets += [AssetReport(f.source, "source", (), error=f.message) for f in result.failures]
    return CheckReport(tuple(assets), result.warnings)
