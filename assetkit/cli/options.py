"""The options several commands share, each declared once with one help text. A command lists
the ones it takes as decorators (`@options.config`); the parameter names are the same in every
command and in the `commands.<name>` function it calls."""
from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable)
FAIL_ON = click.Choice(["error", "warning", "never"])
FILE = click.Path(path_type=Path, dir_okay=False)
FOLDER = click.Path(path_type=Path, file_okay=False)


def _find_config(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    from ..commands.campaign import find_config

    return value if value is not None else find_config()


def _split_commas(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
                  ) -> tuple[str, ...]:
    return tuple(part.strip() for item in value for part in item.split(",") if part.strip())


def config(func: F) -> F:
    return click.option(
        "-c", "--config", type=FILE, callback=_find_config,
        help="Campaign file (default: assetkit.yaml in the working folder or the nearest parent "
             "folder that has one).")(func)


def brand(func: F) -> F:
    return click.option("--brand", type=FILE,
                        help="Brand rules file (default: the campaign's `brand`).")(func)


def specs(func: F) -> F:
    return click.option("--specs", "specs_dir", type=FOLDER,
                        help="Folder of platform specs overlaying the bundled ones by platform "
                             "id.")(func)


def out(func: F) -> F:
    return click.option("-o", "--out", type=FOLDER,
                        help="Output folder (default: the campaign's `output`).")(func)


def source_root(func: F) -> F:
    return click.option("--source-root", type=FOLDER,
                        help="Folder source ids (and output folders) are relative to (default: "
                             "the campaign's `source_root`, its folder, or the current "
                             "folder).")(func)


def wait(func: F) -> F:
    return click.option("--wait", type=float, is_flag=False, flag_value=math.inf, default=None,
                        metavar="[SECONDS]",
                        help="When another run holds the output folder, wait for it (for "
                             "SECONDS, or as long as it takes; write --wait=30) instead of "
                             "exiting 4.")(func)


def only(help_text: str) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        return click.option("--only", multiple=True, metavar="PLATFORM[/SLOT],...",
                            callback=_split_commas, help=help_text)(func)

    return decorate


def as_json(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True,
                        help="Print one JSON document on stdout (and nothing else there).")(func)


def jobs(func: F) -> F:
    return click.option("-j", "--jobs", type=click.IntRange(min=1),
                        help="Worker processes (default: CPUs).")(func)


def quiet(func: F) -> F:
    return click.option("-q", "--quiet", is_flag=True,
                        help="Print only errors (and configuration warnings).")(func)


def fail_on(func: F) -> F:
    return click.option("--fail-on", type=FAIL_ON, default="error", show_default=True,
                        help="Lowest finding severity that makes the exit code 1.")(func)


def machine_translation(func: F) -> F:
    """--mt, --mt-url, --mt-timeout, --mt-key-env, --mt-id-env."""
    for option in reversed((
        click.option("--mt", "mt", metavar="PROVIDER",
                     help="Machine translation provider: libre (a LibreTranslate server, "
                          "--mt-url required), deepl (DeepL API), papago (Papago Translation on "
                          "NAVER Cloud), google (Google Cloud Translation API) or microsoft "
                          "(Microsoft Translator); offline uses only the translation memory and "
                          "glossary."),
        click.option("--mt-url", metavar="URL",
                     help="Base URL of the provider's API instead of its public one, e.g. "
                          "http://localhost:5000/ for LibreTranslate or a proxy for the others."),
        click.option("--mt-timeout", type=click.FloatRange(min=0.05), default=10.0,
                     show_default=True, help="Seconds per connect/read of an MT request."),
        click.option("--mt-key-env", default="ASSETKIT_MT_KEY", show_default=True,
                     metavar="NAME",
                     help="Environment variable holding the MT API key (never the key itself): "
                          "the DeepL, Google or Microsoft key, Papago's client secret, an "
                          "optional LibreTranslate key."),
        click.option("--mt-id-env", default="ASSETKIT_MT_ID", show_default=True,
                     metavar="NAME",
                     help="Environment variable holding Papago's client id, or the Microsoft "
                          "resource's region (optional)."),
    )):
        func = option(func)
    return func


def junit(func: F) -> F:
    return click.option("--junit", "junit_file", type=FILE,
                        help="Also write a JUnit XML report: a testcase per asset x check.")(func)


def github(func: F) -> F:
    return click.option("--github", is_flag=True,
                        help="Also print GitHub Actions annotations (not with --json).")(func)


def _parsed(parse: Callable) -> Callable:
    """A click callback: the value (or each of several) through `parse`; its ValueError is a
    usage error naming the option."""
    def callback(ctx: click.Context, param: click.Parameter, value):
        try:
            if isinstance(value, tuple):
                return tuple(parse(v) for v in value)
            return None if value is None else parse(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    return callback


def cluster(func: F) -> F:
    """--scheduler (or ASSETKIT_SCHEDULER), --path-map, --no-progress-timeout."""
    from ..commands.cluster import NO_PROGRESS_TIMEOUT, parse_path_map, parse_scheduler

    for option in (
        click.option("--scheduler", metavar="local:N|tcp://HOST:PORT", envvar="ASSETKIT_SCHEDULER",
                     callback=_parsed(parse_scheduler),
                     help="Build the sources on a Dask cluster: N local worker processes, or "
                          "a running scheduler (pip install 'assetkit[cluster]'). Default: "
                          "$ASSETKIT_SCHEDULER, else the campaign's scheduler:."),
        click.option("--path-map", "path_maps", multiple=True, metavar="FROM=TO",
                     callback=_parsed(parse_path_map),
                     help="Paths under FROM here are under TO on the workers (repeatable)."),
        click.option("--no-progress-timeout", type=click.FloatRange(min=0.1),
                     default=NO_PROGRESS_TIMEOUT, show_default=True, metavar="SECONDS",
                     help="With --scheduler: no result for this long while sources are "
                          "pending restarts the workers (twice at most), then fails."),
    ):
        func = option(func)
    return func


def example(*lines: str) -> str:
    """A command's epilog: every --help ends with an example."""
    return "\b\nExample:\n" + "\n".join(f"  {line}" for line in lines)
