"""What a build reports back: per-source results, failures, and the whole build's result."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ExitCode, worst_exit
from ..findings import at_or_above
from ..model import Finding, Output


@dataclass(frozen=True)
class Failure:
    """A source that could not be built: unreadable input, or an internal error (with a log)."""

    source: str
    kind: str  # unreadable | internal
    message: str
    log: Path | None = None


@dataclass(frozen=True)
class SourceResult:
    source: str
    outputs: tuple[Output, ...] = ()
    findings: tuple[Finding, ...] = ()
    written: int = 0
    skipped: int = 0
    failure: Failure | None = None


@dataclass(frozen=True)
class BuildResult:
    """What a build did; `exit_code` applies the documented precedence."""

    out_dir: Path
    outputs: tuple[Output, ...]
    findings: tuple[Finding, ...]
    failures: tuple[Failure, ...] = ()
    written: int = 0
    skipped: int = 0
    removed: tuple[str, ...] = ()
    manifest: Path | None = None
    report: Path | None = None
    sources: int = 0
    targets: int = 0
    extra: dict = field(default_factory=dict)

    def exit_code(self, fail_on: str = "error") -> ExitCode:
        codes = [ExitCode.UNREADABLE for _ in self.failures]
        if at_or_above(self.findings, fail_on):
            codes.append(ExitCode.FINDINGS)
        return worst_exit(codes)
