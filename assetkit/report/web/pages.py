"""The report's files: `OUT/report.html` (the index) and one page per source under
`OUT/.assetkit/report/sources/`, each rewritten only when its source changed (index pages past
the first: `.assetkit/report/index/2.html`...). What the index needs of
each page is kept in `.assetkit/report/state.json`, so the index is made without re-reading
every record; pages of sources gone from the store are removed."""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from ... import __version__
from ...findings import apply_overrides
from ...fsutil import write_atomic
from ...model import PlatformSpec, SeverityOrOff
from ...store.ids import SourceId, source_of
from ...store.records import STORE_DIR, Record, read_record, scratch_dir
from .i18n import Lang, default_lang
from .parts import overview, part_view, split
from .render import render_index, render_source
from .views import (
    PageSource,
    SlotView,
    Summary,
    image_paths,
    index_views,
    slot_keys,
    slot_views,
    source_view,
)

INDEX_NAME = "report.html"
PAGES_DIR = "report"
STATE_NAME = "state.json"


@dataclass(frozen=True)
class ReportSettings:
    """What every page depends on besides its record: title, language, the severity
    overrides applied to findings, and the slot specs (names, zones, margins)."""

    title: str
    lang: Lang = "en"
    severity: Mapping[str, SeverityOrOff] = field(default_factory=dict)
    slots: Mapping[str, SlotView] = field(default_factory=dict)
    index_rows: int = 500  # sources an index page lists, worst first (then page 2, 3...)
    page_outputs: int = 100  # a source with more outputs is split: a page per platform (part)

    def key(self) -> str:
        """Pages made with another key are all rewritten: another title, language, overrides,
        split or assetkit version. (Not the slots: a build knows only its own targets' specs;
        `look` says which pages a spec change concerns.)"""
        data = [__version__, self.title, self.lang, sorted(self.severity.items()),
                self.page_outputs]
        return hashlib.sha1(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:16]

    def knows(self, slot_keys: Iterable[str]) -> bool:
        """Whether these settings hold the spec of every one of `slot_keys` (PLATFORM/SLOT)."""
        return all(k in self.slots for k in slot_keys)

    def look(self, slot_keys: Iterable[str]) -> str:
        """A digest of what a page shows of the specs of `slot_keys`: names, kind, zones,
        margin, slice cap (a page whose look changed is rewritten)."""
        data = " ".join(self._slot_digests.get(k, "-") for k in slot_keys)
        return hashlib.sha1(data.encode()).hexdigest()[:12]

    @cached_property
    def _slot_digests(self) -> dict[str, str]:
        return {k: hashlib.sha1(repr((k, v)).encode()).hexdigest()[:12]
                for k, v in self.slots.items()}


def settings_for(title: str, configured: str | None, severity: Mapping[str, SeverityOrOff],
                 platforms: Iterable[PlatformSpec], environ: Mapping[str, str],
                 lang: Lang | None = None) -> ReportSettings:
    """A report's settings: `lang`, else the campaign's `report_lang` (`configured`), else the
    locale in `environ`; the slots of `platforms`."""
    return ReportSettings(title, lang or default_lang(configured, environ), dict(severity),
                          slot_views(platforms))


@dataclass(frozen=True)
class PagesWritten:
    """What `write_pages` did: the index, the pages it (re)wrote and removed."""

    index: Path
    written: tuple[Path, ...] = ()
    removed: tuple[Path, ...] = ()
    sources: int = 0
    outputs: int = 0
    findings: int = 0


def report_dir(out_dir: Path) -> Path:
    return out_dir / STORE_DIR / PAGES_DIR


def pages_dir(out_dir: Path) -> Path:
    """Where the sources' pages are."""
    return report_dir(out_dir) / "sources"


def page_name(record_id: str) -> str:
    """A source's page: its output folder, `@lang` for a localized record, `.html`."""
    source = source_of(record_id)
    lang = record_id[len(source) + 1:] if source != record_id else ""
    return f"{SourceId(source).folder}{'@' + lang if lang else ''}.html"


def rel_link(target: Path, start: Path) -> str:
    """`target` as a link from a page in `start`."""
    return PurePosixPath(Path(os.path.relpath(target, start)).as_posix()).as_posix()


def page_source(record: Record, out_dir: Path, page_dir: Path,
                severity: Mapping[str, SeverityOrOff]) -> PageSource:
    """A record as its page shows it: overrides applied, images linked from `page_dir`."""
    up = rel_link(out_dir, page_dir)  # every image is under OUT: one relpath a page
    links = {path: f"{up}/{path}" for path, _ in image_paths(record.outputs)}
    return PageSource(record.id, record.outputs, tuple(apply_overrides(record.findings, severity)),
                      links)


def _read_state(out_dir: Path) -> tuple[str, dict[str, Summary]]:
    try:
        data = json.loads((report_dir(out_dir) / STATE_NAME).read_bytes())
        sets = data["slot_sets"]
        return data["key"], {row[0]: Summary.from_list(row, sets) for row in data["sources"]}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return "", {}


