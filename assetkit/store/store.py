"""One output folder as a store of committed sources: decide what a run must build (by stat,
by content, per target), commit what it built, prune what is gone. The build holds the
folder's lock around all of it (store/lock.py)."""
from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..fsutil import file_sha256
from ..model import Failure, Finding, Output
from .faults import fault
from .ids import SourceId, source_of
from .index import Entry, Index
from .journal import Journal, read_journal
from .keys import output_key, source_key
from .records import Record, SourceStat, iter_records, read_record, remove_record, write_record

FAILED = "failed"  # the inputs key of an error record: never up to date


@dataclass(frozen=True)
class Decision:
    """What to do with one source: `skip` (its record, whole or its head) when every target is
    up to date; else build, with the sha256 when it is known, the record's outputs of the
    targets still up to date, and the bytes read to decide."""

    sid: SourceId
    stat: SourceStat
    sha256: str | None = None
    skip: Record | None = None
    record: Record | None = None
    previous: Mapping[str, tuple[Output, ...]] = field(default_factory=dict)
    read: int = 0
    restamp: bool = False  # the same bytes at a new stat (a copy): the record is re-stamped
    merge: bool = False  # keep the record's targets this run leaves out (--only)


@dataclass(frozen=True)
class Freshness:
    """How a run decides: `force` rebuilds all, `rehash` reads every source, `verify` stats
    the recorded outputs, `stable_inode` whether the file system keeps inodes."""

    force: bool = False
    rehash: bool = False
    verify: bool = False
    stable_inode: bool = True
    narrowed: bool = False  # --only: targets outside the run are kept, not superseded


def _present(out_dir: Path, outputs: tuple[Output, ...]) -> bool:
    return all((out_dir / o.path).is_file() for o in outputs)


def _by_target(record: Record | None) -> dict[str, tuple[Output, ...]]:
    grouped: dict[str, list[Output]] = {}
    for out in record.outputs if record else ():
        grouped.setdefault(f"{out.platform}/{out.slot}", []).append(out)
    return {k: tuple(v) for k, v in grouped.items()}


class OutputStore:
    """The index of `out_dir`, re-made from the records when the last run died (its journal
    is still there) or the index is gone."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._remade = False
        self.index = Index(out_dir)
        self.died: Journal | None = read_journal(out_dir)
        if self.died is not None or not self.index.exists or self.index.damaged:
            self.recover()

    @property
    def remade(self) -> bool:
        """Whether the index was re-made on opening (every shard is to be rewritten)."""
        return self._remade

    def recover(self) -> int:
        """Re-make the index from the records, finishing the removals a killed run left
        (a tombstone, with no outputs, goes with its files); the number of sources."""
        index = Index(self.out_dir)
        for entry in list(index.entries.values()):
            index.drop(entry.id)
        for record in iter_records(self.out_dir):
            if record.removing:
                _remove(self.out_dir, record.removing)
                if not record.outputs:
                    remove_record(self.out_dir, SourceId(record.id).digest)
                    continue
                record = replace(record, removing=())
                write_record(self.out_dir, SourceId(record.id).digest, record)
            index.put(record)
        self.index = index
        self._remade = True
        return len(index.entries)

    def record(self, sid: SourceId) -> Record | None:
        return read_record(self.out_dir, sid.digest)

    def decide(self, sid: SourceId, path: Path, keys: Mapping[str, str], how: Freshness
               ) -> Decision:
        """`keys`: the run's targets for this source, PLATFORM/SLOT -> target key."""
        stat = SourceStat.of(path)
        entry = self.index.entries.get(sid.id)
        if entry is None:
            return Decision(sid, stat, merge=how.narrowed)
        if how.force:
            return Decision(sid, stat, record=self.record(sid), merge=how.narrowed)
        same_stat = entry.as_record().trusts(stat, how.stable_inode)
        trusted = not how.rehash and same_stat
        sha = entry.sha256 if trusted else file_sha256(path)
        read = 0 if trusted else stat.size
        wanted = {t: output_key(sha, k) for t, k in keys.items()}
        moved = not same_stat and sha == entry.sha256  # --rehash alone re-stamps nothing
        if sha == entry.sha256 and source_key(wanted) == entry.inputs_key and not how.verify:
            return self._skip(sid, stat, entry, read, moved)
        record = self.record(sid)
        if record is None:
            return Decision(sid, stat, sha, read=read, merge=how.narrowed)
        fresh = {t: outs for t, outs in _by_target(record).items() if t in wanted
                 and record.targets.get(t) == wanted[t] and _present(self.out_dir, outs)}
        superseded = not how.narrowed and set(record.targets) - set(wanted)
        if sha == record.sha256 and set(fresh) == set(wanted) and not superseded:
            return Decision(sid, stat, sha, skip=record, record=record, read=read,
                            restamp=moved)
        return Decision(sid, stat, sha, record=record, previous=fresh, read=read,
                        merge=how.narrowed)

    def _skip(self, sid: SourceId, stat: SourceStat, entry: Entry, read: int, moved: bool
              ) -> Decision:
        """Up to date by the index: the record is read only when there are findings to report
        or its stat must be re-stamped."""
        record = self.record(sid) if entry.findings or moved else None
        if record is not None and not moved:  # only its findings are wanted: drop the outputs
            record = replace(entry.as_record(), findings=record.findings)
        return Decision(sid, stat, entry.sha256, skip=record or entry.as_record(),
                        record=record, read=read, restamp=moved)

    def commit(self, decision: Decision, sha: str, built: Mapping[str, str],
               outputs: tuple[Output, ...], findings: tuple[Finding, ...]) -> tuple[str, ...]:
        """Record a built source (see `committed`); the files its previous record listed for
        the rebuilt targets and no longer writes are removed after the commit; their paths
        are returned."""
        record, stale = committed(decision, sha, built, outputs, findings)
        removed = write_commit(self.out_dir, decision.sid, record, stale)
        self.index.put(record)
        return removed

    def take(self, record: Record) -> None:
        """A record another process committed (a cluster worker's `write_commit`)."""
        self.index.put(record)

    def fail(self, decision: Decision, sha: str, failure: Failure) -> None:
        """Record a source that failed to build: the failure as its one error finding, its
        earlier outputs and targets kept (a bad save never removes what was built), and an
        inputs key no run matches, so the next run that includes it tries again."""
        old = decision.record
        finding = Finding("build.failed", "error", failure.message, source=decision.sid.folder)
        record = Record(decision.sid.id, decision.sid.folder, decision.stat, sha, time.time(),
                        FAILED, old.outputs if old else (), (finding,),
                        dict(old.targets) if old else {})
        write_commit(self.out_dir, decision.sid, record, ())
        self.index.put(record)

    def restamp(self, decision: Decision) -> None:
        """A source whose bytes are unchanged at a new stat: its record, re-stamped."""
        if decision.record is not None:
            record = decision.record.restamped(decision.stat)
            write_record(self.out_dir, decision.sid.digest, record)
            self.index.put(record)

    def missing(self, root: Path) -> list[Entry]:
        """Committed sources whose file is gone from the source root."""
        return [e for e in sorted(self.index.entries.values(), key=lambda e: e.id)
                if not (root / source_of(e.id)).is_file()]

    def prune(self, entries: list[Entry]) -> tuple[str, ...]:
        """Remove the outputs and records of `entries`; the removed paths. Each record first
        becomes a tombstone naming the files it goes with (see `recover`)."""
        removed: list[str] = []
        kept = self._claimed_by_others(entries)
        for entry in entries:
            sid = SourceId(entry.id)
            record = self.record(sid)
            if record is not None:
                paths = tuple(p for p in (*(o.path for o in record.outputs), *record.removing)
                              if p.casefold() not in kept)
                write_record(self.out_dir, sid.digest,
                             replace(record, outputs=(), targets={}, removing=paths))
                removed += _remove(self.out_dir, paths, halfway=lambda: fault("mid-prune"))
            remove_record(self.out_dir, sid.digest)
            self.index.drop(entry.id)
        return tuple(removed)

    def _claimed_by_others(self, going: list[Entry]) -> set[str]:
        """The output paths (casefolded) that records staying in the folders of `going` list:
        two ids can share a folder (`café.psd` NFD and NFC, `a:b.psd` and `a_b.psd`, a case
        change), and a gone id's paths may now be its successor's files."""
        ids = {e.id for e in going}
        folders = {e.folder.casefold() for e in going}
        return {o.path.casefold() for e in self.index.entries.values()
                if e.id not in ids and e.folder.casefold() in folders
                for o in (self.record(SourceId(e.id)) or e.as_record()).outputs}


