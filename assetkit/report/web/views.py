"""Records in, what the pages show out: cards, detail stacks, finding groups and index rows,
as plain data for the templates (no HTML here, no files read)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from ...geometry import zone_box
from ...model import SEVERITY_RANK, Finding, Length, Output, PlatformSpec, Zone
from .i18n import Lang, title


@dataclass(frozen=True)
class SlotView:
    """What a page needs of a slot spec: its names, kind, zones, safe margin, slice cap."""

    label: Mapping[str, str]
    platform: Mapping[str, str]
    kind: str = ""
    zones: tuple[Zone, ...] = ()
    margin: tuple[Length, Length, Length, Length] = (Length(0),) * 4
    slice_cap: int | None = None


@dataclass(frozen=True)
class PageSource:
    """One source's page input: its record id, page title, outputs and findings (overrides
    applied), each output's path as seen from the page."""

    id: str
    outputs: tuple[Output, ...]
    findings: tuple[Finding, ...]
    links: Mapping[str, str] = field(default_factory=dict)  # output path -> src for the page

    def images(self, out: Output) -> tuple[str, str | None]:
        """The output's image and its coded-text preview (None: none), as the page links them."""
        preview = out.preview and self.links.get(out.preview, out.preview)
        return self.links.get(out.path, out.path), preview or None


def image_paths(outputs: Iterable[Output]) -> Iterator[tuple[str, Output]]:
    """Every image the pages show of `outputs` (each output, then its preview), with its output."""
    for out in outputs:
        yield out.path, out
        if out.preview:
            yield out.preview, out


def _name(names: Mapping[str, str], lang: Lang, fallback: str) -> str:
    return names.get(lang) or names.get("en") or fallback


def finding_rows(findings: Sequence[Finding], lang: Lang) -> list[dict]:
    """Errors first, then warnings, then info; each with its title in `lang`."""
    ordered = sorted(findings, key=lambda f: (-SEVERITY_RANK[f.severity], f.code))
    return [{"severity": f.severity, "code": f.code, "title": title(f.code, lang),
             "message": f.message, "layer": f.layer} for f in ordered]


def code_counts(findings: Sequence[Finding], lang: Lang) -> list[dict]:
    """Findings grouped by code with counts, errors first, then the most frequent."""
    count = Counter((f.severity, f.code) for f in findings)
    ordered = sorted(count.items(), key=lambda kv: (-SEVERITY_RANK[kv[0][0]], -kv[1], kv[0][1]))
    return [{"severity": s, "code": c, "title": title(c, lang), "count": n}
            for (s, c), n in ordered]


def status(findings: Sequence[Finding]) -> str:
    severities = {f.severity for f in findings}
    return "error" if "error" in severities else "warning" if "warning" in severities else "ok"


def px(value: float) -> float | int:
    """A coordinate to a tenth of a pixel, written without `.0` when whole (pages are short)."""
    tenth = round(value, 1)
    return int(tenth) if tenth == int(tenth) else tenth


def _box(values: Sequence[float]) -> dict:
    x0, y0, x1, y1 = values
    return {"x": px(x0), "y": px(y0), "w": px(x1 - x0), "h": px(y1 - y0)}


def unit_boxes(layout: Mapping[str, object] | None) -> list[dict]:
    """Each placed unit's box in output px, by role (from layout.layers, else placements)."""
    if not layout:
        return []
    rows = layout.get("layers") or layout.get("placements") or []
    seen, boxes = set(), []
    for row in rows if isinstance(rows, list) else ():
        unit, role, box = row.get("unit") or row.get("role"), row.get("role"), row.get("box")
        if box is None or role == "bg" or (unit, role) in seen:
            continue
        seen.add((unit, role))
        boxes.append({"role": role, "unit": unit, **_box(box)})
    return boxes


def _mock(covered_by: str, box: dict, size: tuple[int, int]) -> str:
    """How the shopper's view draws a zone: cropped away, the mall's text block, or the
    platform UI it stands for (a bar at the top or bottom, an edge, a badge)."""
    w, h = size
    if covered_by in ("crop", "platform-text"):
        return covered_by
    if box["w"] >= 0.9 * w:
        return "bar-top" if box["y"] <= 1 else "bar-bottom"
    return "edge" if box["h"] >= 0.9 * h else "badge"


