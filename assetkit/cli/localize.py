"""`assetkit strings export` and `assetkit localize`: text out to translators and back in."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from .common import FAIL_ON, _load_campaign, _print_findings, guarded, style


@click.group()
def strings() -> None:
    """Text layers out to translators (XLIFF 1.2 or CSV), translations back in."""


@strings.command("export")
@click.argument("psds", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("-o", "--out", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Strings file to write.")
@click.option("--format", "fmt", type=click.Choice(["xliff", "csv"]),
              help="File format (default: csv for a .csv file, else xliff).")
@click.option("--source-lang", "--from", "source_lang", default="en", show_default=True,
              help="Language of the PSD text.")
@click.option("--target-lang", "--to", "target_lang", help="Language to translate into.")
@click.option("--mt", "mt", metavar="PROVIDER",
              help="Fill targets by machine translation (libre, offline); needs --to.")
@click.option("--mt-url", metavar="URL", help="LibreTranslate server, e.g. http://localhost:5000/")
@click.option("--mt-timeout", type=click.FloatRange(min=0.05), default=10.0, show_default=True,
              help="Seconds per connect/read of an MT request.")
@click.option("--mt-key-env", default="ASSETKIT_MT_KEY", show_default=True, metavar="NAME",
              help="Environment variable holding the MT API key (never the key itself).")
@click.option("--brand", type=click.Path(path_type=Path, dir_okay=False),
              help="Brand rules: glossary and do-not-translate terms for MT.")
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Campaign file (default: ./assetkit.yaml if present).")
@guarded
def strings_export(psds, out, fmt, source_lang, target_lang, mt, mt_url, mt_timeout, mt_key_env,
                   brand, config):
    """Write one XLIFF 1.2 (or CSV) file with a unit per text layer of PSDS."""
    from ..localize.strings import export_strings

    fmt = fmt or ("csv" if out.suffix.lower() == ".csv" else "xliff")
    translator = None
    if mt:
        translator = _translator(mt, mt_url, mt_timeout, mt_key_env, brand, config)
    units = export_strings(psds, out, fmt, source_lang, target_lang, translator=translator)
    machine = f", machine-translated by {mt} (state needs-review-translation)" if mt else ""
    click.echo(f"Wrote {len(units)} strings from {len(psds)} PSDs to {out} ({fmt}){machine}")


def _translator(name: str, url: str | None, timeout: float, key_env: str,
                brand: Path | None, config: Path | None):
    from ..config import load_brand
    from ..localize.memory import TranslationMemory
    from ..localize.protect import Terms
    from ..localize.translators import ProviderOptions, make_translator

    campaign, _ = _load_campaign(config)
    brand_path = brand or (campaign.brand if campaign else None)
    rules = load_brand(brand_path) if brand_path else None
    options = ProviderOptions(url=url, memory=TranslationMemory(), terms=Terms.from_rules(rules),
                              timeout=timeout, key_env=key_env)
    return make_translator(name, options)


# ---------------------------------------------------------------- localize

@click.command()
@click.argument("psds", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--to", "lang", required=True, metavar="LANG", help="Language to write, e.g. ko.")
@click.option("--from", "source_lang", default="en", show_default=True, metavar="LANG",
              help="Language of the PSD text (for machine translation).")
@click.option("--translations", type=click.Path(path_type=Path, dir_okay=False),
              help="XLIFF or CSV file from `strings export`, with targets filled in.")
@click.option("--mt", metavar="PROVIDER", help="Translate by machine instead (libre, offline).")
@click.option("--mt-url", metavar="URL", help="LibreTranslate server, e.g. http://localhost:5000/")
@click.option("--mt-timeout", type=click.FloatRange(min=0.05), default=10.0, show_default=True,
              help="Seconds per connect/read of an MT request.")
@click.option("--mt-key-env", default="ASSETKIT_MT_KEY", show_default=True, metavar="NAME",
              help="Environment variable holding the MT API key (never the key itself).")
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Campaign file (default: assetkit.yaml here or in a parent folder).")
@click.option("--brand", type=click.Path(path_type=Path, dir_okay=False),
              help="Brand rules: font aliases, minimum text size, glossary.")
@click.option("--specs", "specs_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of platform specs overlaying the bundled ones by platform id.")
@click.option("--only", multiple=True, metavar="PLATFORM[/SLOT]",
              help="Detail slots to slice for (repeatable; default: every detail slot).")
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: the campaign's).")
@click.option("--fail-on", type=FAIL_ON, default="error", show_default=True,
              help="Lowest finding severity that makes the exit code 1.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@guarded
def localize(psds, lang, source_lang, translations, mt, mt_url, mt_timeout, mt_key_env, config,
             brand, specs_dir, only, out, fail_on, quiet):
    """Re-set the text of PSDS in another language: detail-slot slices, HTML snippets and a
    localized PSD per source."""
    from ..pipeline.localize import LocalizeOptions, MachineTranslation
    from ..pipeline.localize import localize as run_localize

    campaign_warnings: list[str] = []
    campaign, _ = _load_campaign(config, campaign_warnings)
    started = time.perf_counter()
    machine = MachineTranslation(mt, mt_url, mt_timeout, mt_key_env) if mt else None
    options = LocalizeOptions(source_lang=source_lang, specs_dir=specs_dir, brand_path=brand)
    result = run_localize(psds, to=lang, translations=translations, translator=machine,
                          campaign=campaign, only=only, out=out, options=options)
    code = result.exit_code(fail_on)
    for failure in result.failures:
        click.echo(style(f"Error: {failure.message}", err=True, fg="red"), err=True)
    for warning in () if quiet else (*campaign_warnings, *result.warnings):
        click.echo(style(f"Warning: {warning}", err=True, fg="yellow"), err=True)
    if not quiet:
        for line in _localize_lines(result, time.perf_counter() - started):
            click.echo(line)
    _print_findings(result.findings, quiet)
    if not quiet:
        click.echo(f"Outputs:  {result.out_dir}{os.sep}")
        click.echo(f"Manifest: {result.manifest}")
    sys.exit(int(code))


def _localize_lines(result, seconds: float) -> list[str]:
    from ..findings import count_by_severity

    counts = count_by_severity(result.findings)
    lines = [f"Localized {len(result.sources)} of {len(result.sources) + len(result.failures)} "
             f"sources into {result.lang}: {len(result.outputs)} slices in {seconds:.1f} s",
             f"Findings: {counts['error']} errors, {counts['warning']} warnings, "
             f"{counts['info']} info"]
    for source in result.sources:
        lines.append(f"{source.source}: {len(source.texts)} text layers re-set")
        lines += [f"  HTML: {path}" for path in source.snippets]
        lines += [f"  PSD:  {source.psd}"] if source.psd else []
        lines += [f"  MT:   {source.machine} (needs review)"] if source.machine else []
    return lines
