"""Console output of `assetkit check`: one line per asset, its findings indented below."""
from __future__ import annotations

from typing import Protocol

from ..checks.results import AssetReport, CheckReport
from ..findings import FailOn, at_or_above, count_by_severity


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


def console_lines(report: CheckReport, fail_on: FailOn = "error", style: Style = _plain
                  ) -> list[str]:
    lines = [line for asset in report.assets for line in asset_lines(asset, fail_on, style)]
    return [*lines, summary_line(report, fail_on)]
