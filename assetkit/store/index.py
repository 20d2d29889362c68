"""The index of an output folder: one small entry per committed source, in 256 shard files
(`OUT/.assetkit/index/00.json` … `ff.json`, by the first byte of a hash of the id). A no-op
build reads the index, not the records; a build that changes ten sources rewrites ten shards.
The records are the truth: `assetkit manifest rebuild` re-creates the index from them."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from ..fsutil import write_atomic
from .faults import fault
from .ids import SourceId, source_of
from .records import STORE_DIR, Record, SourceStat

INDEX_DIR = "index"
SHARDS = 256


@dataclass(frozen=True)
class Entry:
    """What the index keeps of a record: enough to decide a no-op by stat alone and to count."""

    id: str
    size: int
    mtime_ns: int
    inode: int
    sha256: str
    recorded: float
    inputs_key: str
    outputs: int
    findings: int
    errors: int
    warnings: int

    @classmethod
    def of(cls, record: Record) -> Entry:
        count = {s: sum(f.severity == s for f in record.findings) for s in ("error", "warning")}
        return cls(record.id, record.stat.size, record.stat.mtime_ns,
                   record.stat.inode, record.sha256, record.recorded, record.inputs_key,
                   len(record.outputs), len(record.findings), count["error"], count["warning"])

    @property
    def folder(self) -> str:
        """Its output folder (derived from the id: not stored, the index stays small)."""
        return SourceId(source_of(self.id)).folder

    @property
    def stat(self) -> SourceStat:
        return SourceStat(self.size, self.mtime_ns, self.inode)

    def as_record(self) -> Record:
        """The record's head (no outputs or findings): enough for `Record.trusts`."""
        return Record(self.id, self.folder, self.stat, self.sha256, self.recorded,
                      self.inputs_key)


def index_dir(out_dir: Path) -> Path:
    return out_dir / STORE_DIR / INDEX_DIR


FIELDS = tuple(f.name for f in fields(Entry))  # a shard's rows are arrays in this order


def _read_shard(path: Path) -> list[Entry] | None:
    """The shard's entries; None when it cannot be read (the index is re-made from the
    records: see OutputStore)."""
    try:
        data = json.loads(path.read_bytes())
        names = data["fields"]
        return [Entry(**dict(zip(names, row, strict=True))) for row in data["sources"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


class Index:
    """The entries of one output folder, loaded once; `put`/`drop` mark shards to rewrite and
    `flush` rewrites only those."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.entries: dict[str, Entry] = {}
        self._dirty: set[str] = set()
        folder = index_dir(out_dir)
        self.exists = folder.is_dir()
        self.damaged = False  # a shard could not be read
        for name in sorted(os.listdir(folder)) if self.exists else ():
            if name.endswith(".json") and len(name) == 7:
                shard = _read_shard(folder / name)
                self.damaged |= shard is None
                self.entries.update((e.id, e) for e in shard or ())

    def put(self, record: Record) -> None:
        self.entries[record.id] = Entry.of(record)
        self._dirty.add(SourceId(record.id).shard)

    def drop(self, source_id: str) -> None:
        if self.entries.pop(source_id, None) is not None:
            self._dirty.add(SourceId(source_id).shard)

    @property
    def changed(self) -> bool:
        return bool(self._dirty)

    def shards(self) -> dict[str, list[Entry]]:
        grouped: dict[str, list[Entry]] = {}
        for entry in sorted(self.entries.values(), key=lambda e: e.id):
            grouped.setdefault(SourceId(entry.id).shard, []).append(entry)
        return grouped

    def flush(self, everything: bool = False) -> int:
        """Rewrite the changed shards (or all of them); the bytes written."""
        grouped, written = self.shards(), 0
        names = {f"{i:02x}" for i in range(SHARDS)} if everything else sorted(self._dirty)
        for n, shard in enumerate(sorted(names)):
            if n == 1:
                fault("mid-index")
            written += _write_shard(self.out_dir, shard, grouped.get(shard, []))
        self._dirty.clear()
        self.exists = True
        return written

    def counts(self) -> Mapping[str, int]:
        return {"sources": len(self.entries),
                "outputs": sum(e.outputs for e in self.entries.values()),
                "errors": sum(e.errors for e in self.entries.values()),
                "warnings": sum(e.warnings for e in self.entries.values())}


def _write_shard(out_dir: Path, shard: str, entries: Iterable[Entry]) -> int:
    path = index_dir(out_dir) / f"{shard}.json"
    rows = [astuple(e) for e in entries]
    if not rows:
        path.unlink(missing_ok=True)
        return 0
    data = json.dumps({"schema": 2, "fields": FIELDS, "sources": rows}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    write_atomic(path, data)
    return len(data)