def committed(decision: Decision, sha: str, built: Mapping[str, str],
              outputs: tuple[Output, ...], findings: tuple[Finding, ...]
              ) -> tuple[Record, tuple[str, ...]]:
    """The record of a built source: `built` the targets this run made (PLATFORM/SLOT ->
    target key) with their outputs and findings; the record's other targets are kept (--only).
    With it, the files its previous record listed that it no longer writes (stale)."""
    old = decision.record
    keep = {t: k for t, k in (old.targets.items() if old and decision.merge else ())
            if t not in built}
    targets = {**keep, **{t: output_key(sha, k) for t, k in built.items()}}
    kept_outputs = tuple(o for o in (old.outputs if old else ())
                         if f"{o.platform}/{o.slot}" in keep)
    kept_findings = tuple(f for f in (old.findings if old else ())
                          if f.platform is not None and f"{f.platform}/{f.slot}" in keep)
    record = Record(decision.sid.id, decision.sid.folder, decision.stat, sha, time.time(),
                    source_key(targets), (*kept_outputs, *outputs),
                    (*kept_findings, *findings), targets)
    written = {o.path for o in record.outputs}
    stale = tuple(o.path for o in (old.outputs if old else ()) if o.path not in written)
    return record, stale


def write_commit(out_dir: Path, sid: SourceId, record: Record, stale: tuple[str, ...]
                 ) -> tuple[str, ...]:
    """Commit `record` (its outputs are in place); files it supersedes are named in it while
    they are removed, so a process killed midway leaves no file that no record lists
    (`OutputStore.recover` finishes the job). The paths removed."""
    write_record(out_dir, sid.digest, replace(record, removing=stale))
    if not stale:
        return ()
    removed = _remove(out_dir, stale)
    write_record(out_dir, sid.digest, record)
    return removed


def _remove(out_dir: Path, paths: Sequence[str],
            halfway: Callable[[], None] | None = None) -> tuple[str, ...]:
    """Delete these output files (inside `out_dir` only) and the folders that leaves empty;
    `halfway` is called after the first removal (a fault point)."""
    base, removed = out_dir.resolve(), []
    for path in paths:
        target = (out_dir / path).resolve()
        if base not in target.parents:
            continue
        if target.is_file():
            target.unlink()
            removed.append(path)
            if halfway is not None and len(removed) == 1:
                halfway()
        for folder in target.parents:
            if folder == base or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()
    return tuple(removed)

