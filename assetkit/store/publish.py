"""What an output folder derives from its records, written in one place: the index's shards
(`.assetkit/index/XX.json`), the manifest's head (`.assetkit/head.json`) and `manifest.json`.
The build (after its commits) and `assetkit manifest rebuild` (from the records alone) both call
`publish`, so what one writes the other re-makes byte for byte.

The head is what a manifest says that no record holds: the assetkit version and font digests of
the run that wrote it, the severity overrides (brand, then campaign) applied to its findings, and
when it was written. It is kept in `.assetkit/` too, so that `.assetkit/` alone (records + head)
re-makes everything else, manifest.json included."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

from .. import __version__
from ..findings import apply_overrides
from ..fsutil import write_atomic
from ..model import Finding, Output, SeverityOverrides
from .index import Index, index_dir
from .manifest import INLINE_MAX, MANIFEST_NAME, ManifestHead, write_manifest
from .records import (
    STORE_DIR,
    Record,
    iter_records,
    read_record,
    record_digests,
    scratch_dir,
)
from .store import OutputStore

if TYPE_CHECKING:
    from .lock import Holder

HEAD_NAME = "head.json"
HEAD_SCHEMA = 2
HeadOrigin = Literal["head.json", "manifest.json", "records"]


@dataclass(frozen=True)
class Listing:
    """What manifest.json lists inline: every output of the records and every finding as
    recorded (before severity overrides), record by record in record-file order (manifest.json
    sorts the outputs by variant_id); both empty above INLINE_MAX outputs."""

    outputs: tuple[Output, ...] = ()
    findings: tuple[Finding, ...] = ()


def listing(out_dir: Path, total: int) -> Listing:
    """The folder's listing, read from its records one at a time; `total`: its number of
    outputs (the index's count), which decides whether they are listed at all."""
    if total > INLINE_MAX:
        return Listing()
    outputs: list[Output] = []
    findings: list[Finding] = []
    for record in iter_records(out_dir):
        outputs += record.outputs
        findings += record.findings
    return Listing(tuple(outputs), tuple(findings))


def shard_counts(index: Index) -> tuple[Mapping[str, object], ...]:
    """The manifest's `shards`: each non-empty shard's name with its sources and outputs."""
    return tuple({"name": name, "sources": len(entries),
                  "outputs": sum(e.outputs for e in entries)}
                 for name, entries in sorted(index.shards().items()))


def streamed(out_dir: Path, severity: SeverityOverrides
             ) -> tuple[Iterator[Output], Iterator[Finding]]:
    """The records' outputs in variant_id order (ties in record-file order, as a stable sort of
    the listing) and their findings with `severity` applied (record-file order), in two passes
    holding one record at a time: this one notes each output's variant id and spools the
    findings to a temp file; the outputs' iterator reads the records again, in order."""
    digests = record_digests(out_dir)
    keys: list[tuple[str, int, int]] = []
    scratch_dir(out_dir).mkdir(parents=True, exist_ok=True)
    spool = tempfile.TemporaryFile(dir=scratch_dir(out_dir))  # a finding's JSON a line
    for n, digest in enumerate(digests):
        record = read_record(out_dir, digest)
        if record is not None:
            keys += ((o.variant_id, n, k) for k, o in enumerate(record.outputs))
            spool.writelines(json.dumps(f.to_dict(), ensure_ascii=False).encode() + b"\n"
                             for f in apply_overrides(record.findings, severity))
    keys.sort()
    return _outputs(out_dir, digests, keys), _spooled(spool)


def _outputs(out_dir: Path, digests: list[str], keys: list[tuple[str, int, int]]
             ) -> Iterator[Output]:
    held: tuple[int, Record | None] = (-1, None)
    for _, n, k in keys:
        if held[0] != n:  # a record's outputs mostly come together: read once
            held = (n, read_record(out_dir, digests[n]))
        if held[1] is not None:
            yield held[1].outputs[k]


def _spooled(spool: IO[bytes]) -> Iterator[Finding]:
    with spool:
        spool.seek(0)
        for line in spool:
            yield Finding.from_dict(json.loads(line))


def publish(out_dir: Path, index: Index, head: ManifestHead, *, everything: bool = False,
            listed: Listing | None = None, now: dt.datetime | None = None) -> Path:
    """Write the index's changed shards (all 256 with `everything`), then the head and
    manifest.json. `head` gives the version, fonts, severity overrides and `created` (""
    means `now`); its counts and shards are taken from `index`. `listed`: the records' listing
    when the caller has read it already; else the records are read as manifest.json is written,
    one at a time (a watcher's batch: its memory does not grow with the folder). Returns
    manifest.json's path."""
    index.flush(everything=everything)
    counts = index.counts()
    created = head.created or (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    head = replace(head, counts=counts, shards=shard_counts(index), created=created)
    write_head(out_dir, head)
    outputs: Iterable[Output] = ()
    findings: Iterable[Finding] = ()
    if listed is not None:
        outputs = sorted(listed.outputs, key=lambda o: o.variant_id)
        findings = apply_overrides(listed.findings, head.severity)
    elif counts["outputs"] <= INLINE_MAX:
        outputs, findings = streamed(out_dir, head.severity)  # outputs first, then findings
    return write_manifest(out_dir, outputs, findings, head, ordered=True)


# ---- the head

def head_path(out_dir: Path) -> Path:
    return out_dir / STORE_DIR / HEAD_NAME


def write_head(out_dir: Path, head: ManifestHead) -> None:
    data = {"schema": HEAD_SCHEMA, "assetkit_version": head.version, "created": head.created,
            "fonts": dict(head.fonts), "severity_overrides": dict(sorted(head.severity.items()))}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write_atomic(head_path(out_dir), text.encode("utf-8"))


def _head_of(data: object) -> ManifestHead:
    if not isinstance(data, dict):
        raise TypeError("not an object")
    return ManifestHead(str(data["assetkit_version"]), dict(data.get("fonts") or {}),
                        severity=dict(data.get("severity_overrides") or {}),
                        created=str(data.get("created") or ""))


def read_head(out_dir: Path) -> tuple[ManifestHead | None, HeadOrigin]:
    """The head of the folder's last manifest: `.assetkit/head.json`, else manifest.json's own
    (a folder written before head.json existed); (None, "records") when neither is readable."""
    places: tuple[tuple[Path, HeadOrigin], ...] = (
        (head_path(out_dir), "head.json"), (out_dir / MANIFEST_NAME, "manifest.json"))
    for path, origin in places:
        try:
            return _head_of(json.loads(path.read_bytes())), origin
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
    return None, "records"


# ---- manifest rebuild

@dataclass(frozen=True)
class Rebuilt:
    """What `rebuild` wrote: manifest.json and the index, with the index's counts, the number
    of shard files, whether the outputs are inline, and where the head came from ("records":
    no head was left, so fonts and overrides are unknown until the next build)."""

    out_dir: Path
    manifest: Path
    index: Path
    counts: Mapping[str, int]
    shards: int
    inline: bool
    head_from: HeadOrigin


def rebuild(out_dir: Path, held: Holder | None = None) -> Rebuilt:
    """Re-make the index (every shard file: the folder is emptied first) and manifest.json from
    the records, keeping the last manifest's head (`read_head`); without one, this assetkit's
    version, no fonts, no overrides, and the newest record's time as `created`. The caller holds
    the folder's lock (`held`: it stops, OutputBusy, before writing if another run took the
    lock over meanwhile). The journal of a run that died is left alone: `check` still names
    the sources it left without a record."""
    head, origin = read_head(out_dir)
    if held is not None:
        held.ensure(str(out_dir))
    if index_dir(out_dir).exists():
        shutil.rmtree(index_dir(out_dir))
    store = OutputStore(out_dir)  # no index folder: re-made from the records
    if head is None:
        newest = max((e.recorded for e in store.index.entries.values()), default=None)
        head = ManifestHead(__version__, created="" if newest is None else _iso(newest))
    if held is not None:  # reading every record can take a while at 10,000 sources
        held.ensure(str(out_dir))
    manifest = publish(out_dir, store.index, head, everything=True)
    counts = store.index.counts()
    return Rebuilt(out_dir, manifest, index_dir(out_dir), counts, len(store.index.shards()),
                   counts["outputs"] <= INLINE_MAX, origin)


def _iso(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat(timespec="seconds")
