"""`assetkit report`: the HTML report again from an output folder's records: the index and every
source's page, or one page (`--single-file`, thumbnails inlined; `--output-file`, images linked),
and a contact-sheet PNG."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..findings import apply_overrides
from ..fsutil import write_atomic
from ..store.adopt import legacy_manifest, legacy_records
from ..store.manifest import MANIFEST_NAME, read_manifest
from ..store.records import iter_records, records_dir
from .web import ReportSettings, write_pages
from .web.single import single_page


@dataclass(frozen=True)
class ReportFiles:
    """What `report` wrote (the index or the single page; the pages), and the outputs the
    records list that are not on disk."""

    html: Path
    png: Path | None
    outputs: int
    findings: int
    missing: tuple[str, ...] = ()
    pages: int = 0
    legacy: bool = False  # read from a version-1 manifest.json (no records until adopted)


@dataclass(frozen=True)
class Targets:
    """Where to write: one page at `single` (thumbnails inlined) or `linked` (images by path
    relative to it) instead of the folder's pages; a contact sheet at `png`."""

    single: Path | None = None
    linked: Path | None = None
    png: Path | None = None


def out_dir_of(path: Path) -> Path:
    """The output folder of `path` (the folder itself or its manifest.json); a usage error when
    it holds no build."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    if records_dir(folder).is_dir():  # the report is made of the records: a
        return folder  # manifest.json cut short (a half sync) does not stop it
    if read_manifest(path) is None:
        raise UsageError(f"{path}: no {MANIFEST_NAME} here (pass a build folder or its "
                         f"{MANIFEST_NAME})")
    return folder


def regenerate(path: Path, settings: ReportSettings, where: Targets = Targets()) -> ReportFiles:
    """Write the report of the build in `path` (an output folder or its manifest.json)."""
    out_dir = out_dir_of(path)
    legacy = legacy_manifest(out_dir)  # a version-1 folder: its manifest stands for records
    records = legacy_records(legacy) if legacy is not None else list(iter_records(out_dir))
    outputs = [o for r in records for o in r.outputs]
    missing = tuple(o.path for o in outputs if not (out_dir / o.path).is_file())
    page = where.single or where.linked
    if page is not None:
        text = single_page(records, out_dir, Path(page), settings, inline=where.single is not None)
        write_atomic(Path(page), text.encode("utf-8"))
        html, pages = Path(page), 1
    else:
        by_id = {r.id: r for r in records}
        written = write_pages(out_dir, by_id, None, settings, by_id.get)
        html, pages = written.index, len(written.written)
    png = None
    if where.png is not None:
        from .contact import contact_sheet

        png = Path(where.png)
        buffer = io.BytesIO()
        contact_sheet(out_dir, [o for o in outputs if o.path not in missing]).save(buffer, "PNG")
        write_atomic(png, buffer.getvalue())
    findings = sum(len(apply_overrides(r.findings, settings.severity)) for r in records)
    return ReportFiles(html, png, len(outputs), findings, missing, pages, legacy is not None)
