"""`assetkit report MANIFEST`: a build's HTML report (and contact sheet) again."""
from __future__ import annotations

from pathlib import Path

from ..report.regenerate import ReportFiles, regenerate


def _title(campaign: Path | None, folder: Path) -> str | None:
    """The name of the campaign (the file `campaign`, or the nearest assetkit.yaml above the folder) whose
    output folder the manifest is in."""
    from ..config import find_campaign, load_campaign

    for path in dict.fromkeys(p for p in (campaign, find_campaign(folder)) if p):
        found = load_campaign(path)
        if Path(found.output).resolve() == folder.resolve():
            return found.name
    return None


def report(manifest: Path, *, output_file: Path | None = None, png: Path | None = None,
           campaign: Path | None = None) -> ReportFiles:
    """Write the report of the build whose manifest is `manifest` (the file or its folder) to
    `output_file` (default: report.html next to it), titled with the campaign's name when the
    folder is the output of the campaign (the file `campaign`, else the nearest assetkit.yaml
    above it)."""
    manifest = Path(manifest)
    folder = manifest if manifest.is_dir() else manifest.parent
    return regenerate(manifest, out=output_file, png=png, title=_title(campaign, folder))
