"""What the commands print: the human lines and JSON documents of build, localize, specs,
doctor, report and strings export (check's are in console.py and jsondoc.py, inspect's in
inspect.py, fonts' in fonts.py). Pure: results in, strings out; cli/ echoes them."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..coded import CodedArea
from ..errors import ExitCode
from ..findings import count_by_severity
from ..model import Failure, Finding, Length, PlatformSpec, Slot

if TYPE_CHECKING:
    from ..commands.localize import LocalizeResult
    from ..commands.specs_validate import SpecsValidation
    from ..commands.strings_export import StringsFile
    from ..model import Catalog
    from ..pipeline.results import BuildResult
    from .regenerate import ReportFiles


def dump(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def counts_line(findings: Iterable[Finding]) -> str:
    counts = count_by_severity(list(findings))
    return (f"Findings: {counts['error']} errors, {counts['warning']} warnings, "
            f"{counts['info']} info")


# ---- build ----

def build_lines(result: BuildResult, seconds: float) -> list[str]:
    return [
        f"Built {result.written} outputs ({result.skipped} up to date, {len(result.removed)} "
        f"stale removed) from {result.sources} sources x {result.targets} slots "
        f"in {seconds:.1f} s",
        counts_line(result.findings),
        *missing_lines(result),
    ]


def missing_lines(result: BuildResult) -> list[str]:
    """Sources the folder has outputs of but the source root no longer holds (kept until
    `--prune`), and what a prune removed."""
    lines = []
    if result.missing:
        count = len(result.missing)
        shown = ", ".join(result.missing[:5]) + (f" and {count - 5} more" if count > 5 else "")
        lines.append(f"{count} source{'s' if count > 1 else ''} missing (use --prune): {shown}")
    lines += [f"Removed {path}" for path in result.removed[:20]]
    if len(result.removed) > 20:
        lines.append(f"... and {len(result.removed) - 20} more removed (--json lists them all)")
    return lines


def build_failures(result: BuildResult) -> list[str]:
    if not result.failures:
        return []
    kinds = [f.kind for f in result.failures]
    return [f"Failed sources: {kinds.count('unreadable')} unreadable, "
            f"{kinds.count('internal')} internal errors"]


def build_where(result: BuildResult) -> list[str]:
    return [f"Outputs:  {result.out_dir}{os.sep}", f"Manifest: {result.manifest}",
            f"Report:   {result.report}"]


def failure_line(failure: Failure) -> str:
    return f"Error: {failure.detail}"


def failure_dict(failure: Failure) -> dict:
    return {"source": failure.source, "kind": failure.kind, "message": failure.message,
            "log": str(failure.log) if failure.log else None}


def build_json(result: BuildResult, code: ExitCode) -> str:
    return dump({
        "exit_code": int(code), "out_dir": str(result.out_dir),
        "manifest": str(result.manifest), "report": str(result.report),
        "written": result.written, "skipped": result.skipped, "removed": list(result.removed),
        "rendered": result.rendered, "source_bytes_read": result.source_bytes_read,
        "missing": list(result.missing), "outputs_total": result.outputs_total,
        "outputs": [o.to_dict() for o in result.outputs],
        "findings": [f.to_dict() for f in result.findings],
        "failures": [failure_dict(f) for f in result.failures],
    })


# ---- localize and strings export ----

def localize_lines(result: LocalizeResult, seconds: float) -> list[str]:
    lines = [f"Localized {len(result.sources)} of {len(result.sources) + len(result.failures)} "
             f"sources into {result.lang}: {len(result.outputs)} slices in {seconds:.1f} s",
             counts_line(result.findings)]
    for source in result.sources:
        lines.append(f"{source.source}: {len(source.texts)} text layers re-set")
        lines += [f"  HTML: {path}" for path in source.snippets]
        lines += [f"  PSD:  {source.psd}"] if source.psd else []
        lines += [f"  MT:   {source.machine} (needs review)"] if source.machine else []
    return lines


def localize_where(result: LocalizeResult) -> list[str]:
    return [f"Outputs:  {result.out_dir}{os.sep}", f"Manifest: {result.manifest}"]


def localize_json(result: LocalizeResult, code: ExitCode) -> str:
    return dump({
        "exit_code": int(code), "out_dir": str(result.out_dir), "lang": result.lang,
        "manifest": str(result.manifest) if result.manifest else None,
        "sources": [{"source": s.source, "texts": len(s.texts),
                     "snippets": [str(p) for p in s.snippets],
                     "psd": str(s.psd) if s.psd else None,
                     "machine": str(s.machine) if s.machine else None}
                    for s in result.sources],
        "outputs": [o.to_dict() for o in result.outputs],
        "findings": [f.to_dict() for f in result.findings],
        "failures": [failure_dict(f) for f in result.failures],
        "warnings": list(result.warnings),
    })


def strings_line(result: StringsFile) -> str:
    machine = (f", machine-translated by {result.machine} (state needs-review-translation)"
               if result.machine else "")
    return (f"Wrote {len(result.units)} strings from {result.sources} PSDs to {result.path} "
            f"({result.format}){machine}")


def strings_json(result: StringsFile) -> str:
    return dump({"path": str(result.path), "format": result.format,
                 "strings": len(result.units), "sources": result.sources,
                 "machine": result.machine})


# ---- specs ----

def slot_size(slot: Slot) -> str:
    if slot.size:
        return f"{slot.size[0]}x{slot.size[1]}"
    if slot.detail:
        return f"w{slot.detail.width}, slices <= {slot.detail.max_slice_height}px"
    b = slot.bounds
    if b is None:
        return ""
    parts = [f"min {b.min[0]}x{b.min[1]}" if b.min else "", f"max {b.max[0]}x{b.max[1]}"
             if b.max else "", f"aspect {b.aspect[0]}:{b.aspect[1]}" if b.aspect else ""]
    return ", ".join(p for p in parts if p)


def _lengths(lengths: Iterable[Length]) -> str:
    return ", ".join(f"{v.value:g}{'%' if v.percent else 'px'}" for v in lengths)


def slot_dict(slot: Slot) -> dict:
    return {
        "id": slot.id, "labels": dict(slot.labels), "kind": slot.kind,
        "size": list(slot.size) if slot.size else None, "size_rule": slot_size(slot),
        "max_kb": slot.max_kb, "formats": list(slot.formats), "background": slot.background,
        "forbid": list(slot.forbid), "min_product_fill": slot.min_product_fill,
        "overlay_zones": [z.name for z in slot.overlay_zones],
        "coded_text": [a.name for a in slot.coded_text],
        "sources": list(slot.sources), "verified_on": slot.verified_on.isoformat(),
        "confidence": slot.confidence,
        "provenance": [{"key": p.key, "source": p.source, "verified_on": p.verified_on.isoformat(),
                        "confidence": p.confidence, "quote": p.quote} for p in slot.provenance],
    }


def platform_dict(spec: PlatformSpec) -> dict:
    return {"id": spec.id, "names": dict(spec.names), "slots": [slot_dict(s) for s in spec.slots]}


def specs_list_json(catalog: Catalog) -> str:
    return dump({"platforms": [platform_dict(p) for p in catalog]})


def specs_list_lines(catalog: Catalog) -> list[str]:
    lines = []
    for p in catalog:
        lines.append(f"{p.id}  {p.names['en']} / {p.names['ko']}  ({len(p.slots)} slots)")
        lines += [f"  {s.id:<28} {s.kind:<10} {slot_size(s):<30} "
                  f"{s.max_kb:>7g} KB  {','.join(s.formats)}  [{s.confidence}]" for s in p.slots]
    return lines


def coded_area_line(a: CodedArea) -> str:
    limit = f"{a.lines} line{'s' if a.lines > 1 else ''}" + (
        f", <= {a.max_chars} chars" if a.max_chars else "")
    scrim = f", scrim {a.scrim.opacity:.0%} {a.scrim.direction}" if a.scrim else ""
    where = f"; {a.source}, verified on {a.verified_on}" if a.source else ""
    colour = "#{:02X}{:02X}{:02X}".format(*a.colour)
    return (f"  coded text {a.name}: [{_lengths(a.box)}] {colour} {a.size_px:g}px {a.weight}, "
            f"{limit}, {a.align}{scrim}{where}")


def _slot_lines(s: Slot) -> list[str]:
    lines = [f"\n[{s.id}] {s.labels['en']} / {s.labels['ko']} — {s.kind}",
             f"  size: {slot_size(s)}; cap: {s.max_kb:g} KB; formats: {', '.join(s.formats)}; "
             f"background: {s.background}"]
    lines += [f"  forbids: {', '.join(s.forbid)}"] if s.forbid else []
    lines += [f"  product fill >= {s.min_product_fill:.0%}"] if s.min_product_fill else []
    lines += [f"  overlay zone {z.name}: [{_lengths(z.box)}] covered by {z.covered_by}"
              for z in s.overlay_zones]
    lines += [coded_area_line(a) for a in s.coded_text]
    lines += [f"  {verb} phrase {r.pattern!r}" + (f": {r.reason}" if r.reason else "")
              for verb, rules in (("forbids", s.phrases.forbid), ("requires", s.phrases.require))
              for r in rules] if s.phrases else []
    if s.safe_margin != (Length(0),) * 4:
        lines.append(f"  safe margin [top, right, bottom, left]: [{_lengths(s.safe_margin)}]")
    lines += [f"  text >= {s.min_text_px:g} px"] if s.min_text_px else []
    lines.append(f"  confidence: {s.confidence}, verified on {s.verified_on}")
    lines += [f"  source: {url}" for url in s.sources]
    lines += [f"  provenance {p.key}: {p.confidence}, verified on {p.verified_on}, "
              f"{p.source}\n    \"{p.quote}\"" for p in s.provenance]
    lines += [f"  alternative {a.key}: {a.value}" + (f" ({a.source})" if a.source else "")
              for a in s.alternatives]
    return lines + ([f"  notes: {s.notes}"] if s.notes else [])


def specs_show_lines(spec: PlatformSpec) -> list[str]:
    lines = [f"{spec.id}: {spec.names['en']} / {spec.names['ko']}  ({spec.path})"]
    for slot in spec.slots:
        lines += _slot_lines(slot)
    return lines


def specs_validate_lines(result: SpecsValidation) -> list[str]:
    lines = []
    for f in result.files:
        lines += [*f.problems, *(f"warning: {w}" for w in f.warnings)]
        lines += [] if f.problems else [f"{f.path}: ok ({f.platform}, {f.slots} slots)"]
    return lines


def specs_validate_json(result: SpecsValidation) -> str:
    return dump({"exit_code": int(result.exit_code),
                 "files": [{"path": str(f.path), "ok": not f.problems,
                            "problems": list(f.problems), "warnings": list(f.warnings),
                            "platform": f.platform, "slots": f.slots} for f in result.files]})


# ---- doctor, report ----

def doctor_lines(report: Mapping[str, Mapping[str, object]]) -> list[str]:
    lines = []
    for section, values in report.items():
        lines.append(f"{section}:")
        lines += [f"  {key:<22} {value}" for key, value in values.items()]
    return lines


def report_lines(files: ReportFiles) -> list[str]:
    legacy = "; from a version-1 manifest.json" if files.legacy else ""
    lines = [f"Report: {files.html} ({files.outputs} outputs, {files.findings} findings{legacy})"]
    return lines + ([f"Contact sheet: {files.png}"] if files.png else [])


def report_warning(files: ReportFiles, folder: object) -> str | None:
    if not files.missing:
        return None
    return (f"Warning: {len(files.missing)} outputs in the manifest are missing, first "
            f"{files.missing[0]} (see: assetkit check {folder})")
