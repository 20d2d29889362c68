"""What a build reports back: per-source results, failures, and the whole build's result."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import AssetkitError, ExitCode, write_crash_log
from ..findings import FailOn, outcome_exit
from ..fsutil import broken_link
from ..model import Failure, Finding, Output

if TYPE_CHECKING:
    from ..fsutil import Staged
    from ..store.ids import SourceId


def source_failure(source: str, path: Path, exc: Exception, doing: str) -> Failure:
    """The one-line Failure for `exc`, raised while `doing` ("building") `path`: unreadable
    for an AssetkitError or an OSError, else internal, with the traceback written to a log
    (so call it in the `except` block). Build and localize both."""
    if isinstance(exc, AssetkitError):
        return Failure(source, "unreadable", str(exc))
    if isinstance(exc, OSError):
        return Failure(source, "unreadable", f"{path}: {broken_link(path) or exc.strerror or exc}")
    log = write_crash_log(f"{doing} {path}")
    return Failure(source, "internal", f"{path}: internal error ({type(exc).__name__}: {exc})",
                   log)


@dataclass(frozen=True)
class SourceResult:
    source: str
    outputs: tuple[Output, ...] = ()
    findings: tuple[Finding, ...] = ()
    written: int = 0
    skipped: int = 0
    failure: Failure | None = None
    notes: tuple[Finding, ...] = ()  # source-level findings made rendering (one variant)
    sha256: str = ""  # of the source file the outputs were made from
    # the outputs' files, written whole and not yet in place: put once the source's every
    # variant is made (pipeline/run._finish_source), discarded if one fails
    staged: tuple[Staged, ...] = ()


class StopBuild(BaseException):
    """Raised by `BuildOptions.on_source` to end the build after that source (a watcher asked to
    stop): what was committed is published, the sources not reached are left for the next run.
    A BaseException, so no `except Exception` on the way takes it for a source's failure."""


@dataclass(frozen=True)
class SourceDone:
    """One source's end in a build, told to `BuildOptions.on_source` once its record is
    committed (done, or failed: an error record) or it was found up to date (skipped)."""

    sid: SourceId
    path: Path
    status: Literal["done", "skipped", "failed"]
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
    warnings: tuple[str, ...] = ()  # about the configuration (unknown keys, ...)
    source_bytes_read: int = 0  # of source files, read to hash or to render
    missing: tuple[str, ...] = ()  # ids of committed sources whose file is gone (see --prune)
    outputs_total: int = 0  # outputs in the folder (`outputs` lists them up to INLINE_MAX)
    rendered: int = 0  # sources rendered (the others were up to date)

    def exit_code(self, fail_on: FailOn = "error") -> ExitCode:
        return outcome_exit(self.findings, bool(self.failures), fail_on)
