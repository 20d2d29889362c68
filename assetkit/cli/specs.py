"""`assetkit specs list|show|validate`: the platform specs in force."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import AssetkitError, ExitCode, UsageError
from ..model import Length
from .common import guarded


@click.group()
def specs() -> None:
    """List, show and validate platform specs."""


def _catalog(specs_dir: Path | None):
    from ..config import load_catalog

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


def _lengths(lengths) -> str:
    return ", ".join(f"{v.value:g}{'%' if v.percent else 'px'}" for v in lengths)


def slot_dict(slot) -> dict:
    return {
        "id": slot.id, "labels": dict(slot.labels), "kind": slot.kind,
        "size": list(slot.size) if slot.size else None, "size_rule": _slot_size(slot),
        "max_kb": slot.max_kb, "formats": list(slot.formats), "background": slot.background,
        "forbid": list(slot.forbid), "min_product_fill": slot.min_product_fill,
        "overlay_zones": [z.name for z in slot.overlay_zones],
        "sources": list(slot.sources), "verified_on": slot.verified_on.isoformat(),
        "confidence": slot.confidence,
        "provenance": [{"key": p.key, "source": p.source, "verified_on": p.verified_on.isoformat(),
                        "confidence": p.confidence, "quote": p.quote} for p in slot.provenance],
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
            click.echo(f"  overlay zone {z.name}: [{_lengths(z.box)}] covered by {z.covered_by}")
        if s.safe_margin != (Length(0),) * 4:
            click.echo(f"  safe margin [top, right, bottom, left]: [{_lengths(s.safe_margin)}]")
        if s.min_text_px:
            click.echo(f"  text >= {s.min_text_px:g} px")
        click.echo(f"  confidence: {s.confidence}, verified on {s.verified_on}")
        for url in s.sources:
            click.echo(f"  source: {url}")
        for p in s.provenance:
            click.echo(f"  provenance {p.key}: {p.confidence}, verified on {p.verified_on}, "
                       f"{p.source}\n    \"{p.quote}\"")
        for a in s.alternatives:
            click.echo(f"  alternative {a.key}: {a.value}" + (f" ({a.source})" if a.source else ""))
        if s.notes:
            click.echo(f"  notes: {s.notes}")


@specs.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@guarded
def specs_validate(paths):
    """Check spec files (a folder: its *.yaml and *.yml files); one line per problem naming
    file, line and key path."""
    from ..config import load_spec

    bad = 0
    files = []
    for path in paths:
        if path.is_dir():
            found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
            if not found:
                click.echo(f"{path}: no *.yaml or *.yml spec files in this folder")
                bad += 1
            files += found
        else:
            files.append(path)
    for path in files:
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
