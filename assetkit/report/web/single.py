"""One page holding every source, for mailing or a folder elsewhere: thumbnails inlined as data
URIs (`inline=True`), or image paths relative to the page."""
from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from pathlib import Path

from PIL import Image

from ...findings import apply_overrides
from ...model import Output
from ...store.records import Record
from .pages import ReportSettings, rel_link
from .render import render_source
from .views import PageSource, image_paths, source_view

THUMB_BOX = (560, 560)  # two device pixels per CSS pixel of a 280 px card
SLICE_WIDTH = 780  # a detail slice at 390 CSS px


def thumbnail_uri(path: Path, out: Output) -> str:
    """The output scaled down for its card (a slice to the mobile view's width), as a JPEG
    data URI; a missing file gives an empty image."""
    try:
        with Image.open(path) as image:
            rgb = image.convert("RGB")
        if out.slice is not None:
            rgb.thumbnail((SLICE_WIDTH, max(1, out.height * SLICE_WIDTH // out.width)))
        else:
            rgb.thumbnail(THUMB_BOX)
        buffer = io.BytesIO()
        rgb.save(buffer, format="JPEG", quality=80)
    except OSError:
        return "data:,"
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _links(record: Record, out_dir: Path, page_dir: Path, inline: bool) -> dict[str, str]:
    if inline:
        return {path: thumbnail_uri(out_dir / path, o) for path, o in image_paths(record.outputs)}
    return {path: rel_link(out_dir / path, page_dir) for path, _ in image_paths(record.outputs)}


def single_page(records: Iterable[Record], out_dir: Path, page: Path,
                settings: ReportSettings, inline: bool) -> str:
    """Every record's source view on one page written at `page`."""
    views = []
    for record in sorted(records, key=lambda r: r.id):
        source = PageSource(record.id, record.outputs,
                            tuple(apply_overrides(record.findings, settings.severity)),
                            _links(record, out_dir, page.parent, inline))
        views.append(source_view(source, settings.slots, settings.lang))
    return render_source(views, settings.title, settings.lang, None)
