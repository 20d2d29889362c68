"""The understood document: canvas, artboards and a layer tree with roles and text facts.

Frozen and free of psd_tools: the document reader builds it, layout/render/checks read it."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

from .geometry import Box
from .model import Finding

LayerKind = Literal["pixel", "group", "type", "shape", "smartobject", "fill", "adjustment",
                    "artboard"]
TextKind = Literal["point", "paragraph"]
Justification = Literal["left", "center", "right", "justify"]
ColourMode = Literal["BITMAP", "GRAYSCALE", "INDEXED", "RGB", "CMYK", "MULTICHANNEL", "DUOTONE",
                     "LAB"]  # Photoshop's document colour modes, as psd-tools names them
COLOUR_MODES: tuple[ColourMode, ...] = get_args(ColourMode)
ROLES = ("bg", "product", "logo", "headline", "sub", "cta", "badge", "price", "legal", "other",
         "focus")
TEXT_ROLES = ("headline", "sub", "cta", "legal", "badge", "price")


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
    justification: Justification
    kind: TextKind
    box: Box | None  # the text box (paragraph) or bounds (point) in document pixels
    transform: tuple[float, float, float, float, float, float] = (1, 0, 0, 1, 0, 0)
    warp: str | None = None  # Photoshop's warp style ("warpArc"...): the text is bent

    @property
    def fonts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.font for r in self.runs))

    @property
    def max_size_px(self) -> float:
        return max((r.size_px for r in self.runs), default=0.0)


@dataclass(frozen=True)
class RoleChoice:
    """A layer's role and how it was decided: `rule` is name | rule | heuristic, `why` says which
    tag, campaign rule or heuristic, `confidence` how sure that way of deciding is (0..1)."""

    role: str
    rule: str
    why: str
    confidence: float


@dataclass(frozen=True)
class Layer:
    """One layer or group of the document, in document pixel coordinates."""

    id: int
    name: str
    path: tuple[str, ...]  # group names from the root, then the layer's own name
    kind: LayerKind
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

    @property
    def painted_box(self) -> Box | None:
        """`bbox` with what the layer's effects paint beyond it (None: empty)."""
        return None if self.bbox is None else self.bbox.grown(self.effect_reach)


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
    colour_mode: ColourMode
    depth: int
    layers: tuple[Layer, ...]
    artboards: tuple[Artboard, ...] = ()
    source: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height

    @property
    def canvas(self) -> Box:
        return Box(0, 0, self.width, self.height)

    def by_id(self, layer_id: int) -> Layer:
        return next(layer for layer in self.layers if layer.id == layer_id)

    def ancestors(self, layer: Layer) -> Iterator[Layer]:
        """The groups enclosing `layer`, nearest first."""
        while layer.parent is not None:
            layer = self.by_id(layer.parent)
            yield layer

    def children(self, group_id: int | None) -> Iterator[Layer]:
        return (layer for layer in self.layers if layer.parent == group_id)

    def with_roles(self, roles: Mapping[int, RoleChoice]) -> Scene:
        """A copy with roles set: {layer id: RoleChoice}."""
        layers = tuple(replace(layer, role=roles[layer.id].role, role_source=roles[layer.id].rule)
                       if layer.id in roles else layer for layer in self.layers)
        return replace(self, layers=layers)

    def with_role(self, role: str) -> list[Layer]:
        return [layer for layer in self.layers if layer.role == role]

    def type_layers(self) -> list[Layer]:
        """The visible type layers that have a box (bottom to top)."""
        return [la for la in self.layers
                if la.text is not None and la.visible and la.bbox is not None]

    def board_box(self, layer: Layer) -> Box | None:
        """`layer`'s painted box cut to the artboard it lies in, if any (None: nothing)."""
        box = layer.painted_box
        boards = {a.id: a.box for a in self.artboards}
        for board in (boards[g.id] for g in self.ancestors(layer) if g.id in boards):
            box = None if box is None else box.intersect(board)
        return box


@dataclass(frozen=True)
class Unit:
    """Layers that move together in a layout (a design unit): its id (`headline`, `product-2`),
    role, layers bottom to top (a group stands for its descendants), the rule that made it, how
    sure that rule is (0..1) and its smallest and largest text size in document px (None: no
    text)."""

    id: str
    role: str
    layers: tuple[int, ...]
    rule: str = "tag"
    confidence: float = 1.0
    text_px: float | None = None
    text_max: float | None = None  # its largest text size, document px


@dataclass(frozen=True)
class Understood:
    """What assetkit makes of a document, decided once (understand/) and read by every command:
    the scene with roles set, how each role was decided, the units, the focus marker's point
    (None: the layout measures the background plate), the marker layers that are never drawn,
    and the findings made on the way."""

    scene: Scene
    roles: Mapping[int, RoleChoice]
    units: tuple[Unit, ...]
    focus: tuple[float, float] | None
    markers: tuple[int, ...] = ()
    findings: tuple[Finding, ...] = ()
    # the layers whose pixels understanding read, and the text each holds (None: none)
    read_text: Mapping[int, tuple | None] = field(default_factory=dict)
