"""`assetkit build`: every platform variant of the sources (the stages are in pipeline/). Its
options are `BuildOptions` and the `DocumentLimits` in them."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..cluster.settings import (
    NO_PROGRESS_TIMEOUT,
    ClusterSettings,
    Scheduler,
    parse_path_map,
    parse_scheduler,
)
from ..document import DocumentLimits
from ..model import Campaign
from ..pipeline import BuildOptions, BuildResult
from ..pipeline import build as run_build
from .campaign import open_campaign

__all__ = ["NO_PROGRESS_TIMEOUT", "BuildOptions", "BuildResult", "ClusterSettings",
           "DocumentLimits", "Scheduler", "build", "parse_path_map", "parse_scheduler"]


def build(sources: Sequence[str | Path] = (), *, campaign: Campaign | Path | None = None, only: Sequence[str] = (), out: Path | None = None,
          jobs: int | None = None, force: bool = False,
          options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build every variant of SOURCES (or the campaign's sources) for every target slot of the
    campaign (loaded, or the path of its file); see the README."""
    campaign, warnings = open_campaign(campaign)
    result = run_build(sources, campaign=campaign, only=only, out=out, jobs=jobs, force=force,
                       options=options)
    return replace(result, warnings=(*warnings, *result.warnings))
