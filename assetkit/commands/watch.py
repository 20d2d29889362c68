"""`assetkit watch`: the drop-folder service (assetkit/watch/) for a campaign and an output
folder, stopped by SIGTERM or Ctrl-C between sources."""
from __future__ import annotations

import math
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Campaign
from ..pipeline.builder import BuildOptions
from ..pipeline.plan import SOURCE_SUFFIXES
from ..watch.events import WatchEvent, utc_now
from ..watch.observe import FileEvent, reports_closes, watchdog_observer
from ..watch.service import (
    BuildFn,
    Drop,
    Echo,
    Tell,
    WatchWorld,
    _print,
    batch_line,
    run_watch,
)
from ..watch.settle import DEFAULT_SETTLE, Debouncer, is_candidate
from ..watch.signals import stop_on_signals
from .campaign import open_campaign

GLOB_CHARS = "*?["


@dataclass(frozen=True)
class WatchSettings:
    """How the folder is watched: polling every `poll` seconds (None: OS notifications), the
    settle time, whether sources are moved to done/ and failed/ once committed, and the
    worker processes of a batch (None: CPUs; 1: none, the batch runs in the watcher)."""

    poll: float | None = None
    settle: float = DEFAULT_SETTLE
    move: bool = False
    jobs: int | None = None


def default_watch_dir(campaign: Campaign | None) -> Path:
    """The folder of the campaign's first source pattern (`input/*.psd` -> input/), else input/."""
    if campaign is None or not campaign.sources:
        return (campaign.root if campaign else Path.cwd()) / "input"
    pattern = Path(campaign.sources[0]).expanduser()
    path = pattern if pattern.is_absolute() else campaign.root / pattern
    parts = path.parts
    cut = next((i for i, part in enumerate(parts) if any(c in part for c in GLOB_CHARS)), None)
    if cut is not None:
        return Path(*parts[:cut])
    return path.parent if path.suffix.lower() in SOURCE_SUFFIXES else path


def watch_root(folder: Path, campaign: Campaign | None, given: Path | None) -> Path:
    """Where the watcher's source ids start: as given; the campaign's root (its `source_root:`
    or its folder) when the watched folder is inside it, so `watch` and `build` of one
    campaign name sources alike; else the watched folder."""
    if given is not None:
        return given
    if campaign is not None:
        root = (campaign.source_root or campaign.root).resolve()
        if folder.resolve() == root or root in folder.resolve().parents:
            return root
    return folder


def build_fn_for(campaign: Campaign | None, out: Path | None, jobs: int | None = None,
                 options: BuildOptions = BuildOptions()) -> BuildFn:
    """`pipeline.build` of explicit sources (their outputs merge into the manifest), holding
    the lock as `watch`; `tell` hears each source's end."""
    from .. import pipeline
    from ..pipeline.pool import default_start_method

    # Workers must not be forked from a process running an observer thread.
    if options.start_method is None and default_start_method() == "fork":
        options = replace(options, start_method="forkserver")
    options = replace(options, lock_as="watch", list_outputs=False,
                      cluster=replace(options.cluster, keep=True))  # one local cluster

    def build(paths: list[Path], tell: Tell | None = None) -> Any:
        return pipeline.build(paths, campaign=campaign, out=out, jobs=jobs,
                              options=replace(options, on_source=tell))

    return build


def watch(folder: Path | None = None, *, campaign: Campaign | Path | None = None,
          out: Path | None = None, settings: WatchSettings = WatchSettings(),
          echo: Echo = _print, on_event: Callable[[WatchEvent], None] | None = None,
          stop_event: threading.Event | None = None,
          options: BuildOptions = BuildOptions()) -> str | None:
    """Build PSDs in `folder` (default: the campaign's input folder) and those dropped into it
    as they settle, until stopped; the campaign is given loaded or as the path of its file
    (its warnings are echoed). Returns why it stopped: terminate (SIGTERM), interrupt (SIGINT)
    or None (`stop_event`)."""
    campaign, warnings = open_campaign(campaign)
    for warning in warnings:
        echo(f"Warning: {warning}", True)
    if out is None and campaign is None:
        raise UsageError("no assetkit.yaml found: pass -o OUT to say where outputs go")
    out_dir = Path(out) if out is not None else Path(campaign.output) if campaign else Path()
    folder = Path(folder) if folder else default_watch_dir(campaign)
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder to watch")
    poll, settle = settings.poll, settings.settle
    how = f"polling every {poll:g} s" if poll else "OS notifications"
    echo(f"Watching {folder}{os.sep} ({how}; built {settle:g} s after the last change) -> "
         f"{out_dir}{os.sep}, report {out_dir / 'report.html'}. Ctrl-C stops.",
         on_event is not None)
    stop = stop_event or threading.Event()
    world = WatchWorld(observer_factory=watchdog_observer(bool(poll), poll or 1.0), echo=echo,
                       stop_event=stop, on_event=on_event, closes=reports_closes(bool(poll)))
    root = watch_root(folder, campaign, options.source_root)
    # a batch queues behind a designer's build into the same folder (the lock is per batch)
    options = replace(options, source_root=root,
                      wait=math.inf if options.wait is None else options.wait)
    drop = Drop(out_dir.resolve(), root.resolve(), (out_dir,), settings.move)
    with stop_on_signals(stop) as reason:
        try:
            run_watch(folder, build_fn=build_fn_for(campaign, out, settings.jobs, options),
                      world=world, settle=settle, drop=drop)
        finally:
            _close_clusters()
    if on_event is not None:
        on_event(WatchEvent("stopped", utc_now(), reason=reason() or "stop"))
    return reason()


def _close_clusters() -> None:
    """The local cluster the batches shared, if one ran (Dask is loaded only then)."""
    adapter = sys.modules.get("assetkit.cluster.adapter")
    if adapter is not None:
        adapter.close_kept()


__all__ = ["Debouncer", "FileEvent", "WatchSettings", "WatchWorld", "batch_line",
           "build_fn_for", "default_watch_dir", "is_candidate", "run_watch", "watch",
           "watch_root", "watchdog_observer"]
