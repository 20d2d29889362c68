"""Coded-text YAML -> frozen types: a slot's (or a campaign's) `coded_text:` areas, the
campaign's strings per slot or platform, and `forbid_phrases`/`require_phrases` rules; and the
catalog with a campaign's declared or overriding areas laid over the bundled ones."""
from __future__ import annotations

import dataclasses
import re

from ..coded import ALIGNS, SCRIM_DIRECTIONS, WEIGHTS, CodedArea, PhraseRule, PhraseRules, Scrim
from ..model import Campaign, Catalog, Target, frozen_map
from . import yamlnodes as s
from .lengths import box

AREA_KEYS = ("name", "box", "colour", "size_px", "weight", "lines", "max_chars", "align",
             "scrim", "source", "verified_on")


def _scrim(node: s.Node) -> Scrim:
    node.mapping(("opacity", "colour", "direction"))
    return Scrim(opacity=node.req("opacity", s.fraction),
                 colour=node.get("colour", s.hex_colour, (0, 0, 0)),
                 direction=node.get("direction", s.one_of(*SCRIM_DIRECTIONS), "up"))


def area(node: s.Node) -> CodedArea:
    node.mapping(AREA_KEYS)
    found = CodedArea(
        name=node.req("name", s.text), box=node.req("box", box),
        colour=node.get("colour", s.hex_colour, (255, 255, 255)),
        size_px=node.req("size_px", s.positive_number),
        weight=node.get("weight", s.one_of(*WEIGHTS), "regular"),
        lines=node.get("lines", s.positive_int, 1),
        max_chars=node.get("max_chars", s.positive_int),
        align=node.get("align", s.one_of(*ALIGNS), "left"),
        scrim=node.get("scrim", _scrim), source=node.get("source", s.text, ""),
        verified_on=node.get("verified_on", s.date))
    node.settled()
    if found.source and found.verified_on is None:
        raise node.error("an area with a 'source' needs 'verified_on' (YYYY-MM-DD)",
                         (*node.key, "verified_on"))
    return found


def areas(node: s.Node) -> tuple[CodedArea, ...]:
    found = s.list_of(area)(node)
    names = [a.name for a in found if a is not None]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise node.error(f"duplicate coded-text area name '{name}'", (*node.key, i, "name"))
    return found


def _phrase(node: s.Node) -> PhraseRule:
    if not isinstance(node.value, dict):
        return PhraseRule(pattern=s.text(node), reason="")
    node.mapping(("phrase", "regex", "reason", "source", "verified_on"))
    is_regex = node.get("regex", s.boolean, False)
    pattern = node.req("phrase", s.text)
    if is_regex and pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise node.error(f"invalid regular expression: {exc}", (*node.key, "phrase")) from None
    return PhraseRule(pattern=pattern, reason=node.get("reason", s.text, ""), regex=is_regex,
                      source=node.get("source", s.text, ""),
                      verified_on=node.get("verified_on", s.date))


def phrase_rules(node: s.Node) -> PhraseRules:
    """`forbid_phrases:` and `require_phrases:` of a slot or a brand file (`node` holds them)."""
    return PhraseRules(forbid=node.get("forbid_phrases", s.list_of(_phrase), ()),
                       require=node.get("require_phrases", s.list_of(_phrase), ()))


def selector(node: s.Node, key: str) -> str:
    """A target selector (PLATFORM or PLATFORM/SLOT) read at `node`, checked by the one parser."""
    try:
        Target.split(key)
    except ValueError:
        raise node.error(f"expected PLATFORM or PLATFORM/SLOT, got {s.describe(key)}") from None
    return key


def campaign_strings(node: s.Node) -> dict:
    """`coded_text: {SELECTOR: {AREA: "string"}}` (SELECTOR: a platform or PLATFORM/SLOT)."""
    return {selector(child, key): frozen_map(s.str_map(child)) for key, child in node.pairs()}


def campaign_areas(node: s.Node) -> dict:
    """`coded_areas: {PLATFORM/SLOT: [area, ...]}`: declared, or replacing same-named ones."""
    out = {}
    for key, child in node.pairs():
        _, slot = Target.split(selector(child, key))
        if slot is None:
            raise child.error(f"expected PLATFORM/SLOT, got {s.describe(key)}")
        out[key] = areas(child)
    return out


def with_campaign_areas(catalog: Catalog, campaign: Campaign) -> Catalog:
    """The catalog with each campaign-declared area added to its slot, replacing a bundled
    area of the same name (agencies know the slots they book)."""
    if not campaign.coded_areas:
        return catalog
    platforms = dict(catalog.platforms)
    for selector, declared in campaign.coded_areas.items():
        pid, sid = Target.split(selector)
        spec = platforms.get(pid)
        slot = spec.slot(sid or "") if spec else None
        if spec is None or slot is None:
            continue  # an unknown slot is reported where targets are selected
        names = {a.name for a in declared}
        merged = (*(a for a in slot.coded_text if a.name not in names), *declared)
        new_slot = dataclasses.replace(slot, coded_text=merged)
        spec = dataclasses.replace(spec, slots=tuple(new_slot if x.id == sid else x
                                                     for x in spec.slots))
        platforms[pid] = spec
    return Catalog(platforms=frozen_map(platforms))
