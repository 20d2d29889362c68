"""The understood document: canvas, artboards and a layer tree with roles and text facts.

Frozen and free of psd_tools: the document reader builds it, layout/render/checks read it."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from .geometry import Box

ROLES = ("bg", "product", "logo", "headline", "sub", "cta", "badge", "legal", "focus")
TEXT_ROLES = ("headline", "sub", "cta", "legal", "badge")


@dataclass(frozen=True)
class TextRun:
    """A stretch of text in one style; sizes are effective pixels after the layer transform."""

    text: str
    font: str
    size_px: float
    colour: tuple[int, int, int, int]  # sRGB + alpha, 0..255
    size_inherited: bool = False  # no explicit FontSize: the stored size is a default
    tracking: float = 0.0
    leading_px: float | None = None  # None = auto leading
    faux_bold: bool = False
    faux_italic: bool = False


@dataclass(frozen=True)
class TextInfo:
    """A type layer's text (NFC; \\r paragraphs, \\x03 forced breaks) and its styling."""

    text: str
    runs: tuple[TextRun, ...]
    justification: str  # left | center | right | justify
    kind: str  # point | paragraph
    box: Box | None  # the text box (paragraph) or bounds (point) in document pixels
    transform: tuple[float, float, float, float, float, float] = (1, 0, 0, 1, 0, 0)

    @property
    def fonts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.font for r in self.runs))

    @property
    def max_size_px(self) -> float:
        return max((r.size_px for r in self.runs), default=0.0)


@dataclass(frozen=True)
class Layer:
    """One layer or group of the document, in document pixel coordinates."""

    id: int
    name: str
    path: tuple[str, ...]  # group names from the root, then the layer's own name
    kind: str  # pixel group type shape smartobject fill adjustment artboard
    visible: bool  # own flag and every parent's
    opacity: float  # 0..1
    fill_opacity: float
    blend_mode: str
    clipping: bool
    bbox: Box | None  # None = empty
    index: int  # z-order, 0 = bottom
    parent: int | None = None  # id of the enclosing group
    has_mask: bool = False
    has_vector_mask: bool = False
    effects: tuple[str, ...] = ()
    effect_reach: int = 0  # px the effects assetkit draws paint beyond bbox
    role: str | None = None
    role_source: str | None = None  # name | rule | heuristic
    text: TextInfo | None = None
    has_pixels: bool = True

    @property
    def path_str(self) -> str:
        return "/".join(self.path)


@dataclass(frozen=True)
class Artboard:
    id: int
    name: str
    box: Box


@dataclass(frozen=True)
class Scene:
    """Canvas, resolution, artboards and the layer tree (bottom to top)."""

    width: int
    height: int
    resolution: float
    colour_mode: str
    depth: int
    layers: tuple[Layer, ...]
    artboards: tuple[Artboard, ...] = ()
    source: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height

    def by_id(self, layer_id: int) -> Layer:
        return next(layer for layer in self.layers if layer.id == layer_id)

    def children(self, group_id: int | None) -> Iterator[Layer]:
        return (layer for layer in self.layers if layer.parent == group_id)

    def with_roles(self, roles: dict[int, tuple[str, str]]) -> Scene:
        """A copy with roles set: {layer id: (role, source)}."""
        layers = tuple(replace(layer, role=roles[layer.id][0], role_source=roles[layer.id][1])
                       if layer.id in roles else layer for layer in self.layers)
        return replace(self, layers=layers)

    def with_role(self, role: str) -> list[Layer]:
        return [layer for layer in self.layers if layer.role == role]
