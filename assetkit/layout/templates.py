"""Layout templates per aspect class, bundled as YAML (assetkit/data/layouts.yaml)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..config import yamlnodes as s
from ..model import frozen_map

# The roles a template gives a region (the background plate and the focus marker have none).
PLACED_ROLES = ("product", "logo", "headline", "sub", "cta", "badge", "price", "legal", "other")
ANCHORS_X = ("left", "center", "right")
ANCHORS_Y = ("top", "middle", "bottom")


@dataclass(frozen=True)
class Region:
    """Where a role goes: a fraction box of the usable area, and how it sits inside it."""

    box: tuple[float, float, float, float]
    anchor: tuple[str, str] = ("center", "middle")


@dataclass(frozen=True)
class Template:
    name: str
    regions: Mapping[str, Region]  # role -> Region (a FrozenMap)


def _region(node: s.Node) -> Region:
    node.mapping(("region", "anchor"))
    box = node.req("region", s.list_of(s.fraction))
    if len(box) != 4:
        raise node.error(f"expected [x, y, w, h] fractions, got {s.describe(list(box))}",
                         (*node.key, "region"))
    anchor = node.get("anchor", s.list_of(s.text), ("center", "middle"))
    if len(anchor) != 2 or anchor[0] not in ANCHORS_X or anchor[1] not in ANCHORS_Y:
        raise node.error(f"expected [left|center|right, top|middle|bottom], got {list(anchor)}",
                         (*node.key, "anchor"))
    x, y, w, h = box
    return Region((x, y, w, h), (anchor[0], anchor[1]))


@dataclass(frozen=True)
class Templates:
    classes: tuple[tuple[str, float], ...]  # (name, min aspect), widest first
    by_class: Mapping[str, Template]
    # "platform/slot" -> {role: Region}, overriding the class template
    by_slot: Mapping[str, Mapping[str, Region]] | None = None

    def for_aspect(self, aspect: float) -> Template:
        return self.by_class[aspect_class(aspect, self.classes)]

    def for_slot(self, key: str, aspect: float) -> Template:
        base = self.for_aspect(aspect)
        extra = (self.by_slot or {}).get(key)
        if not extra:
            return base
        return Template(f"{base.name}+{key}", frozen_map({**base.regions, **extra}))


def aspect_class(aspect: float, classes: tuple[tuple[str, float], ...]) -> str:
    for name, minimum in classes:
        if aspect >= minimum:
            return name
    return classes[-1][0]


def _roles(node: s.Node) -> dict[str, Region]:
    return {role: _region(r) for role, r in node.mapping(PLACED_ROLES).pairs()}


def read_templates(doc: s.Document, base: Templates | None = None) -> Templates:
    """Templates from YAML; with `base`, every key is optional and overrides the base per
    aspect class and role, and `slots:` overrides single slots ("platform/slot": {role: ...})."""
    root = doc.root().mapping(("classes", "templates", "slots"))
    read = root.get if base else root.req
    classes = read("classes", lambda n: [(k, v.mapping(("min_aspect",)).req(
        "min_aspect", lambda m: float(m.value))) for k, v in n.pairs()])
    classes = sorted(classes or (base.classes if base else ()), key=lambda c: c[1], reverse=True)
    names = [name for name, _ in classes]
    given = read("templates", lambda n: {name: _roles(node)
                                         for name, node in n.mapping(names).pairs()}) or {}
    merged: dict[str, Template] = {}
    for name, _ in classes:
        regions: dict[str, Region] = dict(base.by_class[name].regions) if base and name in base.by_class else {}
        regions.update(given.get(name, {}))
        if not regions:
            raise doc.error(("templates",), f"no template for aspect class {name}")
        merged[name] = Template(name, frozen_map(regions))
    slots = {**((base.by_slot or {}) if base else {}),
             **(root.get("slots", lambda n: {k: _roles(v) for k, v in n.pairs()}) or {})}
    return Templates(tuple(classes), frozen_map(merged), frozen_map(slots))


def bundled_templates_path() -> Path:
    return Path(str(resources.files("assetkit") / "data" / "layouts.yaml"))


@cache
def _load(path: Path | None, mtime_ns: int) -> tuple[Templates, tuple[str, ...]]:
    said: list[str] = []
    bundled = s.load(bundled_templates_path(), read_templates, said)
    if path is None:
        return bundled, tuple(said)
    return s.load(path, lambda doc: read_templates(doc, bundled), said), tuple(said)


def load_templates(path: Path | None = None, warnings: list[str] | None = None) -> Templates:
    """The bundled templates, overridden by a campaign's layouts file when given (re-read when
    the file changes); its warnings (unknown keys) go to `warnings` on every call."""
    if path is None:
        templates, said = _load(None, 0)
    else:
        path = Path(path)
        templates, said = _load(path, path.stat().st_mtime_ns if path.exists() else -1)
    if warnings is not None:
        warnings.extend(said)
    return templates