def zone_boxes(slot: SlotView | None, size: tuple[int, int]) -> list[dict]:
    """The slot's overlay zones in output px, each with how the shopper's view draws it."""
    found = []
    for z in slot.zones if slot else ():
        box = _box(zone_box(z, size).as_tuple())
        found.append({"name": z.name, "covered_by": z.covered_by,
                      "mock": _mock(z.covered_by, box, size),
                      "font": round(max(8.0, min(box["h"] * 0.3, size[0] * 0.045)), 1), **box})
    return found


def safe_box(slot: SlotView | None, size: tuple[int, int]) -> dict | None:
    """The area inside the safe margin, or None when the slot has none."""
    if slot is None or all(m.value == 0 for m in slot.margin):
        return None
    w, h = size
    top, right, bottom, left = slot.margin  # CSS order, as in the spec
    return _box((left.resolve(w), top.resolve(h), w - right.resolve(w), h - bottom.resolve(h)))


def _findings_of(out: Output, findings: Sequence[Finding]) -> list[Finding]:
    mine = [f for f in findings if f.platform == out.platform and f.slot == out.slot
            and (f.source is None or f.source == out.source)]
    return mine + [f for f in out.findings if f not in mine]


def card(out: Output, findings: Sequence[Finding], slot: SlotView | None, src: str,
         lang: Lang, preview: str | None = None) -> dict:
    """One variant's card: the image, its coded-text `preview` when there is one, its slot
    name, weight against the cap, encoding, findings (errors first), what the toggles draw
    and the layout score when there is one."""
    mine = _findings_of(out, findings)
    size = (out.width, out.height)
    score = (out.layout or {}).get("score")
    return {
        "id": out.variant_id, "src": src, "w": out.width, "h": out.height, "preview": preview,
        "slot": _name(slot.label, lang, out.slot) if slot else out.slot,
        "slot_id": f"{out.platform}/{out.slot}", "lang": out.lang,
        "bytes": out.bytes, "cap": out.max_bytes,
        "share": round(100 * out.bytes / out.max_bytes) if out.max_bytes else 0,
        "format": out.format, "quality": out.encode.get("quality"),
        "findings": finding_rows(mine, lang), "status": status(mine),
        "units": unit_boxes(out.layout), "zones": zone_boxes(slot, size),
        "safe": safe_box(slot, size), "score": score,
        "slice": None if out.slice is None else {"index": out.slice.index + 1,
                                                   "count": out.slice.count,
                                                   "y0": out.slice.y0, "y1": out.slice.y1},
    }


def _platform_key(out: Output) -> str:
    return out.platform


def output_order(out: Output) -> tuple:
    """The order of a page's cards: platform, slot, language, a detail page's slices in turn."""
    return out.platform, out.slot, out.lang or "", out.slice.index if out.slice else 0


def platform_name(platform: str, slot: str, slots: Mapping[str, SlotView], lang: Lang) -> str:
    """The platform's name in `lang`, from the spec of its slot `slot` (else its id)."""
    found = slots.get(f"{platform}/{slot}")
    return _name(found.platform, lang, platform) if found else platform


def source_view(page: PageSource, slots: Mapping[str, SlotView], lang: Lang) -> dict:
    """A source page: its platforms, each with its cards and detail stacks; the findings
    grouped by code; its source-level findings (no slot)."""
    platforms = []
    for platform, group in groupby(sorted(page.outputs, key=output_order), key=_platform_key):
        outs = list(group)
        cards: list[dict] = []
        stacks: dict[str, list[dict]] = {}
        for out in outs:
            slot = slots.get(f"{out.platform}/{out.slot}")
            src, preview = page.images(out)
            made = card(out, page.findings, slot, src, lang, preview)
            if out.slice is not None:
                stacks.setdefault(out.group or out.variant_id, []).append(made)
            else:
                cards.append(made)
        platforms.append({
            "id": platform, "name": platform_name(platform, outs[0].slot, slots, lang),
            "cards": cards, "parts": [], "stacks": [_stack(k, v) for k, v in stacks.items()]})
    loose = [f for f in page.findings if f.platform is None]
    return {"id": page.id, "platforms": platforms, "codes": code_counts(page.findings, lang),
            "source_findings": finding_rows(loose, lang), "outputs": len(page.outputs),
            "errors": sum(f.severity == "error" for f in page.findings),
            "warnings": sum(f.severity == "warning" for f in page.findings)}


