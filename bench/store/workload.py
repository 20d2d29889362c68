"""The store bench's workload: sparse PSD files (a valid 26-byte header, raw all-black pixels,
275 MB each but no disk used), one platform of 65 slots and a campaign building every slot of
every source, written once into the work folder."""
from __future__ import annotations

import hashlib
import json
import os
import struct
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

PLATFORM = "store"
SLOTS = 65
WIDTH, HEIGHT, CHANNELS = 10_000, 9_167, 3  # RGB, 8 bits: 275,010,000 bytes of raw pixels
PER_FOLDER = 100  # sources per folder: d000/s00000.psd ... (ids like a designer's tree)
PAST = 86_400  # files' mtimes are set a day back, so no record is "racy" (git's 2 s rule)
STAMP_AT = 1 << 20  # the offset, in the pixel data, where a changed source gets new bytes


def psd_head(width: int = WIDTH, height: int = HEIGHT, channels: int = CHANNELS) -> bytes:
    """The 26-byte header (8BPS, version 1, 6 reserved, channels, height, width, depth 8, RGB),
    empty colour-mode, resource and layer sections, then raw (uncompressed) image data."""
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, channels, height, width, 8, 3)
    return header + struct.pack(">III", 0, 0, 0) + struct.pack(">H", 0)


def psd_size(width: int = WIDTH, height: int = HEIGHT, channels: int = CHANNELS) -> int:
    return len(psd_head(width, height, channels)) + width * height * channels


def template_sha256(size: int) -> str:
    """The sha256 of one untouched source: its header, then zeros (hashed once, ~1 s)."""
    digest, head = hashlib.sha256(psd_head()), psd_head()
    left, zeros = size - len(head), bytes(1 << 20)
    while left > 0:
        digest.update(zeros[:min(left, len(zeros))])
        left -= len(zeros)
    return digest.hexdigest()


def source_ids(count: int) -> list[str]:
    return [f"d{i // PER_FOLDER:03d}/s{i:05d}.psd" for i in range(count)]


def slot_sizes(count: int = SLOTS) -> list[tuple[int, int]]:
    """`count` distinct slot sizes (65: 120x60 to 1600x1600), squares and common ratios."""
    ratios = ((1, 1), (4, 3), (3, 4), (16, 9), (9, 16), (1200, 628), (4, 5), (2, 1))
    widths = (120, 200, 300, 480, 640, 800, 1000, 1200, 1600, 1920)
    sizes: list[tuple[int, int]] = []
    for w in widths:
        for rw, rh in ratios:
            size = (w, round(w * rh / rw))
            if size[1] <= 2400 and size not in sizes:
                sizes.append(size)
    return sizes[:count]


