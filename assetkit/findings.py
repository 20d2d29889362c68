"""Finding helpers: severity overrides by code, thresholds for --fail-on, and the numbers a
message compares with a limit."""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from typing import Literal, TypedDict

from .errors import ExitCode, worst_exit
from .model import SEVERITY_RANK, Finding, Severity, SeverityOrOff, SeverityOverrides

FailOn = Literal[Severity, "never"]  # the lowest severity that fails a run (--fail-on)


class Where(TypedDict, total=False):
    """The Finding fields naming what a finding is about, passed on as `**where`."""

    source: str | None
    layer: str | None
    platform: str | None
    slot: str | None


def on_layer(where: Where, layer: str) -> Where:
    """`where` naming `layer` (its own layer, if any, replaced)."""
    named = where.copy()
    named["layer"] = layer
    return named


# Error codes that mean "this slot cannot be served for this source" (closed list, in README).
SLOT_UNSERVABLE = ("layout.no-product", "layout.no-room", "encode.cap-unreachable",
                   "encode.no-format")


def severity_table(brand_overrides: SeverityOverrides | None,
                   campaign_overrides: SeverityOverrides) -> dict[str, SeverityOrOff]:
    """The brand's severity overrides, then the campaign's (later wins): what a build's and a
    localize's manifest record and apply."""
    return {**(brand_overrides or {}), **campaign_overrides}


def apply_overrides(findings: Iterable[Finding], *overrides: SeverityOverrides
                    ) -> list[Finding]:
    """Findings with severities replaced per code (later maps win); 'off' drops the finding."""
    merged: dict[str, SeverityOrOff] = {}
    for table in overrides:
        merged.update(table)
    out = []
    for f in findings:
        level: SeverityOrOff = merged.get(f.code, f.severity)
        if level != "off":
            out.append(f if level == f.severity else replace(f, severity=level))
    return out


def at_or_above(findings: Iterable[Finding], fail_on: FailOn) -> list[Finding]:
    """Findings whose severity reaches `fail_on` (error|warning|info); none for 'never'."""
    if fail_on == "never":
        return []
    floor = SEVERITY_RANK[fail_on]
    return [f for f in findings if SEVERITY_RANK[f.severity] >= floor]


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts: dict[Severity, int] = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity] += 1
    return counts


def outcome_exit(findings: Iterable[Finding], failed: bool, fail_on: FailOn = "error"
                 ) -> ExitCode:
    """The exit code of a run (build, check, localize): 3 when an input could not be read or
    processed, 1 when findings reach `fail_on`, by the documented precedence."""
    codes = [ExitCode.UNREADABLE] if failed else []
    if at_or_above(findings, fail_on):
        codes.append(ExitCode.FINDINGS)
    return worst_exit(codes)


def number_against(value: float, limit: float, decimals: int = 1) -> str:
    """`value` as a message prints it next to `limit` (printed with `:g`): up to `decimals`
    places (trailing zeros dropped: 13.0 is "13"), more where rounding would put it on the
    limit or across it (15.96 against 16 is "15.96", never "16.0"); past 3 more places it is
    cut towards its own side (15.99999 -> "15.999")."""
    below = value < limit
    for places in range(decimals, decimals + 4):
        shown = round(value, places)
        if value == limit or ((shown < limit) if below else (shown > limit)):
            return _trimmed(f"{value:.{places}f}")
    scale = 10 ** places
    return _trimmed(f"{(math.floor if below else math.ceil)(value * scale) / scale:.{places}f}")


def _trimmed(number: str) -> str:
    return number.rstrip("0").rstrip(".") if "." in number else number
