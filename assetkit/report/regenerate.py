"""`assetkit report`: the HTML report (and optionally a contact-sheet PNG) again, from a manifest."""
from __future__ import annotations

import io
import os
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import UsageError
from ..fsutil import write_atomic
from ..model import Output
from ..store.manifest import MANIFEST_NAME, read_manifest
from .html import render_report


@dataclass(frozen=True)
class ReportFiles:
    """What `report` wrote, and the outputs the manifest lists that are not on disk."""

    html: Path
    png: Path | None
    outputs: int
    findings: int
    missing: tuple[str, ...] = ()


def _relinked(outputs: tuple[Output, ...], out_dir: Path, html_dir: Path) -> list[Output]:
    """Output paths as seen from the report's folder, so thumbnails load wherever it is written."""
    if html_dir.resolve() == out_dir.resolve():
        return list(outputs)
    return [replace(o, path=Path(os.path.relpath(out_dir / o.path, html_dir)).as_posix())
            for o in outputs]


def regenerate(manifest: Path, *, out: Path | None = None, png: Path | None = None,
           title: str | None = None) -> ReportFiles:
    """Write the report of the build whose manifest is `manifest` (the file or its folder):
    HTML at `out` (default: report.html next to the manifest), a contact sheet at `png`."""
    manifest = Path(manifest)
    found = read_manifest(manifest)
    if found is None:
        raise UsageError(f"{manifest}: no {MANIFEST_NAME} here (pass a build folder or its "
                         f"{MANIFEST_NAME})")
    out_dir = manifest if manifest.is_dir() else manifest.parent
    html_path = Path(out) if out else out_dir / "report.html"
    outputs = _relinked(found.outputs, out_dir, html_path.parent)
    text = render_report(outputs, found.findings, title or out_dir.resolve().name)
    write_atomic(html_path, text.encode("utf-8"))
    missing = tuple(o.path for o in found.outputs if not (out_dir / o.path).is_file())
    png_path = None
    if png is not None:
        from .contact import contact_sheet

        present = [o for o in found.outputs if o.path not in missing]
        png_path = Path(png)
        buffer = io.BytesIO()
        contact_sheet(out_dir, present).save(buffer, format="PNG")
        write_atomic(png_path, buffer.getvalue())
    return ReportFiles(html_path, png_path, len(found.outputs), len(found.findings), missing)