def spec(count: int = SLOTS) -> dict:
    def slot(w: int, h: int) -> dict:
        return {"id": f"s{w}x{h}", "labels": {"en": f"{w}x{h}", "ko": f"{w}x{h}"},
                "kind": "banner", "size": [w, h], "max_kb": max(50, w * h // 8000),
                "formats": ["jpeg"], "colour_space": "srgb", "background": "any",
                "sources": ["https://example.com/assetkit-bench"], "verified_on": "2026-12-01",
                "confidence": "unverified"}

    return {"id": PLATFORM, "names": {"en": "Store bench", "ko": "저장소 벤치"},
            "slots": [slot(w, h) for w, h in slot_sizes(count)]}


@dataclass(frozen=True)
class Workload:
    work: Path

    @property
    def sources(self) -> Path:
        return self.work / "sources"

    @property
    def out(self) -> Path:
        return self.work / "out"

    @property
    def campaign(self) -> Path:
        return self.work / "assetkit.yaml"

    @property
    def digests(self) -> Path:
        """id -> sha256 of the sources as written: what the injected render "hashes"."""
        return self.work / "digests.json"

    @property
    def params(self) -> Path:
        return self.work / "params.json"

    def write_campaign(self, slots: int = SLOTS) -> None:
        specs = self.work / "specs"
        specs.mkdir(parents=True, exist_ok=True)
        (specs / f"{PLATFORM}.yaml").write_text(yaml.safe_dump(spec(slots), allow_unicode=True),
                                                encoding="utf-8")
        campaign = {"name": "bench-store", "sources": ["sources"], "source_root": "sources",
                    "targets": [PLATFORM], "output": "out", "formats": ["jpeg"],
                    "specs": "specs"}
        self.campaign.write_text(yaml.safe_dump(campaign), encoding="utf-8")

    def write_sources(self, count: int) -> str:
        """`count` sparse sources, mtimes a day back; the sha256 they all share."""
        head, size = psd_head(), psd_size()
        past = time.time_ns() - PAST * 1_000_000_000
        for sid in source_ids(count):
            path = self.sources / sid
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(head)
                handle.truncate(size)  # a hole: no block is allocated for the pixels
            os.utime(path, ns=(past, past))
        sha = template_sha256(size)
        self.digests.write_text(json.dumps({sid: sha for sid in source_ids(count)}),
                                encoding="utf-8")
        return sha

    def change(self, ids: list[str], stamp: int) -> None:
        """New bytes in each of `ids` at the same size (a designer's edit), mtime an hour back
        and distinct from the last one (a copy that keeps mtimes, so never racy)."""
        past = time.time_ns() - 3_600_000_000_000 + stamp
        for sid in ids:
            path = self.sources / sid
            with open(path, "r+b") as handle:
                handle.seek(len(psd_head()) + STAMP_AT)
                handle.write(struct.pack(">QQ", stamp, time.time_ns()))
            os.utime(path, ns=(past, past))


def disk_used(folder: Path) -> int:
    """Bytes of disk the files under `folder` take (allocated blocks, not apparent size)."""
    return sum(e.stat().st_blocks * 512 for e in _files(folder))


def _files(folder: Path):
    pending = [folder]
    while pending:
        for entry in os.scandir(pending.pop()):
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                yield entry


Snapshot = dict[str, tuple[int, int, int]]  # relative path -> size, mtime_ns, inode


def snapshot(folder: Path) -> Snapshot:
    """Every file under `folder` with its stat (what changed between two snapshots was written)."""
    base = len(str(folder)) + 1
    found: Snapshot = {}
    for entry in _files(folder):
        st = entry.stat(follow_symlinks=False)
        found[entry.path[base:]] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return found


LOCK = ".assetkit/lock"


def kind(rel: str) -> str:
    """Which part of the store a path under OUT is."""
    if rel.startswith(".assetkit/index/"):
        return "index"
    if rel.startswith(".assetkit/sources/"):
        return "records"
    if rel in ("manifest.json", "report.html"):
        return rel.partition(".")[0]
    if rel.startswith(".assetkit/report/"):  # the report's other pages (issue 25)
        return "report"
    return "store" if rel.startswith(".assetkit/") else "outputs"


@dataclass(frozen=True)
class Changes:
    """What a phase did to OUT: paths added, changed (size, mtime or inode: a rename) and
    removed, the lock left aside, and the bytes of the added and changed files by kind."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    bytes_by_kind: dict[str, int]
    files_by_kind: dict[str, int]

    @property
    def modified(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


def diff(before: Snapshot, after: Snapshot) -> Changes:
    added = tuple(sorted(p for p in after if p not in before and p != LOCK))
    changed = tuple(sorted(p for p in after if p in before and after[p] != before[p]
                           and p != LOCK))
    removed = tuple(sorted(p for p in before if p not in after and p != LOCK))
    sizes: dict[str, int] = {}
    counts: dict[str, int] = {}
    for path in (*added, *changed):
        sizes[kind(path)] = sizes.get(kind(path), 0) + after[path][0]
        counts[kind(path)] = counts.get(kind(path), 0) + 1
    return Changes(added, changed, removed, sizes, counts)
