"""Platform spec YAML -> PlatformSpec, and the catalog of bundled specs overlaid by a specs dir."""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from ..errors import InvalidConfig
from ..model import (
    CONFIDENCES,
    COVERED_BY,
    FORBIDDABLE,
    FORMATS,
    SLOT_KINDS,
    Alternative,
    Bounds,
    Catalog,
    DetailRule,
    Length,
    PlatformSpec,
    Provenance,
    Slot,
    Zone,
    frozen_map,
)
from . import coded
from . import yamlnodes as s
from .lengths import box, four, length

SLOT_KEYS = (
    "id", "labels", "kind", "size", "bounds", "max_kb", "formats", "colour_space", "background",
    "min_product_fill", "forbid", "overlay_zones", "safe_margin", "min_text_px", "detail",
    "sources", "verified_on", "confidence", "notes", "alternatives", "provenance",
    "coded_text", "forbid_phrases", "require_phrases",
)
# Slot keys a provenance entry may back: a value key, `bounds.<key>`, `detail.<key>` or
# `overlay_zones.<zone name>`.
PROVENANCE_KEYS = (
    "kind", "size", "bounds", "max_kb", "formats", "colour_space", "background",
    "min_product_fill", "forbid", "overlay_zones", "safe_margin", "min_text_px", "detail",
    "alternatives",
)
PROVENANCE_SUBKEYS = {"bounds": ("min", "max", "aspect", "aspect_tolerance"),
                      "detail": ("width", "max_slice_height", "slice_max_kb")}
_URL = re.compile(r"https?://[^\s/]+\.[^\s/]+(/\S*)?")


def _labels(node: s.Node) -> dict[str, str]:
    node.mapping(("en", "ko"))
    return {"en": node.req("en", s.text), "ko": node.req("ko", s.text)}


def _bounds(node: s.Node) -> Bounds:
    node.mapping(("min", "max", "aspect", "aspect_tolerance"))
    return Bounds(
        min=node.get("min", s.size_pair), max=node.get("max", s.size_pair),
        aspect=node.get("aspect", s.aspect),
        aspect_tolerance=node.get("aspect_tolerance", s.fraction, 0.01),
    )


def _zone(node: s.Node) -> Zone:
    node.mapping(("name", "box", "covered_by"))
    if not node.has("box"):
        raise node.error("missing required key 'box'", (*node.key, "box"))
    return Zone(
        name=node.req("name", s.text), box=box(node.child("box")),
        covered_by=node.req("covered_by", s.one_of(*COVERED_BY)),
    )


def _margin(node: s.Node) -> tuple[Length, Length, Length, Length]:
    if isinstance(node.value, list):
        items = node.items()
        if len(items) != 4:
            raise node.error(f"expected [top, right, bottom, left], got {s.describe(node.value)}")
        return four(items)
    return (length(node),) * 4


def _detail(node: s.Node) -> DetailRule:
    node.mapping(("width", "max_slice_height", "slice_max_kb"))
    return DetailRule(
        width=node.req("width", s.positive_int),
        max_slice_height=node.req("max_slice_height", s.positive_int),
        slice_max_kb=node.get("slice_max_kb", s.positive_number),
    )


def _alternative(node: s.Node) -> Alternative:
    node.mapping(("key", "value", "source"))
    return Alternative(key=node.req("key", s.text), value=node.value.get("value"),
                       source=node.get("source", s.text, ""))


def _url(node: s.Node) -> str:
    value = s.text(node)
    if not _URL.fullmatch(value):
        raise node.error(f"expected an http(s) URL, got {s.describe(value)}")
    return value


def _quote(node: s.Node) -> str:
    value = s.text(node).strip()
    if not value:
        raise node.error("expected the sentence quoted from the source, got an empty text")
    return value


def _provenance(node: s.Node) -> Provenance:
    node.mapping(("key", "source", "verified_on", "confidence", "quote"))
    return Provenance(
        key=node.req("key", s.text), source=node.req("source", _url),
        verified_on=node.req("verified_on", s.date),
        confidence=node.req("confidence", s.one_of(*CONFIDENCES)),
        quote=node.req("quote", _quote),
    )


def _check_provenance(node: s.Node, slot: Slot) -> None:
    """Each entry backs a key the slot sets, and its page is one of the slot's sources."""
    if not slot.provenance:
        return
    for item, entry in zip(node.child("provenance").items(), slot.provenance, strict=True):
        key_node = item.child("key")
        field, _, sub = entry.key.partition(".")
        if field not in PROVENANCE_KEYS or (
                sub and field != "overlay_zones" and sub not in PROVENANCE_SUBKEYS.get(field, ())):
            raise key_node.error("expected a slot key such as max_kb, bounds.min or "
                                 f"overlay_zones.<zone name>, got {s.describe(entry.key)}")
        if field == "overlay_zones" and sub:
            if sub not in {z.name for z in slot.overlay_zones}:
                raise key_node.error(f"the slot has no overlay zone named {s.describe(sub)}")
        elif not node.has(field) or (sub and not node.child(field).has(sub)):
            raise key_node.error(f"the slot sets no {s.describe(entry.key)} for this to back")
        if entry.source not in slot.sources:
            raise item.child("source").error(
                f"{s.describe(entry.source)} is not one of the slot's sources")