def _stack(group: str, slices: list[dict]) -> dict:
    """A detail page: its slices top to bottom with where each cut falls."""
    worst = [s["status"] for s in slices]
    return {"id": group, "slot": slices[0]["slot"], "slices": slices,
            "status": "error" if "error" in worst else "warning" if "warning" in worst else "ok",
            "bytes": sum(s["bytes"] for s in slices), "width": slices[0]["w"]}


@dataclass(frozen=True)
class Summary:
    """What the index keeps of one source's page: counts and its findings by code; the slots
    it shows with the digest of what it shows of their specs (`look`), and its further pages
    when the source is split (paths under OUT)."""

    id: str
    page: str
    outputs: int
    errors: int
    warnings: int
    codes: tuple[tuple[str, str, int], ...] = ()  # (severity, code, count)
    slots: tuple[str, ...] = ()  # PLATFORM/SLOT of every card on its pages
    look: str = ""
    parts: tuple[str, ...] = ()

    @classmethod
    def of(cls, page: PageSource, href: str, look: str = "", parts: Sequence[str] = ()
           ) -> Summary:
        count = Counter((f.severity, f.code) for f in page.findings)
        return cls(page.id, href, len(page.outputs),
                   sum(f.severity == "error" for f in page.findings),
                   sum(f.severity == "warning" for f in page.findings),
                   tuple((s, c, n) for (s, c), n in sorted(count.items())),
                   slot_keys(page.outputs), look, tuple(parts))

    def to_list(self, slot_set: int) -> list:
        """A row of the report's state; `slot_set`: the index of its slots in the state's
        table of slot sets (sources built for the same targets share one)."""
        return [self.id, self.page, self.outputs, self.errors, self.warnings,
                [list(c) for c in self.codes], slot_set, self.look, list(self.parts)]

    @classmethod
    def from_list(cls, row: list, slot_sets: Sequence[Sequence[str]]) -> Summary:
        return cls(row[0], row[1], row[2], row[3], row[4], tuple(tuple(c) for c in row[5]),
                   tuple(slot_sets[row[6]]), row[7], tuple(row[8]))


def slot_keys(outputs: Iterable[Output]) -> tuple[str, ...]:
    """The PLATFORM/SLOT of `outputs`, sorted, once each."""
    return tuple(sorted({f"{o.platform}/{o.slot}" for o in outputs}))


def index_views(summaries: Sequence[Summary], lang: Lang, per_page: int) -> list[dict]:
    """The index, `per_page` sources a page, worst first: each page lists its sources with
    their counts and links; every page carries the totals and the findings by code."""
    total: Counter = Counter()
    for s in summaries:
        for severity, code, n in s.codes:
            total[(severity, code)] += n
    codes = sorted(total.items(), key=lambda kv: (-SEVERITY_RANK[kv[0][0]], -kv[1], kv[0][1]))
    rows = sorted(summaries, key=lambda s: (-s.errors, -s.warnings, s.id))
    head = {"codes": [{"severity": s, "code": c, "title": title(c, lang), "count": n}
                      for (s, c), n in codes],
            "count": len(rows), "outputs": sum(s.outputs for s in summaries),
            "errors": sum(s.errors for s in summaries),
            "warnings": sum(s.warnings for s in summaries)}
    chunks = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    return [{**head, "sources": chunk, "page": k + 1, "pages": len(chunks)}
            for k, chunk in enumerate(chunks)]


def slot_views(platforms: Iterable[PlatformSpec]) -> dict[str, SlotView]:
    """PLATFORM/SLOT -> what the pages show of it, for every slot of `platforms`."""
    return {f"{p.id}/{s.id}": SlotView(s.labels, p.names, s.kind, s.overlay_zones, s.safe_margin,
                                       s.cap_bytes(slice=True) if s.detail else None)
            for p in platforms for s in p.slots}
