"""Helpers every command shares: colour, the one-line error edge, campaign loading, progress."""
from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from ..errors import AssetkitError, ExitCode

FAIL_ON = click.Choice(["error", "warning", "never"])


def _colour_ok(err: bool = False) -> bool:
    stream = sys.stderr if err else sys.stdout
    return "NO_COLOR" not in os.environ and stream.isatty()


def style(text: str, err: bool = False, **kw) -> str:
    return click.style(text, **kw) if _colour_ok(err) else text


def fail(message: str, code: ExitCode) -> None:
    click.echo(style(f"Error: {message}", err=True, fg="red"), err=True)
    sys.exit(int(code))


def guarded(func: Callable) -> Callable:
    """Turn AssetkitError into one line + its exit code, ^C into 130, a bug into a log + 3."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except AssetkitError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(int(ExitCode.INTERRUPTED))
        except BrokenPipeError:  # output piped into `head` and the like: stop quietly
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps interpreter exit quiet
            sys.exit(int(ExitCode.OK))
        except Exception as exc:  # a bug: never a traceback on the console
            from ..pipeline import write_crash_log

            log = write_crash_log(f"command {func.__name__}")
            fail(f"internal error ({type(exc).__name__}: {exc}); traceback in {log}",
                 ExitCode.UNREADABLE)

    return wrapper


def _load_campaign(config: Path | None, warnings: list[str] | None = None):
    from ..config import find_campaign, load_campaign

    path = config or find_campaign()
    return (load_campaign(path, warnings), path) if path else (None, None)


class _Progress:
    """A one-line progress bar on stderr for interactive terminals."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, done: int, total: int, result) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        click.echo(f"\r[{bar}] {done}/{total} sources  {result.source[:40]:<40}", err=True,
                   nl=done == total)


def _print_findings(findings, quiet: bool) -> None:
    for f in findings:
        if quiet and f.severity != "error":
            continue
        where = " ".join(x for x in (f.source, f.platform and f"{f.platform}/{f.slot}",
                                     f.layer and f"[{f.layer}]") if x)
        colour = {"error": "red", "warning": "yellow"}.get(f.severity)
        click.echo(style(f"  {f.severity:<7} {f.code} {where}: {f.message}", fg=colour))
