"""Layout templates per aspect class, bundled as YAML (assetkit/data/layouts.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..config import source as s
from ..model import frozen_map

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
    regions: dict  # role -> Region (a FrozenMap)


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
    return Region(tuple(box), (anchor[0], anchor[1]))


@dataclass(frozen=True)
class Templates:
    classes: tuple[tuple[str, float], ...]  # (name, min aspect), widest first
    by_class: dict

    def for_aspect(self, aspect: float) -> Template:
        return self.by_class[aspect_class(aspect, self.classes)]


def aspect_class(aspect: float, classes: tuple[tuple[str, float], ...]) -> str:
    for name, minimum in classes:
        if aspect >= minimum:
            return name
    return classes[-1][0]


def read_templates(doc: s.Document) -> Templates:
    root = doc.root().mapping(("classes", "templates"))
    classes = root.req("classes", lambda n: [(k, v.mapping(("min_aspect",)).req(
        "min_aspect", lambda m: float(m.value))) for k, v in n.pairs()])
    classes.sort(key=lambda c: c[1], reverse=True)
    templates = root.req("templates", lambda n: {
        name: Template(name, frozen_map({role: _region(r) for role, r in node.pairs()}))
        for name, node in n.pairs()})
    missing = [name for name, _ in classes if name not in templates]
    if missing:
        raise doc.error(("templates",), f"no template for aspect class {', '.join(missing)}")
    return Templates(tuple(classes), frozen_map(templates))


@cache
def load_templates(path: Path | None = None) -> Templates:
    """The bundled templates, or those of a YAML file in the same format."""
    path = path or Path(str(resources.files("assetkit") / "data" / "layouts.yaml"))
    return read_templates(s.Document.load(path))
