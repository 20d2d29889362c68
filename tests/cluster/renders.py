"""Renders injected into cluster builds (BuildOptions.render), run on the workers: the real
one, counted, and faulty ones chosen by the source's name. Counts and markers are files beside
OUT, so every worker process sees them."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from assetkit.pipeline.results import SourceResult
from assetkit.pipeline.run import build_source
from assetkit.pipeline.source import SourceJob
from assetkit.store.records import records_dir


def log_path(out_dir: Path) -> Path:
    return out_dir.parent / "renders.log"


def rendered(out_dir: Path) -> list[str]:
    """The sources rendered so far, one entry per finished render."""
    path = log_path(out_dir)
    return path.read_text("utf-8").split() if path.is_file() else []


def counted(job: SourceJob) -> SourceResult:
    result = build_source(job)
    with open(log_path(job.out_dir), "a", encoding="utf-8") as log:  # O_APPEND: one write
        log.write(f"{job.stem}\n")
    return result


def slots_sent(job: SourceJob) -> SourceResult:
    """Rendered, logging the slots each target's platform came with (`slots.log` beside OUT)."""
    with open(job.out_dir.parent / "slots.log", "a", encoding="utf-8") as log:
        log.write(" ".join(f"{t.key}:{len(t.platform.slots)}" for t in job.targets) + "\n")
    return counted(job)


def _first_time(job: SourceJob, what: str) -> bool:
    marker = job.out_dir.parent / f"{what}-{job.stem}"
    try:
        marker.touch(exist_ok=False)
    except FileExistsError:
        return False
    return True


def faulty(job: SourceJob) -> SourceResult:
    """`flaky*`: an OSError the first time; `dies-once*`: the worker ends mid-write (its temp
    file written, not renamed) the first time; `dies*`: every time; others: rendered."""
    if job.stem.startswith("flaky") and _first_time(job, "oserror"):
        raise OSError(5, "transient read error (test)")
    if job.stem.startswith("dies-once") and _first_time(job, "died"):
        os.environ["ASSETKIT_FAULT"] = "after-temp-write"  # this worker process only
    elif job.stem.startswith("dies") and not job.stem.startswith("dies-once"):
        with open(job.out_dir.parent / "deaths.log", "a", encoding="utf-8") as log:
            log.write(f"{job.stem}\n")
        os._exit(1)
    return counted(job)


def cut_record_write(job: SourceJob) -> SourceResult:
    """Rendered, leaving what a record write cut short leaves: its temp file beside the
    records (a worker's death ends the tasks running beside the one that ended it)."""
    folder = records_dir(job.out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f".{job.stem}.json.0123456789ab.tmp").write_bytes(b'{"id":')
    return counted(job)


def slow(job: SourceJob) -> SourceResult:
    """Rendered after 2 s (results arrive one worker-slot at a time)."""
    time.sleep(2)
    return counted(job)


def hang_once(job: SourceJob) -> SourceResult:
    """`hangs*`: the first try never returns (a stuck worker: only a restart frees it)."""
    if job.stem.startswith("hangs") and _first_time(job, "hung"):
        time.sleep(600)
    return counted(job)


def held(job: SourceJob) -> SourceResult:
    """Started (a `started-STEM` marker beside OUT), then rendered once the test creates
    `release` there (at most 60 s later)."""
    (job.out_dir.parent / f"started-{job.stem}").touch()
    deadline = time.monotonic() + 60
    while not (job.out_dir.parent / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return counted(job)


RELEASE = threading.Event()  # set by the test: ends the hangs of an in-process cluster


def hang(job: SourceJob) -> SourceResult:
    """`hangs*`: stuck until the test releases it."""
    if job.stem.startswith("hangs"):
        RELEASE.wait(60)
    return counted(job)


def fake_version() -> None:
    """Run on one worker (Client.run): it now claims another assetkit version."""
    import assetkit

    assetkit.__version__ = "0.0.0-fake"


def fake_code() -> None:
    """Run on one worker (Client.run): its assetkit code now differs, its version does not
    (another checkout of the same version)."""
    from assetkit.cluster import environment

    environment.code_digest = lambda: "0" * 64


def brand_paths_seen(job: SourceJob) -> SourceResult:
    """Rendered, logging the brand's files and the layout file as this worker got them."""
    brand = job.brand
    assert brand is not None
    seen = [*brand.logo.masters, *brand.font_dirs, brand.path, job.layouts]
    with open(job.out_dir.parent / "brand.log", "a", encoding="utf-8") as log:
        log.write("\n".join(str(p) for p in seen) + "\n")
    return counted(job)
