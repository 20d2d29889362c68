"""`assetkit strings export` and `assetkit localize`: text out to translators and back in."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import options
from .common import echo, error, guarded, style, verbose, warn


def _machine(mt, mt_url, mt_timeout, mt_key_env, mt_id_env):
    from ..commands.localize import MachineTranslation

    return MachineTranslation(mt, mt_url, mt_timeout, mt_key_env, mt_id_env) if mt else None


@click.group()
def strings() -> None:
    """Text layers out to translators (XLIFF 1.2 or CSV), translations back in."""


@strings.command("export", epilog=options.example(
    "assetkit strings export input/page.psd --output-file page.xlf --to ko"))
@click.argument("psds", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--output-file", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Strings file to write.")
@click.option("--format", "fmt", type=click.Choice(["xliff", "csv"]),
              help="File format (default: csv for a .csv file, else xliff).")
@click.option("--from", "--source-lang", "source_lang", default=None, metavar="LANG",
              help="Language of the PSD text (default: ko for Hangul text, else en).")
@click.option("--to", "--target-lang", "target_lang", metavar="LANG",
              help="Language to translate into.")
@options.machine_translation
@options.brand
@options.config
@options.as_json
@guarded
def strings_export(psds, output_file, fmt, source_lang, target_lang, mt, mt_url, mt_timeout,
                   mt_key_env, mt_id_env, brand, config, as_json):
    """Write one XLIFF 1.2 (or CSV) file with a unit per text layer of PSDS."""
    from ..commands.strings_export import strings_export as run_export
    from ..report import text

    machine = _machine(mt, mt_url, mt_timeout, mt_key_env, mt_id_env)
    result = run_export(psds, output_file, fmt=fmt, source_lang=source_lang,
                        target_lang=target_lang, mt=machine, brand=brand, campaign=config)
    echo([text.strings_json(result) if as_json else text.strings_line(result)])


@click.command(epilog=options.example(
    "assetkit localize input/page.psd --to ko --translations page.xlf",
    "assetkit localize input/page.psd --to ko --mt libre --mt-url http://localhost:5000/"))
@click.argument("psds", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--to", "lang", required=True, metavar="LANG", help="Language to write, e.g. ko.")
@click.option("--from", "source_lang", default=None, metavar="LANG",
              help="Language of the PSD text, for machine translation (default: ko for Hangul "
                   "text, else en).")
@click.option("--translations", type=click.Path(path_type=Path, dir_okay=False),
              help="XLIFF (1.2, or 1.1 from po2xliff), PO or CSV file from `strings export`, "
                   "with targets filled in.")
@click.option("--require-complete", is_flag=True,
              help="A text layer left untranslated is an error (default: a warning).")
@options.machine_translation
@options.config
@options.brand
@options.specs
@options.only("Detail slots to slice for (comma-separated or repeated; default: every "
              "detail slot).")
@options.out
@options.source_root
@options.wait
@options.fail_on
@options.junit
@options.as_json
@options.github
@options.quiet
@guarded
def localize(psds, lang, source_lang, translations, require_complete, mt, mt_url, mt_timeout,
             mt_key_env, mt_id_env, config, brand, specs_dir, only, out, source_root, wait,
             fail_on, junit_file,
             as_json, github, quiet):
    """Re-set the text of PSDS in another language: detail-slot slices, HTML snippets and a
    localized PSD per source."""
    from ..commands.localize import LocalizeOptions
    from ..commands.localize import localize as run_localize
    from ..errors import UsageError
    from ..report import text
    from ..report.console import finding_lines
    from ..report.github import github_lines
    from ..report.junit import write_junit
    from ..report.localized import as_check_report

    if as_json and github:
        raise UsageError("--json and --github both print on stdout; choose one")
    started = time.perf_counter()
    settings = LocalizeOptions(source_lang=source_lang, specs_dir=specs_dir, brand_path=brand,
                               require_complete=require_complete, source_root=source_root,
                               wait=wait)
    result = run_localize(psds, to=lang, translations=translations,
                          translator=_machine(mt, mt_url, mt_timeout, mt_key_env, mt_id_env),
                          campaign=config, only=only, out=out, options=settings)
    code = result.exit_code(fail_on)
    error(text.failure_line(f) for f in result.failures)
    warn(result.warnings)
    if junit_file:
        write_junit(as_check_report(result), junit_file)
    if github:
        echo(github_lines(as_check_report(result)))
    if as_json:
        echo([text.localize_json(result, code)])
        sys.exit(int(code))
    if not quiet:
        echo(text.localize_lines(result, time.perf_counter() - started))
    echo(finding_lines(result.findings, verbose=verbose(), quiet=quiet, style=style))
    if not quiet:
        echo(text.localize_where(result))
    sys.exit(int(code))
