"""Thin Click commands, same names as the library functions; the only module importing click.
Errors are translated to one line and an exit code here, and nowhere else."""
from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from . import __version__
from .errors import AssetkitError, ExitCode, UsageError

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
            from .pipeline import write_crash_log

            log = write_crash_log(f"command {func.__name__}")
            fail(f"internal error ({type(exc).__name__}: {exc}); traceback in {log}",
                 ExitCode.UNREADABLE)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="assetkit")
def cli() -> None:
    """assetkit: layered PSDs -> every platform image variant, checked and under each cap."""


def main() -> None:
    cli(prog_name="assetkit")


# ---------------------------------------------------------------- build

def _load_campaign(config: Path | None, warnings: list[str] | None = None):
    from .config import find_campaign, load_campaign

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


def _summary_lines(result, seconds: float) -> list[str]:
    from .findings import count_by_severity

    counts = count_by_severity(result.findings)
    return [
        f"Built {result.written} outputs ({result.skipped} up to date, {len(result.removed)} "
        f"stale removed) from {result.sources} sources x {result.targets} slots "
        f"in {seconds:.1f} s",
        f"Findings: {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['info']} info",
    ]


def _print_findings(findings, quiet: bool) -> None:
    for f in findings:
        if quiet and f.severity != "error":
            continue
        where = " ".join(x for x in (f.source, f.platform and f"{f.platform}/{f.slot}",
                                     f.layer and f"[{f.layer}]") if x)
        colour = {"error": "red", "warning": "yellow"}.get(f.severity)
        click.echo(style(f"  {f.severity:<7} {f.code} {where}: {f.message}", fg=colour))


def _build_json(result, code: ExitCode) -> str:
    return json.dumps({
        "exit_code": int(code), "out_dir": str(result.out_dir),
        "manifest": str(result.manifest), "report": str(result.report),
        "written": result.written, "skipped": result.skipped, "removed": list(result.removed),
        "outputs": [o.to_dict() for o in result.outputs],
        "findings": [f.to_dict() for f in result.findings],
        "failures": [{"source": f.source, "kind": f.kind, "message": f.message,
                      "log": str(f.log) if f.log else None} for f in result.failures],
    }, ensure_ascii=False, indent=2)


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Campaign file (default: assetkit.yaml here or in a parent folder).")
@click.option("--specs", "specs_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of platform specs overlaying the bundled ones by platform id.")
@click.option("--brand", type=click.Path(path_type=Path, dir_okay=False), help="Brand rules file.")
@click.option("--only", multiple=True, metavar="PLATFORM[/SLOT]",
              help="Build only these targets (repeatable); merges into the existing manifest.")
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: the campaign's).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: CPUs).")
@click.option("--force", is_flag=True, help="Rebuild outputs even when their inputs are unchanged.")
@click.option("--fail-on", type=FAIL_ON, default="error", show_default=True,
              help="Lowest finding severity that makes the exit code 1.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--mode", type=click.Choice(["recompose", "flatten"]),
              help="recompose: re-place layers per slot (default); flatten: crop the composite.")
@click.option("--max-megapixels", type=click.FloatRange(min=1), default=300, show_default=True,
              help="Largest source document accepted.")
@click.option("--max-side", type=click.IntRange(min=1), default=60_000, show_default=True,
              help="Largest source width or height accepted (px).")
@guarded
def build(sources, config, specs_dir, brand, only, out, jobs, force, fail_on, as_json, quiet,
          mode, max_megapixels, max_side):
    """Build every platform variant of SOURCES (PSD/PSB files, folders or globs)."""
    from . import pipeline
    from .document import DocumentLimits

    limits = DocumentLimits(max_megapixels=max_megapixels, max_side=max_side)

    campaign_warnings: list[str] = []  # unknown keys in assetkit.yaml: a typo must not be silent
    campaign, _ = _load_campaign(config, campaign_warnings)
    started = time.perf_counter()
    result = pipeline.build(sources, campaign=campaign, specs_dir=specs_dir, brand_path=brand,
                            only=only, out=out, jobs=jobs, force=force, limits=limits,
                            mode=mode, progress=_Progress(not (quiet or as_json)))
    code = result.exit_code(fail_on)
    for failure in result.failures:
        log = f" (traceback in {failure.log})" if failure.log else ""
        click.echo(style(f"Error: {failure.message}{log}", err=True, fg="red"), err=True)
    if as_json:
        click.echo(_build_json(result, code))
    else:
        for warning in () if quiet else (*campaign_warnings,
                                             *result.extra.get("config_warnings", ())):
            click.echo(style(f"Warning: {warning}", err=True, fg="yellow"), err=True)
        if not quiet:
            for line in _summary_lines(result, time.perf_counter() - started):
                click.echo(line)
        _print_findings(result.findings, quiet)
        if result.failures:
            kinds = [f.kind for f in result.failures]
            click.echo(f"Failed sources: {kinds.count('unreadable')} unreadable, "
                       f"{kinds.count('internal')} internal errors")
        if not quiet:
            click.echo(f"Outputs:  {result.out_dir}{os.sep}")
            click.echo(f"Manifest: {result.manifest}")
            click.echo(f"Report:   {result.report}")
    sys.exit(int(code))


