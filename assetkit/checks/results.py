"""What `check` returns: per asset, per check, a status (passed | failed | error | skipped)
with findings; the exit code under --fail-on."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import ExitCode, worst_exit
from ..findings import FailOn, outcome_exit
from ..model import Finding

AssetStatus = Literal["passed", "failed", "error"]  # its checks' statuses rolled up
CheckStatus = Literal[AssetStatus, "skipped"]
AssetKind = Literal["file", "build", "source"]  # what `check` was given


@dataclass(frozen=True)
class CheckResult:
    """One check on one asset. `reason` says why it was skipped or could not run."""

    check: str
    status: CheckStatus
    findings: tuple[Finding, ...] = ()
    reason: str = ""
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"check": self.check, "status": self.status, "reason": self.reason or None,
                "seconds": round(self.seconds, 4),
                "findings": [f.to_dict() for f in self.findings]}


@dataclass(frozen=True)
class AssetReport:
    """Every check on one asset: an exported file, a build folder or a source."""

    path: str  # as shown to the user
    kind: AssetKind
    results: tuple[CheckResult, ...]
    slot: str | None = None  # PLATFORM/SLOT when known
    error: str | None = None  # the asset could not be read at all

    @property
    def status(self) -> AssetStatus:
        statuses = {r.status for r in self.results}
        if self.error or "error" in statuses:
            return "error"
        return "failed" if "failed" in statuses else "passed"

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for r in self.results for f in r.findings)

    def to_dict(self) -> dict:
        return {"path": self.path, "kind": self.kind, "slot": self.slot, "status": self.status,
                "error": self.error, "checks": [r.to_dict() for r in self.results]}


@dataclass(frozen=True)
class CheckReport:
    """What `check` found; `exit_code` applies --fail-on and the exit-code precedence."""

    assets: tuple[AssetReport, ...]
    warnings: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # paths given that do not exist (a usage error: exit 2)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for a in self.assets for f in a.findings)

    def exit_code(self, fail_on: FailOn = "error") -> ExitCode:
        unreadable = any(a.status == "error" and a.path not in self.missing
                         for a in self.assets)
        code = outcome_exit(self.findings, unreadable, fail_on)
        return worst_exit([code, ExitCode.USAGE]) if self.missing else code

    def to_dict(self, fail_on: FailOn = "error") -> dict:
        counts = {s: sum(a.status == s for a in self.assets) for s in ("passed", "failed", "error")}
        return {"exit_code": int(self.exit_code(fail_on)), "fail_on": fail_on,
                "summary": {"assets": len(self.assets), **counts,
                            "findings": len(self.findings)},
                "warnings": list(self.warnings), "assets": [a.to_dict() for a in self.assets]}
