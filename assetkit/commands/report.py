"""`assetkit report OUT`: a build's HTML report (pages, or one file, and a contact sheet) again."""
from __future__ import annotations

import os
from pathlib import Path

from ..model import Campaign
from ..report.regenerate import ReportFiles, Targets, out_dir_of, regenerate
from ..report.web import Lang, settings_for


def _campaign(campaign: Path | None, folder: Path) -> Campaign | None:
    """The campaign (the file `campaign`, or the nearest assetkit.yaml above the folder) whose
    output folder `folder` is."""
    from ..config import find_campaign, load_campaign

    for path in dict.fromkeys(p for p in (campaign, find_campaign(folder)) if p):
        found = load_campaign(path)
        if Path(found.output).resolve() == folder.resolve():
            return found
    return None


def report(path: Path, *, lang: Lang | None = None, single_file: Path | None = None,
           output_file: Path | None = None, png: Path | None = None,
           campaign: Path | None = None) -> ReportFiles:
    """Write the report of the build in `path` (an output folder or its manifest.json) from its
    records: the index (report.html) and every source's page, or one page at `single_file`
    (thumbnails inlined) or `output_file` (images linked); in `lang` (default: the campaign's
    `report_lang`, else the locale), titled with the campaign's name when the folder is the
    output of the campaign (the file `campaign`, else the nearest assetkit.yaml above it)."""
    from ..config import load_catalog
    from ..store.publish import read_head

    folder = out_dir_of(Path(path))
    found = _campaign(campaign, folder)
    head, _ = read_head(folder)
    settings = settings_for(found.name if found else folder.resolve().name,
                            found.report_lang if found else None,
                            head.severity if head else {},
                            load_catalog(found.specs if found else None), os.environ, lang)
    return regenerate(folder, settings, Targets(single_file, output_file, png))
