"""Console lines: `assetkit check`'s (one line per asset, its findings indented below), the
findings summary of a build or localize run (one line per finding code), `assetkit init`'s."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..checks.results import AssetReport, CheckReport
from ..findings import FailOn, at_or_above, count_by_severity
from ..model import SEVERITY_RANK, Finding

if TYPE_CHECKING:
    from ..commands.init import InitResult


class Style(Protocol):
    """Styles console text: cli.common.style, which honours NO_COLOR (`_plain` by default)."""

    def __call__(self, text: str, *, fg: str | None = None, bold: bool = False,
                 dim: bool = False) -> str: ...


COLOURS = {"PASS": "green", "WARN": "yellow", "FAIL": "red", "ERROR": "red"}
SEVERITY_COLOURS = {"error": "red", "warning": "yellow"}


def _plain(text: str, *, fg: str | None = None, bold: bool = False, dim: bool = False) -> str:
    return text


def label(asset: AssetReport, fail_on: FailOn) -> str:
    """ERROR (could not check), FAIL (findings at/above fail-on), WARN (below it) or PASS."""
    if asset.status == "error":
        return "ERROR"
    if at_or_above(asset.findings, fail_on):
        return "FAIL"
    return "WARN" if asset.status == "failed" else "PASS"


def _skipped_note(asset: AssetReport) -> str:
    skipped = [r for r in asset.results if r.status == "skipped"]
    if not skipped:
        return ""
    reasons = {r.reason for r in skipped}
    why = f": {reasons.pop()}" if len(reasons) == 1 else ""
    return f"  ({len(skipped)} skipped{why})"


def asset_lines(asset: AssetReport, fail_on: FailOn, style: Style = _plain) -> list[str]:
    tag = label(asset, fail_on)
    slot = f"  {asset.slot}" if asset.slot else ""
    lines = [f"{style(f'{tag:<5}', fg=COLOURS[tag], bold=tag != 'PASS')} {asset.path}{slot}"
             + style(_skipped_note(asset), dim=True)]
    if asset.error:
        return lines + [f"      {style('error', fg='red')}    could not read: {asset.error}"]
    for result in asset.results:
        if result.status == "error":
            lines.append(f"      {style('error', fg='red')}    {result.check}: could not check: "
                         f"{result.reason}")
        for f in result.findings:
            where = f" [{f.layer}]" if f.layer and f.layer not in f.message else ""
            lines.append(f"      {style(f'{f.severity:<8}', fg=SEVERITY_COLOURS.get(f.severity))} "
                         f"{f.code}{where}: {f.message}")
    return lines


def summary_line(report: CheckReport, fail_on: FailOn) -> str:
    tags = [label(a, fail_on) for a in report.assets]
    counts = count_by_severity(report.findings)
    return (f"{len(tags)} assets: {tags.count('PASS')} passed, {tags.count('WARN')} with "
            f"warnings, {tags.count('FAIL')} failed, {tags.count('ERROR')} could not be checked"
            f" — findings: {counts['error']} errors, {counts['warning']} warnings, "
            f"{counts['info']} info")


def console_lines(report: CheckReport, fail_on: FailOn = "error", style: Style = _plain,
                  quiet: bool = False) -> list[str]:
    """A line per asset with its findings below; `quiet`: only the assets that fail or could
    not be checked."""
    assets = [a for a in report.assets if not quiet or label(a, fail_on) in ("FAIL", "ERROR")]
    lines = [line for asset in assets for line in asset_lines(asset, fail_on, style)]
    return [*lines, summary_line(report, fail_on)]


# --- findings of a build or localize run, grouped by code ------------------------------------

PLACES_SHOWN = 3


def place(finding: Finding, source: bool = True) -> str:
    """Where a finding is: source (unless `source` is false), platform/slot and [layer], those
    it has."""
    slot = finding.platform and f"{finding.platform}/{finding.slot}"
    layer = finding.layer and f"[{finding.layer}]"
    parts = (finding.source if source else None, slot, layer)
    return " ".join(part for part in parts if part)


def _finding_line(f: Finding, style: Style) -> str:
    where = place(f)
    return (f"  {style(f'{f.severity:<7}', fg=SEVERITY_COLOURS.get(f.severity))} {f.code}"
            f"{' ' + where if where else ''}: {f.message}")


def _groups(findings: Sequence[Finding]) -> list[list[Finding]]:
    """Findings by code, worst severity first, then the most frequent, then by code."""
    by_code: dict[str, list[Finding]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    return sorted(by_code.values(), key=lambda group: (
        -max(SEVERITY_RANK[f.severity] for f in group), -len(group), group[0].code))


def _group_line(group: list[Finding], style: Style) -> str:
    if len(group) == 1:
        return _finding_line(group[0], style)
    worst = max((f.severity for f in group), key=SEVERITY_RANK.__getitem__)
    sources = {f.source for f in group}
    one_source = sources.pop() if len(sources) == 1 else None  # said once, not in each place
    places = [p for p in dict.fromkeys(place(f, one_source is None) for f in group) if p]
    shown = ", ".join(places[:PLACES_SHOWN])
    more = f" … and {len(places) - PLACES_SHOWN} more" if len(places) > PLACES_SHOWN else ""
    return (f"  {style(f'{worst:<7}', fg=SEVERITY_COLOURS.get(worst))} {group[0].code} "
            f"×{len(group)}{' in ' + one_source if one_source else ''}"
            f"{': ' + shown if shown else ''}{more}")


def finding_lines(findings: Sequence[Finding], verbose: bool = False, quiet: bool = False,
                  style: Style = _plain) -> list[str]:
    """The findings for the console: one line per code (its count, worst severity and first
    places, the source said once when they share it; a code found once keeps its whole line),
    worst severity first, then the most frequent. `verbose`: every finding on its own line, in
    that order. `quiet`: errors only."""
    if quiet:
        findings = [f for f in findings if f.severity == "error"]
    groups = _groups(findings)
    if verbose:
        return [_finding_line(f, style) for group in groups for f in group]
    return [_group_line(group, style) for group in groups]


# --- assetkit init --------------------------------------------------------------------------


def init_lines(result: InitResult, style: Style = _plain) -> list[str]:
    """One line per file written or kept, then the command that builds the campaign."""
    lines = [f"{style('wrote', fg='green')}   {path}" for path in result.written]
    lines += [f"{style('skipped', fg='yellow')} {path} (it exists; --force overwrites it)"
              for path in result.skipped]
    config = result.folder / "assetkit.yaml"
    build = "assetkit build" if result.folder == Path(".") else f"assetkit build -c {config}"
    step = "Build it" if result.psds else f"Put PSDs in {result.folder / 'input'}/, then build"
    return [*lines, f"{step}: {build}"]
