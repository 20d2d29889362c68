"""Adopting a version-1 output folder (one manifest.json, no records): an output is kept —
renamed to its stable-id path, not re-rendered — where the version-1 key, recomputed from the
file's bytes and today's settings, equals the key it was recorded with and its file is there;
everything else of the source is rebuilt, and its old files go once the new record is in."""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..model import Finding, Output, Target
from ..pipeline.naming import source_stems
from ..pipeline.write import inputs_key
from .manifest import MANIFEST_NAME, Manifest, read_manifest
from .records import Record, SourceStat, records_dir


def legacy_manifest(out_dir: Path) -> Manifest | None:
    """The folder's version-1 manifest, when it has one and no records yet; a manifest.json
    that is not one is an InvalidConfig (read before anything is written)."""
    if records_dir(out_dir).is_dir() or not (out_dir / MANIFEST_NAME).is_file():
        return None
    manifest = read_manifest(out_dir)
    return manifest if manifest is not None and manifest.schema_version < 2 else None


def legacy_records(manifest: Manifest) -> list[Record]:
    """A version-1 manifest read as records, for the report: one per source (and language) its
    outputs name, with that source's findings (a finding naming no source has no page), and
    no stat, hash or key (a version-1 folder has none until a build adopts it)."""
    groups: dict[str, list[Output]] = {}
    for out in manifest.outputs:
        groups.setdefault(out.source + (f"@{out.lang}" if out.lang else ""), []).append(out)
    for finding in manifest.findings:
        if finding.source is not None:
            groups.setdefault(finding.source, [])
    return [Record(key, key.partition("@")[0], SourceStat(0, 0, 0), "", 0.0, "", tuple(outs),
                   tuple(f for f in manifest.findings if f.source == key))
            for key, outs in sorted(groups.items())]


@dataclass(frozen=True)
class V1Settings:
    """What the version-1 key hashed besides the source and the slot (pipeline/variant.py
    before issue 19), in its order."""

    template: str
    formats: tuple[str, ...]
    mode: str
    role_rules: tuple
    brand: object
    layouts_digest: str | None
    resampler: str
    fonts: str

    def key(self, digest: str, target: Target) -> str:
        return inputs_key(digest, repr(target.slot), target.platform.id, self.template,
                          self.formats, self.mode, self.role_rules, repr(self.brand),
                          self.layouts_digest, self.resampler, self.fonts)


@dataclass(frozen=True)
class Adopted:
    """One source's part of a version-1 folder: the outputs kept (renamed), by target, with
    their findings; and every old output (the ones not kept go after the commit)."""

    kept: Mapping[str, tuple[Output, ...]]
    findings: tuple[Finding, ...]
    old: tuple[Output, ...]


class Legacy:
    """A version-1 manifest's outputs and findings by the source stems it used."""

    def __init__(self, manifest: Manifest, sources: Sequence[Path]) -> None:
        self.manifest = manifest
        self.stems = source_stems(list(sources))  # the names version 1 gave these sources

    def outputs_of(self, path: Path) -> tuple[Output, ...]:
        stem = self.stems.get(path)
        return tuple(o for o in self.manifest.outputs if o.source == stem and o.lang is None)

    def adopt(self, path: Path, folder: str, sha: str,
              keys: Mapping[str, tuple[Target, str, str]], out_dir: Path) -> Adopted:
        """`keys`: PLATFORM/SLOT -> (target, its version-1 key, its new output key)."""
        old = self.outputs_of(path)
        stem = self.stems[path]
        kept: dict[str, tuple[Output, ...]] = {}
        for key, (_target, v1, new) in keys.items():
            group = tuple(o for o in old if f"{o.platform}/{o.slot}" == key)
            if group and all(o.inputs_key == v1 and (out_dir / o.path).is_file() for o in group):
                kept[key] = tuple(_moved(out_dir, o, folder, new) for o in group)
        findings = tuple(replace(f, source=folder) for f in self.manifest.findings
                         if f.source == stem and (f.platform is None
                                                  or f"{f.platform}/{f.slot}" in kept))
        return Adopted(kept, findings, old)


def _moved(out_dir: Path, out: Output, folder: str, key: str) -> Output:
    """`out` renamed to the path its stable id gives it (its folder; the old stem in its file
    name replaced by the new one), with its new key."""
    name = PurePosixPath(out.path).name
    old, new = out.source.rpartition("/")[2], folder.rpartition("/")[2]
    rel = f"{folder}/{out.platform}/" + (new + name[len(old):] if name.startswith(old) else name)
    if rel != out.path:
        (out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(out_dir / out.path, out_dir / rel)
    index = out.slice.index if out.slice is not None and out.slice.count > 1 else None
    group = f"{folder}/{out.platform}/{out.slot}"
    return replace(out, path=rel, source=folder, inputs_key=key,
                   variant_id=group + (f"#{index + 1}" if index is not None else ""),
                   group=group if out.slice else None)
