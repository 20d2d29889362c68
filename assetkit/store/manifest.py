"""OUT/manifest.json: the folder's table of contents for scripts and people.

Version 2 (docs/manifest.md) lists the index's shards with their counts and keeps every
output and finding inline up to INLINE_MAX outputs, so CI scripts reading `outputs` keep
working; above that it holds counts only and `assetkit manifest list --json` streams the
outputs from the records. Version 1 (one file holding everything) is still read."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import InvalidConfig
from ..findings import apply_overrides
from ..fsutil import open_atomic
from ..model import Finding, Output, SeverityOverrides
from .indented import indented
from .records import holds_store, iter_records, scratch_dir

SCHEMA_VERSION = 2
MANIFEST_NAME = "manifest.json"
INLINE_MAX = 20_000


@dataclass(frozen=True)
class Manifest:
    outputs: tuple[Output, ...]
    findings: tuple[Finding, ...]
    created: str = ""
    assetkit_version: str = ""
    fonts: Mapping[str, str] = field(default_factory=dict)  # digests of the font table and faces
    schema_version: int = SCHEMA_VERSION
    counts: Mapping[str, int] = field(default_factory=dict)
    shards: tuple[Mapping[str, object], ...] = ()
    severity: SeverityOverrides = field(default_factory=dict)  # applied to `findings`

    @property
    def inline(self) -> bool:
        return int(self.counts.get("outputs", len(self.outputs))) <= INLINE_MAX

    def to_dict(self) -> dict:
        data: dict = {
            "schema_version": self.schema_version,
            "assetkit_version": self.assetkit_version,
            "created": self.created,
            "fonts": dict(self.fonts),
        }
        if self.schema_version >= 2:
            data["counts"] = dict(self.counts)
            data["index"] = ".assetkit/index"
            data["shards"] = [dict(s) for s in self.shards]
            if self.severity:  # absent when no override applies (most campaigns)
                data["severity_overrides"] = dict(sorted(self.severity.items()))
        if self.schema_version < 2 or self.inline:
            data["outputs"] = [o.to_dict() for o in self.outputs]
            data["findings"] = [f.to_dict() for f in self.findings]
        return data


def _from_records(out_dir: Path) -> tuple[tuple[Output, ...], tuple[Finding, ...]]:
    outputs: list[Output] = []
    findings: list[Finding] = []
    for record in iter_records(out_dir):
        outputs += record.outputs
        findings += record.findings
    return tuple(sorted(outputs, key=lambda o: o.variant_id)), tuple(findings)


def manifest_whole(out_dir: Path) -> bool:
    """Whether the folder's manifest.json is there and ends as a JSON object does (its last
    bytes are read: a copy or sync cut short ends elsewhere), without parsing all of it."""
    try:
        with open(out_dir / MANIFEST_NAME, "rb") as handle:
            handle.seek(0, 2)
            handle.seek(max(0, handle.tell() - 64))
            return handle.read().rstrip().endswith(b"}")
    except OSError:
        return False


def is_build_folder(folder: Path) -> bool:
    """A folder a build wrote into: it holds manifest.json, or the store's records (a first
    build killed before its manifest)."""
    return (folder / MANIFEST_NAME).is_file() or holds_store(folder)


def read_manifest(path: Path) -> Manifest | None:
    """The manifest at `path` (a file or a build folder), or None when there is none. A v2
    manifest too large to hold its outputs inline reads them from the records, and so does a
    folder whose first build died before writing manifest.json."""
    if path.is_dir() and not (path / MANIFEST_NAME).is_file() and holds_store(path):
        outputs, findings = _from_records(path)
        return Manifest(outputs, findings)
    path = path / MANIFEST_NAME if path.is_dir() else path
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        version = int(data.get("schema_version", 1))
        if "outputs" in data:
            outputs = tuple(Output.from_dict(o) for o in data["outputs"])
            findings = tuple(Finding.from_dict(f) for f in data.get("findings", ()))
        elif version >= 2:  # findings as the build reported them: with its overrides
            outputs, raw = _from_records(path.parent)
            findings = tuple(apply_overrides(raw, data.get("severity_overrides") or {}))
        else:
            raise KeyError("outputs")
        return Manifest(
            outputs=outputs, findings=findings,
            created=data.get("created", ""), assetkit_version=data.get("assetkit_version", ""),
            fonts=data.get("fonts") or {}, schema_version=version,
            counts=data.get("counts") or {}, shards=tuple(data.get("shards") or ()),
            severity=data.get("severity_overrides") or {},
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidConfig(f"{path}: not an assetkit manifest ({exc})") from None


@dataclass(frozen=True)
class ManifestHead:
    """What a v2 manifest says besides its inline lists. `severity`: the severity overrides
    (brand, then campaign, merged) applied to its findings; `created`: its time ("": now)."""

    version: str
    fonts: Mapping[str, str] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)
    shards: tuple[Mapping[str, object], ...] = ()
    severity: SeverityOverrides = field(default_factory=dict)
    created: str = ""


def write_manifest(out_dir: Path, outputs: Iterable[Output], findings: Iterable[Finding],
                   version: str | ManifestHead, now: dt.datetime | None = None,
                   fonts: Mapping[str, str] | None = None, ordered: bool = False) -> Path:
    """Write OUT/manifest.json (v2). `version`: assetkit's version, or the head with the
    index's counts and shards. `fonts`: digests of the substitution table and face files.
    `ordered`: the outputs come in variant_id order already, and the head has the counts; both
    lists are then written as they come, never held (a folder of thousands of outputs)."""
    head = version if isinstance(version, ManifestHead) else ManifestHead(version, fonts or {})
    created = head.created or (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    if not (ordered and head.counts):
        outputs = tuple(sorted(outputs, key=lambda o: o.variant_id))
    counts = dict(head.counts) or {"outputs": len(tuple(outputs))}
    manifest = Manifest((), (), created, head.version, dict(fonts or head.fonts),
                        counts=counts, shards=head.shards, severity=head.severity)
    data = manifest.to_dict()
    path = out_dir / MANIFEST_NAME
    with open_atomic(path, scratch_dir(out_dir)) as handle:
        if not manifest.inline:  # compact above INLINE_MAX: counts and shards only
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            handle.write(f"{text}\n".encode())
            return path
        # indented for people while it lists the outputs: the same bytes as json.dumps(indent=2)
        # of the whole, written item by item
        del data["outputs"], data["findings"]
        text = indented(data)
        handle.write(text[:-len("\n}")].encode("utf-8"))
        _write_list(handle, "outputs", (o.to_dict() for o in outputs))
        _write_list(handle, "findings", (f.to_dict() for f in findings))
        handle.write(b"\n}\n")
    return path


def _write_list(handle: BinaryIO, key: str, items: Iterable[dict]) -> None:
    """`,\n  "key": [...]` as json.dumps(indent=2) writes a list at the manifest's top level."""
    handle.write(f",\n  {json.dumps(key)}: [".encode())
    separator = "\n    "
    for item in items:
        text = indented(item, 2)  # json.dumps(indent=2), each line two steps further in
        handle.write(f"{separator}{text}".encode())
        separator = ",\n    "
    handle.write(b"]" if separator == "\n    " else b"\n  ]")
