"""A source too large for one page: its outputs in parts, a platform a part (a platform with
more outputs than a page holds in several), and the source's own page an overview of its
findings with a link to each part."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import groupby

from ...model import Output
from .i18n import Lang
from .views import PageSource, SlotView, output_order, platform_name, source_view, status


@dataclass(frozen=True)
class Part:
    """One page of a split source: a platform's outputs (`number` of `of` for that platform)
    and their findings."""

    platform: str
    number: int
    of: int
    page: PageSource

    @property
    def suffix(self) -> str:
        """What its file name adds to the source's: the platform, `-2`... for further parts."""
        return self.platform if self.number == 1 else f"{self.platform}-{self.number}"


def _chunks(outputs: Sequence[Output], limit: int) -> list[list[Output]]:
    """`outputs` in runs of at most `limit`; a detail page's slices stay together (a run of
    one detail page may pass the limit)."""
    chunks: list[list[Output]] = []
    for _, group in groupby(outputs, key=lambda o: o.group or o.variant_id):
        items = list(group)
        if chunks and len(chunks[-1]) + len(items) <= limit:
            chunks[-1] += items
        else:
            chunks.append(items)
    return chunks


def split(page: PageSource, limit: int) -> list[Part]:
    """The parts of `page` when it has more than `limit` outputs, platform by platform, in the
    cards' order; [] when one page holds them."""
    if len(page.outputs) <= limit:
        return []
    parts = []
    for platform, group in groupby(sorted(page.outputs, key=output_order),
                                   key=lambda o: o.platform):
        chunks = _chunks(list(group), limit)
        for k, chunk in enumerate(chunks):
            slots = {o.slot for o in chunk}
            findings = tuple(f for f in page.findings if f.platform == platform
                             and (f.slot is None or f.slot in slots))
            parts.append(Part(platform, k + 1, len(chunks),
                              PageSource(page.id, tuple(chunk), findings, page.links)))
    return parts


def part_view(part: Part, slots: Mapping[str, SlotView], lang: Lang) -> dict:
    """A part's page: its cards, headed by the source and the platform (and k/n)."""
    view = source_view(part.page, slots, lang)
    name = platform_name(part.platform, part.page.outputs[0].slot, slots, lang)
    number = f" ({part.number}/{part.of})" if part.of > 1 else ""
    return {**view, "heading": f"{part.page.id} — {name}{number}", "source_findings": []}


def overview(page: PageSource, parts: Sequence[Part], hrefs: Sequence[str],
             slots: Mapping[str, SlotView], lang: Lang) -> dict:
    """The split source's own page: its findings by code and source findings, and per
    platform a link to each part with its outputs, errors and warnings."""
    view = source_view(replace(page, outputs=()), slots, lang)
    platforms: dict[str, dict] = {}
    for part, href in zip(parts, hrefs, strict=True):
        found = part.page.findings
        entry = platforms.setdefault(part.platform, {
            "id": part.platform, "cards": [], "stacks": [], "parts": [],
            "name": platform_name(part.platform, part.page.outputs[0].slot, slots, lang)})
        entry["parts"].append({
            "href": href, "number": part.number, "of": part.of, "status": status(found),
            "outputs": len(part.page.outputs),
            "errors": sum(f.severity == "error" for f in found),
            "warnings": sum(f.severity == "warning" for f in found)})
    return {**view, "platforms": list(platforms.values()), "outputs": len(page.outputs)}
