"""Domain errors and the named exit codes; only cli/ turns these into messages and exits."""
from __future__ import annotations

import os
import tempfile
import traceback
from collections.abc import Iterable
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .store.lock import LockInfo

LOG_DIR = Path(tempfile.gettempdir()) / "assetkit" / "logs"  # tracebacks of internal errors


class ExitCode(IntEnum):
    """Process exit codes. Precedence when several apply: 130 > 3 > 4 > 2 > 1 > 0.

    BUSY sits below an internal error (a bug outranks contention) and above usage: a busy run
    did nothing, so nothing it would have reported about the campaign is known."""

    OK = 0
    FINDINGS = 1  # findings at or above --fail-on
    USAGE = 2  # usage or configuration error
    UNREADABLE = 3  # unreadable input or internal error
    BUSY = 4  # another run holds the output folder's lock
    INTERRUPTED = 130


_PRECEDENCE = (ExitCode.INTERRUPTED, ExitCode.UNREADABLE, ExitCode.BUSY, ExitCode.USAGE,
               ExitCode.FINDINGS)


def worst_exit(codes: Iterable[ExitCode]) -> ExitCode:
    """The exit code that wins among several, by the documented precedence."""
    present = set(codes)
    for code in _PRECEDENCE:
        if code in present:
            return code
    return ExitCode.OK


class AssetkitError(Exception):
    """Base of every error assetkit raises on purpose; its message is one line for the user."""

    exit_code = ExitCode.UNREADABLE


class InvalidConfig(AssetkitError):
    """A YAML file (spec, brand rules, campaign) has a wrong type, value or structure."""

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line  # the line of the file the message names, when it names one


class UsageError(AssetkitError):
    """The command was called in a way that cannot work (no sources, unknown target...)."""

    exit_code = ExitCode.USAGE


class UnreadableDocument(AssetkitError):
    """A PSD/PSB cannot be read: corrupt, truncated, over a stated limit, or not a PSD."""

    exit_code = ExitCode.UNREADABLE


class CapUnreachable(AssetkitError):
    """No allowed format and quality fits the slot's weight cap."""

    exit_code = ExitCode.FINDINGS

    def __init__(self, message: str, smallest: int | None = None, tried: tuple = ()) -> None:
        super().__init__(message)
        self.smallest = smallest
        self.tried = tried


class OutputBusy(AssetkitError):
    """Another live run holds the output folder's lock (and --wait, if given, ran out)."""

    exit_code = ExitCode.BUSY

    def __init__(self, message: str, holder: LockInfo | None = None) -> None:
        super().__init__(message)
        self.holder = holder  # who holds it; None when its lock file is still being written


class ClusterStalled(AssetkitError):
    """A cluster build got no result for its no-progress timeout and could not recover."""

    exit_code = ExitCode.UNREADABLE


class TranslationError(AssetkitError):
    """Machine translation failed (provider down, refused, timed out) or a string has none."""

    exit_code = ExitCode.UNREADABLE


class BrandFontDirMissing(AssetkitError):
    """A brand font folder given to the index does not exist or is not a folder."""

    exit_code = ExitCode.USAGE


class FontNotFound(AssetkitError, LookupError):
    """A font the code asked for by name is not where it should be."""


class FontUnreadable(AssetkitError):
    """An indexed font file can no longer be read (changed or removed since indexing)."""


# ---- signals between stages: raised and caught inside assetkit, never shown as they are

class NotDrawn(ValueError):
    """An enabled effect (or a setting of one) assetkit does not draw."""


class FontUnavailable(LookupError):
    """A run's font did not resolve; the caller decides (finding, stored raster)."""


class NotApplicable(Exception):  # noqa: N818 - a signal, not an error
    """Raised by a check's `run` when it does not apply to this asset; the message says why."""


class CannotCheck(Exception):  # noqa: N818 - a signal, not an error
    """Raised by a check's `run` when it applies but could not be carried out."""


def write_crash_log(context: str) -> Path:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="assetkit-", suffix=".log", dir=LOG_DIR)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"assetkit {_version()}: {context}\n\n{traceback.format_exc()}")
    return Path(name)


def _version() -> str:
    from . import __version__

    return __version__