# ---------------------------------------------------------------- inspect

@cli.command()
@click.argument("psd", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Campaign file whose role rules apply (default: assetkit.yaml if found).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@guarded
def inspect(psd, config, as_json):
    """The layer tree of PSD as assetkit understands it: roles, boxes, fonts, effects."""
    from .inspection import inspect_document, inspection_dict, inspection_lines

    campaign, _ = _load_campaign(config)
    result = inspect_document(psd, campaign.role_rules if campaign else ())
    if as_json:
        click.echo(json.dumps(inspection_dict(result), ensure_ascii=False, indent=2))
    else:
        for line in inspection_lines(result):
            click.echo(line)


# ---------------------------------------------------------------- specs

@cli.group()
def specs() -> None:
    """List, show and validate platform specs."""


def _catalog(specs_dir: Path | None):
    from .config import load_catalog

    return load_catalog(specs_dir)


def _slot_size(slot) -> str:
    if slot.size:
        return f"{slot.size[0]}x{slot.size[1]}"
    if slot.detail:
        return f"w{slot.detail.width}, slices <= {slot.detail.max_slice_height}px"
    b = slot.bounds
    parts = [f"min {b.min[0]}x{b.min[1]}" if b.min else "", f"max {b.max[0]}x{b.max[1]}"
             if b.max else "", f"aspect {b.aspect[0]}:{b.aspect[1]}" if b.aspect else ""]
    return ", ".join(p for p in parts if p)


def slot_dict(slot) -> dict:
    return {
        "id": slot.id, "labels": dict(slot.labels), "kind": slot.kind,
        "size": list(slot.size) if slot.size else None, "size_rule": _slot_size(slot),
        "max_kb": slot.max_kb, "formats": list(slot.formats), "background": slot.background,
        "forbid": list(slot.forbid), "min_product_fill": slot.min_product_fill,
        "overlay_zones": [z.name for z in slot.overlay_zones],
        "sources": list(slot.sources), "verified_on": slot.verified_on.isoformat(),
        "confidence": slot.confidence,
    }


@specs.command("list")
@click.option("--specs", "specs_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--json", "as_json", is_flag=True)
@guarded
def specs_list(specs_dir, as_json):
    """Every platform and slot in force (bundled, overlaid by --specs)."""
    catalog = _catalog(specs_dir)
    if as_json:
        data = [{"id": p.id, "names": dict(p.names), "slots": [slot_dict(s) for s in p.slots]}
                for p in catalog]
        click.echo(json.dumps({"platforms": data}, ensure_ascii=False, indent=2))
        return
    for p in catalog:
        click.echo(f"{p.id}  {p.names['en']} / {p.names['ko']}  ({len(p.slots)} slots)")
        for s in p.slots:
            click.echo(f"  {s.id:<28} {s.kind:<10} {_slot_size(s):<30} "
                       f"{s.max_kb:>7g} KB  {','.join(s.formats)}  [{s.confidence}]")


@specs.command("show")
@click.argument("platform")
@click.option("--specs", "specs_dir", type=click.Path(path_type=Path, file_okay=False))
@guarded
def specs_show(platform, specs_dir):
    """Every field of one platform's slots, with sources."""
    spec = _catalog(specs_dir).get(platform)
    if spec is None:
        raise UsageError(f"unknown platform '{platform}' (see: assetkit specs list)")
    click.echo(f"{spec.id}: {spec.names['en']} / {spec.names['ko']}  ({spec.path})")
    for s in spec.slots:
        click.echo(f"\n[{s.id}] {s.labels['en']} / {s.labels['ko']} — {s.kind}")
        click.echo(f"  size: {_slot_size(s)}; cap: {s.max_kb:g} KB; formats: "
                   f"{', '.join(s.formats)}; background: {s.background}")
        if s.forbid:
            click.echo(f"  forbids: {', '.join(s.forbid)}")
        if s.min_product_fill:
            click.echo(f"  product fill >= {s.min_product_fill:.0%}")
        for z in s.overlay_zones:
            box = ", ".join(f"{v.value:g}{'%' if v.percent else 'px'}" for v in z.box)
            click.echo(f"  overlay zone {z.name}: [{box}] covered by {z.covered_by}")
        click.echo(f"  confidence: {s.confidence}, verified on {s.verified_on}")
        for url in s.sources:
            click.echo(f"  source: {url}")
        if s.notes:
            click.echo(f"  notes: {s.notes}")


@specs.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@guarded
def specs_validate(paths):
    """Check spec files; one line per problem naming file, line and key path."""
    from .config import load_spec

    bad = 0
    for path in paths:
        warnings: list[str] = []
        try:
            spec = load_spec(path, warnings)
        except AssetkitError as exc:
            click.echo(str(exc))
            bad += 1
            continue
        for w in warnings:
            click.echo(f"warning: {w}")
        click.echo(f"{path}: ok ({spec.id}, {len(spec.slots)} slots)")
    sys.exit(int(ExitCode.USAGE if bad else ExitCode.OK))


# ---------------------------------------------------------------- doctor, fonts

@cli.command()
@click.option("--json", "as_json", is_flag=True)
@guarded
def doctor(as_json):
    """Codecs, text layout engine, fonts indexed, versions and limits of this installation."""
    from .doctor import diagnose

    report = diagnose()
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for section, values in report.items():
        click.echo(f"{section}:")
        for key, value in values.items():
            click.echo(f"  {key:<22} {value}")


@cli.command()
@click.argument("psds", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--brand", type=click.Path(path_type=Path, dir_okay=False), help="Brand rules file.")
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True)
@guarded
def fonts(psds, brand, config, as_json):
    """Which fonts are indexed; for PSDs, which fonts they use and whether each resolves."""
    from .fontreport import font_report

    campaign, _ = _load_campaign(config)
    brand_path = brand or (campaign.brand if campaign else None)
    report = font_report(psds, brand_path)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in report.lines():
            click.echo(line)
    sys.exit(int(report.exit_code()))


# ---------------------------------------------------------------- check

@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Campaign file (default: assetkit.yaml here or in a parent folder).")
@click.option("--brand", type=click.Path(path_type=Path, dir_okay=False), help="Brand rules file.")
@click.option("--specs", "specs_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of platform specs overlaying the bundled ones by platform id.")
@click.option("--slot", metavar="PLATFORM/SLOT",
              help="The slot of files that are not inside a build output (manifest.json).")
@click.option("--junit", "junit_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write a JUnit XML report: one testcase per file x check.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
@click.option("--github", is_flag=True, help="Also print GitHub Actions annotations.")
@click.option("--fail-on", type=FAIL_ON, default="error", show_default=True,
              help="Lowest finding severity that makes the exit code 1.")
@guarded
def check(paths, config, brand, specs_dir, slot, junit_file, as_json, github, fail_on):
    """Check exported images, build folders and PSD/PSB sources (PATHS: files or folders)."""
    from .checking import check as run_check

    if as_json and github:
        raise UsageError("--json and --github both print on stdout; choose one")
    campaign, _ = _load_campaign(config)
    report = run_check(paths, slot=slot, campaign=campaign, specs_dir=specs_dir,
                       brand_path=brand)
    for warning in report.warnings:
        click.echo(style(f"Warning: {warning}", err=True, fg="yellow"), err=True)
    if junit_file:
        from .report.junit import write_junit

        write_junit(report, junit_file)
    if as_json:
        from .report.jsondoc import render_json

        click.echo(render_json(report, fail_on))
    else:
        from .report.console import console_lines

        for line in console_lines(report, fail_on, style):
            click.echo(line)
    if github:
        from .report.github import github_lines

        for line in github_lines(report):
            click.echo(line)
    sys.exit(int(report.exit_code(fail_on)))


# ---------------------------------------------------------------- strings

@cli.group()
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
    from .localize.strings import export_strings

    fmt = fmt or ("csv" if out.suffix.lower() == ".csv" else "xliff")
    translator = None
    if mt:
        translator = _translator(mt, mt_url, mt_timeout, mt_key_env, brand, config)
    units = export_strings(psds, out, fmt, source_lang, target_lang, translator=translator)
    machine = f", machine-translated by {mt} (state needs-review-translation)" if mt else ""
    click.echo(f"Wrote {len(units)} strings from {len(psds)} PSDs to {out} ({fmt}){machine}")


def _translator(name: str, url: str | None, timeout: float, key_env: str,
                brand: Path | None, config: Path | None):
    from .config import load_brand
    from .localize.memory import TranslationMemory
    from .localize.protect import Terms
    from .localize.translators import ProviderOptions, make_translator

    campaign, _ = _load_campaign(config)
    brand_path = brand or (campaign.brand if campaign else None)
    rules = load_brand(brand_path) if brand_path else None
    options = ProviderOptions(url=url, memory=TranslationMemory(), terms=Terms.from_rules(rules),
                              timeout=timeout, key_env=key_env)
    return make_translator(name, options)


# ---------------------------------------------------------------- localize

@cli.command()
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
    from .localizing import localize as run_localize

    campaign_warnings: list[str] = []
    campaign, _ = _load_campaign(config, campaign_warnings)
    started = time.perf_counter()
    result = run_localize(psds, to=lang, translations=translations, mt=mt, mt_url=mt_url,
                          source_lang=source_lang, campaign=campaign, brand_path=brand,
                          specs_dir=specs_dir, only=only, out=out, mt_timeout=mt_timeout,
                          mt_key_env=mt_key_env)
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
    from .findings import count_by_severity

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


# ---------------------------------------------------------------- watch, report

def _echo(text: str, err: bool = False) -> None:
    click.echo(style(text, err=True, fg="red") if err else text, err=err)


@cli.command("watch")
@click.argument("folder", metavar="[DIR]", required=False,
                type=click.Path(path_type=Path, file_okay=False))
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Campaign file (default: assetkit.yaml here or in a parent folder).")
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (default: the campaign's).")
@click.option("--poll", is_flag=True,
              help="Poll the folder instead of OS notifications (network shares, Docker mounts).")
@click.option("--settle", type=click.FloatRange(min=0), default=2.0, show_default=True,
              metavar="SECONDS",
              help="Build a file once its size and time have not changed for this long.")
@guarded
def watch_command(folder, config, out, poll, settle):
    """Build PSDs dropped into DIR (default: the campaign's input folder) once each copy has
    settled; one summary line per batch. Ctrl-C stops."""
    from .watch import watch

    campaign_warnings: list[str] = []
    campaign, _ = _load_campaign(config, campaign_warnings)
    for warning in campaign_warnings:
        click.echo(style(f"Warning: {warning}", err=True, fg="yellow"), err=True)
    watch(folder, campaign=campaign, out=out, poll=poll, settle=settle, echo=_echo)


def _report_title(config: Path | None, folder: Path) -> str | None:
    """The campaign's name when the manifest is that campaign's output folder."""
    from .config import find_campaign, load_campaign

    path = config or find_campaign(folder)
    campaign = load_campaign(path) if path else None
    if campaign and Path(campaign.output).resolve() == folder.resolve():
        return campaign.name
    return None


@cli.command("report")
@click.argument("manifest", type=click.Path(path_type=Path, exists=True))
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False),
              help="HTML file to write (default: report.html next to the manifest).")
@click.option("--png", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write a contact sheet of every output as a PNG.")
@click.option("-c", "--config", type=click.Path(path_type=Path, dir_okay=False),
              help="Campaign file naming the report (default: assetkit.yaml above the manifest).")
@guarded
def report_command(manifest, out, png, config):
    """Regenerate the HTML report of a build from its MANIFEST (manifest.json or the folder)."""
    from .report.regenerate import report

    folder = manifest if manifest.is_dir() else manifest.parent
    files = report(manifest, out=out, png=png, title=_report_title(config, folder))
    click.echo(f"Report: {files.html} ({files.outputs} outputs, {files.findings} findings)")
    if files.png:
        click.echo(f"Contact sheet: {files.png}")
    if files.missing:
        click.echo(style(f"Warning: {len(files.missing)} outputs in the manifest are missing, "
                         f"first {files.missing[0]} (see: assetkit check {folder})",
                         err=True, fg="yellow"), err=True)
