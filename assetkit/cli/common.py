"""What every command shares: colour, echoing lines, and the one edge where errors become one
line and an exit code (`guarded`)."""
from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click

from ..errors import AssetkitError, ExitCode


def _colour_ok(err: bool = False) -> bool:
    stream = sys.stderr if err else sys.stdout
    return "NO_COLOR" not in os.environ and stream.isatty()


def style(text: str, err: bool = False, **kw) -> str:
    return click.style(text, **kw) if _colour_ok(err) else text


def echo(lines: Iterable[str]) -> None:
    for line in lines:
        click.echo(line)


def warn(lines: Iterable[str]) -> None:
    """Warnings on stderr, in every mode (-q and --json included: a config typo is never
    silent)."""
    for line in lines:
        text = line if line.startswith("Warning: ") else f"Warning: {line}"
        click.echo(style(text, err=True, fg="yellow"), err=True)


def error(lines: Iterable[str]) -> None:
    for line in lines:
        click.echo(style(line, err=True, fg="red"), err=True)


def verbose() -> bool:
    """-v on the root group."""
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    return bool(root and root.obj and root.obj.get("verbose"))


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
            from ..errors import write_crash_log

            log = write_crash_log(f"command {func.__name__}")
            fail(f"internal error ({type(exc).__name__}: {exc}); traceback in {log}",
                 ExitCode.UNREADABLE)

    return wrapper


class Progress:
    """Variants done of the whole run, as a bar on stderr in an interactive terminal (Click's
    progress bar); silent otherwise, and under NO_COLOR (the bar moves the cursor with escape
    sequences)."""

    def __init__(self, enabled: bool, label: str = "variants") -> None:
        self.enabled = enabled and _colour_ok(err=True)
        self.label = label
        self._what = ""
        self._bar: Any = None  # click's ProgressBar, open while variants are being made

    def __call__(self, done: int, total: int, what: str = "") -> None:
        if not self.enabled or total <= 0:
            return
        self._what = what[:40]
        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr,
                                          show_pos=True, item_show_func=lambda _: self._what)
            self._bar.__enter__()
        self._bar.length = total
        self._bar.update(done - self._bar.pos)
        if done >= total:
            self._bar.__exit__(None, None, None)
            self._bar = None
