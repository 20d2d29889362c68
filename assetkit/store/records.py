"""Commit records: one JSON file per source in `OUT/.assetkit/sources/`, written atomically
once all of the source's outputs are in place. Writing it is the commit: a source without a
record was not (completely) built, whatever files its folder holds."""
from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..fsutil import write_atomic
from ..model import Finding, Output
from .faults import fault

STORE_DIR = ".assetkit"
RECORDS_DIR = "sources"
RECORD_SCHEMA = 2


@dataclass(frozen=True)
class SourceStat:
    """What a stat says about a source: equal stats (and a record not written within 2 s of
    the file's mtime) let a no-op build trust the recorded sha256 without reading the file."""

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> SourceStat:
        st = os.stat(path)
        return cls(st.st_size, st.st_mtime_ns, st.st_ino)


RACY_NS = 2_000_000_000  # git's racy rule: an mtime this close to the record's time is hashed


@dataclass(frozen=True)
class Record:
    """One source's commit: its id and output folder, the file it was built from (stat and
    sha256), when, with which inputs (the source-level key), what it wrote and what it found
    (before severity overrides, which are applied when reported)."""

    id: str
    folder: str
    stat: SourceStat
    sha256: str
    recorded: float
    inputs_key: str
    outputs: tuple[Output, ...] = ()
    findings: tuple[Finding, ...] = ()
    targets: Mapping[str, str] = field(default_factory=dict)  # PLATFORM/SLOT -> its outputs' key
    removing: tuple[str, ...] = ()  # files being removed (superseded or pruned) when written

    def trusts(self, stat: SourceStat, stable_inode: bool = True) -> bool:
        """Whether `stat` lets the recorded sha256 stand for the file's bytes unread."""
        same = (stat.size == self.stat.size and stat.mtime_ns == self.stat.mtime_ns
                and (not stable_inode or stat.inode == self.stat.inode))
        return same and abs(self.recorded * 1e9 - stat.mtime_ns) >= RACY_NS

    def to_dict(self) -> dict:
        return {"schema": RECORD_SCHEMA, "id": self.id, "folder": self.folder,
                "size": self.stat.size, "mtime_ns": self.stat.mtime_ns, "inode": self.stat.inode,
                "sha256": self.sha256, "recorded": self.recorded, "inputs_key": self.inputs_key,
                "targets": dict(self.targets), "outputs": [o.to_dict() for o in self.outputs],
                **({"removing": list(self.removing)} if self.removing else {}),
                "findings": [f.to_dict() for f in self.findings]}

    @classmethod
    def from_dict(cls, d: dict) -> Record:
        return cls(d["id"], d["folder"], SourceStat(d["size"], d["mtime_ns"], d["inode"]),
                   d["sha256"], d["recorded"], d["inputs_key"],
                   tuple(Output.from_dict(o) for o in d.get("outputs", ())),
                   tuple(Finding.from_dict(f) for f in d.get("findings", ())),
                   dict(d.get("targets") or {}), tuple(d.get("removing") or ()))

    def restamped(self, stat: SourceStat) -> Record:
        """The same commit for a file found at a new stat with the same bytes (a copy)."""
        return replace(self, stat=stat, recorded=time.time())


def holds_store(folder: Path) -> bool:
    """Whether a build wrote into `folder`: it holds the store (`.assetkit/`)."""
    return (folder / STORE_DIR).is_dir()


def scratch_dir(out_dir: Path) -> Path:
    """Where the temp files of writes into an output folder go (swept under the lock)."""
    return out_dir / STORE_DIR / "tmp"


def records_dir(out_dir: Path) -> Path:
    return out_dir / STORE_DIR / RECORDS_DIR


def record_path(out_dir: Path, digest: str) -> Path:
    return records_dir(out_dir) / f"{digest}.json"


def read_record(out_dir: Path, digest: str) -> Record | None:
    """The record of the source whose id hashes to `digest`; None when absent or unreadable
    (a record is written whole or not at all, so unreadable means foreign: rebuild)."""
    path = record_path(out_dir, digest)
    try:
        return Record.from_dict(json.loads(path.read_bytes()))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return None


def write_record(out_dir: Path, digest: str, record: Record) -> Path:
    """The commit of one source (after every output file it lists is in place)."""
    fault("before-record")
    path = record_path(out_dir, digest)
    text = json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":"))
    write_atomic(path, text.encode("utf-8"))
    return path


def remove_record(out_dir: Path, digest: str) -> None:
    record_path(out_dir, digest).unlink(missing_ok=True)


def record_digests(out_dir: Path) -> list[str]:
    """The digests of the folder's record files, in file-name order (the records' order)."""
    folder = records_dir(out_dir)
    if not folder.is_dir():
        return []
    return [name[:-5] for name in sorted(os.listdir(folder))
            if name.endswith(".json") and not name.startswith(".")]


def iter_records(out_dir: Path) -> Iterator[Record]:
    """Every readable record, in file-name order (one at a time: any number of sources)."""
    for digest in record_digests(out_dir):
        record = read_record(out_dir, digest)
        if record is not None:
            yield record
