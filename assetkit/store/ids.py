"""Stable source ids: a source is known by its POSIX path relative to the source root, whatever
batch, folder or machine it is built from. Its outputs go to the id without the suffix, so
`designerA/banner.psd` and `designerB/banner.psd` never share a folder, and the same campaign
copied elsewhere keeps every id (and so every record and output path)."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import UsageError
from ..pipeline.naming import safe_stem


@dataclass(frozen=True, order=True)
class SourceId:
    """`id`: the POSIX path under the root ("designerA/banner.psd"); `folder`: where its
    outputs go under OUT, the id without the suffix, each part a portable name."""

    id: str

    @property
    def folder(self) -> str:
        path = PurePosixPath(self.id)
        parts = [*path.parent.parts, path.stem] if path.parent.parts else [path.stem]
        return "/".join(safe_stem(p) for p in parts)

    @property
    def stem(self) -> str:
        """The file's own stem, for `{source}` in file names."""
        return safe_stem(PurePosixPath(self.id).stem)

    @property
    def digest(self) -> str:
        """A short hash of the id: the record's file name and the index shard (first 2 hex)."""
        return hashlib.sha1(self.id.encode("utf-8")).hexdigest()[:20]

    @property
    def shard(self) -> str:
        return self.digest[:2]


def source_of(record_id: str) -> str:
    """The source id a record id names: itself, or for a localized record `<id>@<lang>`, the
    part before the language."""
    head, at, _lang = record_id.rpartition("@")
    return head if at and PurePosixPath(head).suffix.lower() in (".psd", ".psb") else record_id


def localized_id(source: str, lang: str) -> str:
    """The record id of a source's slices in one language (see `source_of`)."""
    return f"{source}@{lang}"


def source_id(path: Path, root: Path) -> SourceId:
    """The id of `path` under `root`; a path outside the root is a usage error naming both."""
    full, base = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    try:
        rel = full.relative_to(base)
    except ValueError:
        raise UsageError(f"{path}: outside the source root {base} (set source_root: in "
                         "assetkit.yaml or pass --source-root)") from None
    return SourceId(rel.as_posix())


def source_ids(paths: Iterable[Path], root: Path) -> dict[Path, SourceId]:
    """Each path's id; two sources whose outputs would share a folder (`a/x.psd`, `a/x.psb`)
    are a usage error naming both."""
    ids = {p: source_id(p, root) for p in paths}
    check_folders(ids)
    return ids


def check_folders(ids: Mapping[Path, SourceId]) -> None:
    seen: dict[str, Path] = {}
    for path, sid in ids.items():
        other = seen.setdefault(sid.folder.casefold(), path)
        if other != path:
            raise UsageError(f"{other} and {path} would write the same output folder "
                             f"'{sid.folder}/': rename one of them")


def check_recorded(ids: Mapping[Path, SourceId], recorded: Iterable[str], root: Path) -> None:
    """`check_folders` across runs: a source of this run whose folder a recorded source of
    another id writes (`a:b.psd` then `a_b.psd`) is a usage error naming both, while that
    source is still there and another file (a rename, or a case change on a case-insensitive
    file system, frees the folder)."""
    planned = {sid.folder.casefold(): path for path, sid in ids.items()}
    running = {sid.id for sid in ids.values()}
    for rid in {source_of(r) for r in recorded} - running:
        path = planned.get(SourceId(rid).folder.casefold())
        other = root / rid
        if path is not None and other.is_file() and not os.path.samefile(other, path):
            raise UsageError(f"{other} and {path} would write the same output folder "
                             f"'{SourceId(rid).folder}/': rename one of them")
