"""Thin Click commands, same names as the library functions in commands/; the only package
importing click. Errors are translated to one line and an exit code here (common.guarded), and
nowhere else."""
from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
import threading
from typing import NoReturn

import click

from .. import __version__
from . import build, check, cluster, info, init, localize, manifest, specs, watch

LEVELS = click.Choice(["debug", "info", "warning", "error"], case_sensitive=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             epilog="\b\nExample:\n  assetkit build -c assetkit.yaml\n"
                    "  assetkit check output/ --junit check.xml")
@click.version_option(__version__, prog_name="assetkit")
@click.option("-v", "--verbose", is_flag=True,
              help="List every finding (not grouped); assetkit's own log at info.")
@click.option("--log-level", type=LEVELS, default=None,
              help="Log level of assetkit's own log on stderr (default: warning; -v: info); "
                   "the libraries' logs stay at warning.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool, log_level: str | None) -> None:
    """assetkit: layered PSDs -> every platform image variant, checked and under each cap."""
    ctx.obj = {"verbose": verbose}
    level = (log_level or ("info" if verbose else "warning")).upper()
    # the libraries' own logs stay at warning: -v is about assetkit (libvips logs eleven
    # INFO lines a resize, distributed and urllib3 their connections)
    logging.basicConfig(level="WARNING", format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("assetkit").setLevel(level)


# One explicit list of the commands, one module per family; no import-time registration.
for _command in (build.build, check.check, info.inspect, info.doctor, info.fonts, specs.specs,
                 localize.strings, localize.localize, watch.watch_command, watch.report_command,
                 init.init_command, manifest.manifest, cluster.scheduler_command,
                 cluster.worker_command):
    cli.add_command(_command)


def main() -> None:
    # The process pool (and libvips at concurrency 1) is the parallelism: numpy's BLAS threads
    # only spin beside the workers (about 0.1 s of a build's CPU). Set before numpy loads, and
    # inherited by the workers; a value the user set wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        cli(prog_name="assetkit")
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # under a profiler, coverage or a debugger: the usual end, which they await
    _end(code)


def _exit_code(code: object) -> int:
    """What the interpreter makes of SystemExit's code: None is 0, an int itself, anything
    else is printed to stderr and is 1."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1


def _end(code: int) -> NoReturn:
    """End the process as the interpreter does (wait for non-daemon threads, run the atexit
    handlers: logging, multiprocessing, Dask; flush stdout and stderr), without its teardown
    of every object and module, which nothing of ours needs and which took 0.15-0.2 s after a
    build of the bench campaign (about 4 % of its wall time). Every file is written and
    closed by then (atomic writes, `with` blocks)."""
    try:  # the interpreter's own first step (private): join the non-daemon threads
        threading._shutdown()  # type: ignore[attr-defined]  # private, not in the stubs
    except KeyboardInterrupt:  # Ctrl-C while waiting: the interpreter goes on to the handlers
        pass
    atexit._run_exitfuncs()
    os._exit(_flushed(code))


def _flushed(code: int) -> int:
    """Flush stdout and stderr (unless closed, or None: the process started without them). A
    write that fails here ends the process with 120, as the interpreter's final flush does; a
    reader gone (a closed pipe: `| head`) stays quiet, as everywhere in the CLI."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or stream.closed:
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            pass
        except OSError as exc:
            with contextlib.suppress(Exception):
                os.write(2, f"Error: could not write the last output: {exc}\n".encode())
            code = 120
    return code
