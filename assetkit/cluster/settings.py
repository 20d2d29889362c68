"""How a build reaches its cluster: the scheduler (`local:N` or `tcp://HOST:PORT`), path maps
for workers that mount the shared storage elsewhere, and the stall timeout. Pure: parsed from
the CLI, `ASSETKIT_SCHEDULER` and the campaign's `scheduler:` without importing Dask."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..model import BrandRules

INSTALL = "pip install 'assetkit[cluster]'"
NO_PROGRESS_TIMEOUT = 120.0  # seconds without a result, while tasks are pending, = a stall
RECOVERIES = 2  # stall recoveries (restart, resubmit) before the build fails


@dataclass(frozen=True)
class Scheduler:
    """`local:N` (`workers` = N processes x 1 thread, started for the run) or a running
    scheduler's `address` (tcp://HOST:PORT)."""

    address: str | None = None
    workers: int = 0
    threads: int = 1  # per local worker process (`local:N` has 1; the bench asks for more)

    @property
    def local(self) -> bool:
        return self.address is None

    def __str__(self) -> str:
        return f"local:{self.workers}" if self.local else str(self.address)


def parse_scheduler(text: str) -> Scheduler:
    """`local:4` or `tcp://host:8786`; ValueError naming the expected forms."""
    value = text.strip()
    if match := re.fullmatch(r"local:([1-9][0-9]{0,3})", value):
        return Scheduler(workers=int(match[1]))
    if re.fullmatch(r"(tcp|tls)://[^\s/:]+(:[0-9]{1,5})?", value):
        return Scheduler(address=value)
    raise ValueError(f"scheduler {text!r}: expected local:N (N >= 1) or tcp://HOST:PORT")


@dataclass(frozen=True)
class PathMap:
    """FROM=TO: a path under FROM on the coordinator is under TO on the workers."""

    source: str
    target: str

    def apply(self, path: Path) -> Path | None:
        """`path` on the workers, or None when it is not under FROM."""
        here, base = PurePosixPath(path.as_posix()), PurePosixPath(self.source)
        if here != base and base not in here.parents:
            return None
        return Path(self.target) / here.relative_to(base)


def parse_path_map(text: str) -> PathMap:
    source, eq, target = text.partition("=")
    if not eq or not source.strip() or not target.strip():
        raise ValueError(f"path map {text!r}: expected FROM=TO (two absolute paths)")
    if not (Path(source).is_absolute() and Path(target).is_absolute()):
        raise ValueError(f"path map {text!r}: FROM and TO must be absolute paths")
    return PathMap(source.rstrip("/") or "/", target.rstrip("/") or "/")


def map_path(path: Path, maps: tuple[PathMap, ...]) -> Path:
    """`path` as the workers see it: the first map that applies, else unchanged."""
    for entry in maps:
        mapped = entry.apply(path)
        if mapped is not None:
            return mapped
    return path


def map_brand(brand: BrandRules | None, maps: tuple[PathMap, ...]) -> BrandRules | None:
    """The brand's files (font folders, logo masters, CMYK profile, its own file) as the
    workers see them."""
    if brand is None or not maps:
        return brand
    return replace(brand, font_dirs=tuple(map_path(p, maps) for p in brand.font_dirs),
                   logo=replace(brand.logo,
                                masters=tuple(map_path(p, maps) for p in brand.logo.masters)),
                   colour_profile=map_optional(brand.colour_profile, maps),
                   path=map_optional(brand.path, maps))


def map_optional(path: Path | None, maps: tuple[PathMap, ...]) -> Path | None:
    """`map_path` of a path a setting may leave out."""
    return None if path is None else map_path(path, maps)


@dataclass(frozen=True)
class ClusterSettings:
    """`scheduler`: None = the campaign's `scheduler:` (no scheduler at all: a local build)."""

    scheduler: Scheduler | None = None
    path_maps: tuple[PathMap, ...] = ()
    no_progress_timeout: float = NO_PROGRESS_TIMEOUT
    recoveries: int = RECOVERIES
    keep: bool = False  # a local cluster outlives the build, for the next (watch's batches)