def read_slot(node: s.Node) -> Slot:
    node.mapping(SLOT_KEYS)
    kind = node.req("kind", s.one_of(*SLOT_KINDS))
    slot = Slot(
        id=node.req("id", s.ascii_id), labels=frozen_map(node.req("labels", _labels)), kind=kind,
        size=node.get("size", s.size_pair), bounds=node.get("bounds", _bounds),
        max_kb=node.req("max_kb", s.positive_number),
        formats=node.req("formats", s.list_of(s.one_of(*FORMATS), non_empty=True)),
        colour_space=node.get("colour_space", s.one_of("srgb", "any"), "srgb"),
        background=node.get("background", s.one_of("any", "white"), "any"),
        min_product_fill=node.get("min_product_fill", s.fraction),
        forbid=node.get("forbid", s.list_of(s.one_of(*FORBIDDABLE)), ()),
        overlay_zones=node.get("overlay_zones", s.list_of(_zone), ()),
        safe_margin=node.get("safe_margin", _margin, (Length(0),) * 4),
        min_text_px=node.get("min_text_px", s.positive_number),
        detail=node.get("detail", _detail),
        sources=node.req("sources", s.list_of(s.text, non_empty=True)),
        verified_on=node.req("verified_on", s.date),
        confidence=node.req("confidence", s.one_of(*CONFIDENCES)),
        notes=node.get("notes", s.text, ""),
        alternatives=node.get("alternatives", s.list_of(_alternative), ()),
        provenance=node.get("provenance", s.list_of(_provenance), ()),
        coded_text=node.get("coded_text", coded.areas, ()), phrases=coded.phrase_rules(node),
    )
    node.settled()
    _check_size_rule(node, slot)
    _check_provenance(node, slot)
    return slot


def _check_size_rule(node: s.Node, slot: Slot) -> None:
    if slot.kind == "detail":
        if slot.detail is None:
            raise node.error("a detail slot needs 'detail' (width, max_slice_height)",
                             (*node.key, "detail"))
    elif (slot.size is None) == (slot.bounds is None):
        raise node.error("give exactly one of 'size' or 'bounds'", (*node.key, "size"))


def _platform_id(node: s.Node) -> str:
    pid = s.ascii_id(node)
    if pid != node.doc.path.stem:
        raise node.error(f"id '{pid}' must equal the file name '{node.doc.path.stem}'")
    return pid


def _slots(node: s.Node) -> tuple[Slot, ...]:
    slots = s.list_of(read_slot, non_empty=True)(node)
    seen: set[str] = set()
    for i, slot in enumerate(slots):
        if slot is None:  # unreadable (validation reads on): already a problem
            continue
        if slot.id in seen:
            raise node.error(f"duplicate slot id '{slot.id}'", (*node.key, i, "id"))
        seen.add(slot.id)
    return slots


def read_spec(doc: s.Document) -> PlatformSpec:
    root = doc.root().mapping(("id", "names", "slots"))
    pid = root.req("id", _platform_id)
    slots = root.req("slots", _slots)
    return PlatformSpec(id=pid, names=frozen_map(root.req("names", _labels)), slots=slots,
                        path=doc.path)


def load_spec(path: Path, warnings: list[str] | None = None) -> PlatformSpec:
    return s.load(path, read_spec, warnings)


def validate_spec(path: Path) -> list[s.Problem]:
    """Every problem of one spec file, errors and warnings, each one line naming file, line and
    key path (`str(problem)`; warnings start `warning: `), in file order. Empty: the file is
    good. What `assetkit specs validate` prints."""
    return s.validate(path, read_spec)


def bundled_specs_dir() -> Path:
    return Path(str(resources.files("assetkit") / "specs"))


def _load_dir(directory: Path, warnings: list[str] | None) -> dict[str, PlatformSpec]:
    if not directory.is_dir():
        raise InvalidConfig(f"{s.display_path(directory)}: specs directory not found")
    files = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    return {spec.id: spec for spec in (load_spec(f, warnings) for f in files)}


def load_catalog(overlay: Path | None = None, warnings: list[str] | None = None) -> Catalog:
    """The bundled specs, with any spec in `overlay` replacing the bundled one of the same id."""
    platforms = _load_dir(bundled_specs_dir(), warnings)
    if overlay is not None:
        platforms.update(_load_dir(Path(overlay), warnings))
    return Catalog(platforms=frozen_map(dict(sorted(platforms.items()))))