def _state(key: str, rows: Iterable[Summary]) -> str:
    """state.json: the settings' key, each page's summary; the slot sets they share."""
    sets: dict[tuple[str, ...], int] = {}
    sources = [s.to_list(sets.setdefault(s.slots, len(sets))) for s in rows]
    data = {"key": key, "slot_sets": [list(k) for k in sets], "sources": sources}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _restyled(known: Mapping[str, Summary], settings: ReportSettings) -> set[str]:
    """The pages whose slots' specs now read otherwise than when they were written (a slot
    these settings do not hold, as in a build of other targets, is taken as unchanged)."""
    looks: dict[tuple[str, ...], str | None] = {}
    for slots in {s.slots for s in known.values()}:
        looks[slots] = settings.look(slots) if settings.knows(slots) else None
    return {i for i, s in known.items() if looks[s.slots] not in (None, s.look)}


def _write(path: Path, text: str, out_dir: Path) -> list[Path]:
    """Write `text` at `path` unless the file holds it already: [path] when written, else []
    (an index page whose rows and totals did not move stays as it is)."""
    data = text.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return []
    except OSError:
        pass
    write_atomic(path, data, scratch_dir(out_dir))
    return [path]


Reader = Callable[[str], Record | None]  # a record by its id


def _page(out_dir: Path, record_id: str, settings: ReportSettings, read: Reader
          ) -> tuple[Summary | None, list[Path]]:
    """Write one source's page from its record (split in parts past `page_outputs`): its
    summary (None: no readable record) and the files written (those that changed)."""
    record = read(record_id)
    if record is None:
        return None, []
    path = pages_dir(out_dir) / page_name(record_id)
    page = page_source(record, out_dir, path.parent, settings.severity)
    home = rel_link(out_dir / INDEX_NAME, path.parent)
    parts = split(page, settings.page_outputs)
    files = [path.with_name(f"{path.stem}~{part.suffix}.html") for part in parts]
    written = []
    for part, file in zip(parts, files, strict=True):
        view = part_view(part, settings.slots, settings.lang)
        written += _write(file, render_source([view], settings.title, settings.lang, home,
                                              path.name), out_dir)
    view = (overview(page, parts, [f.name for f in files], settings.slots, settings.lang)
            if parts else source_view(page, settings.slots, settings.lang))
    written += _write(path, render_source([view], settings.title, settings.lang, home), out_dir)
    return Summary.of(page, rel_link(path, out_dir), settings.look(slot_keys(page.outputs)),
                      [rel_link(f, out_dir) for f in files]), written


def index_path(out_dir: Path, number: int) -> Path:
    """Index page `number`: report.html, then .assetkit/report/index/2.html, ..."""
    return out_dir / INDEX_NAME if number == 1 else report_dir(out_dir) / "index" / f"{number}.html"


def _write_index(out_dir: Path, rows: list[Summary], settings: ReportSettings) -> list[Path]:
    """Every index page (a page more or less than last time: the extra ones removed)."""
    views = index_views(rows, settings.lang, settings.index_rows)
    written, wanted = [], []
    for view in views:
        path = index_path(out_dir, view["page"])
        pager = [(n, rel_link(index_path(out_dir, n), path.parent))
                 for n in range(1, view["pages"] + 1)] if view["pages"] > 1 else []
        prefix = "" if view["page"] == 1 else rel_link(out_dir, path.parent) + "/"
        wanted.append(path)
        written += _write(path, render_index(view, prefix, pager, settings.title,
                                             settings.lang), out_dir)
    for stale in (report_dir(out_dir) / "index").glob("*.html"):
        if stale not in wanted:
            stale.unlink()
    return written


def write_pages(out_dir: Path, ids: Iterable[str], changed: Collection[str] | None,
                settings: ReportSettings, read: Reader | None = None) -> PagesWritten:
    """Bring the report of `out_dir` up to date with its records: `ids` every committed record,
    `changed` those whose record this run wrote (None: all); `read` gives a record by its id
    (default: the folder's record files). A page is written when its source changed, has no
    page yet, the settings did or the specs of its slots did; the index when any page was
    written or removed. Nothing changed: nothing is written."""
    out_dir, present = Path(out_dir), set(ids)
    read = read or (lambda record_id: read_record(out_dir, SourceId(record_id).digest))
    key, known = _read_state(out_dir)
    everything = changed is None or key != settings.key()
    summaries = {i: s for i, s in known.items() if i in present}
    fresh = set(changed or ()) | _restyled(summaries, settings)
    todo = sorted(i for i in present if everything or i in fresh or i not in known)
    written: list[Path] = []
    removed: list[Path] = []
    for record_id in todo:
        summary, files = _page(out_dir, record_id, settings, read)
        old = summaries.pop(record_id, None)
        written += files
        if summary is not None:
            summaries[record_id] = summary
            removed += [out_dir / p for p in old.parts if p not in summary.parts] if old else []
    for gone in (s for i, s in known.items() if i not in present):
        removed += [out_dir / p for p in (gone.page, *gone.parts)]
    kept = {out_dir / s.page for s in summaries.values()}
    kept |= {out_dir / p for s in summaries.values() for p in s.parts}
    removed = [p for p in removed if p not in kept]  # a name taken by another (v1 adopted)
    for path in removed:
        path.unlink(missing_ok=True)
    index = out_dir / INDEX_NAME
    if todo or removed or everything or not index.is_file():
        rows = [summaries[i] for i in sorted(summaries)]
        written += _write_index(out_dir, rows, settings)
        _write(report_dir(out_dir) / STATE_NAME, _state(settings.key(), rows), out_dir)
    rows = list(summaries.values())
    return PagesWritten(index, tuple(written), tuple(removed), len(rows),
                        sum(s.outputs for s in rows), sum(sum(c[2] for c in s.codes) for s in rows))
