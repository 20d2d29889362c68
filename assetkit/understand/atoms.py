"""The layers of an untagged document gathered into atoms: sets of layers that must move
together whatever their role. Rules, in order:

* the picture stays in the plate: full-canvas layers, bands that span the canvas's width or
  height (and at most 40 % of the other side), large opaque layers without text, adjustment layers;
* a clipped layer stays with the layer it clips to (its clipping base);
* layers of one group whose boxes overlap by half of the smaller are one atom; across groups, two
  non-text layers of comparable size (areas within 4x), not both flat colour, overlapping that
  much are one atom too (a product and its reflection), while a button on a decorative disc is
  not;
* text (a type layer, or a pixel layer whose ink reads as text) lying on a shape or pixel layer
  below it that encloses it is one atom with that panel (a button and its label, a badge disc);
* lines of text set one under the other (sizes within 25 %, the gap under a line height, left
  edges, centres or right edges aligned) are one paragraph;
* text with a rule drawn through it (an old price) joins the text beside it (the new price).

Each atom records the rule that made it, for `inspect`."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from ..geometry import Box
from ..scene import Layer, Scene
from .words import copy_role, name_role

FULL_CANVAS = 0.98
BAND_SPAN = 0.9  # a band spans this much of the canvas's width (or height) ...
BAND_DEPTH = 0.4  # ... and at most this much of the other side
PICTURE_AREA = 0.3  # an opaque layer without text this large (of the canvas) is picture
OVERLAP = 0.5  # of the smaller box: layers that overlap this much move together
COMPARABLE = 4.0  # overlapping shapes of other groups merge only when within this area ratio
LINE_SIZES = 1.25  # the largest ratio of two lines' sizes in one paragraph
LINE_GAP = 1.0  # the largest gap between two lines of a paragraph, in font sizes
ALIGN = 0.5  # edges or centres this close (in font sizes) are aligned
OLD_PRICE_REACH = 1.5  # font sizes: how far a struck-through old price looks for its new price
NEW_PRICE_SIZES = (0.8, 2.5)  # a new price drawn in pixels: this many times the old one's size
FLAT_SPREAD = 6.0  # luminance std under which ink is one flat colour


class Look(Protocol):
    """What understand/ may ask of a layer's pixels (understand/look.py reads the document)."""

    def has_alpha(self, layer: Layer) -> bool: ...

    def is_logo(self, layer: Layer) -> bool: ...

    def raster_text(self, layer: Layer) -> RasterText | None:
        """What a pixel layer's ink says when it reads as text."""
        ...

    def ink(self, layer: Layer) -> Ink | None:
        """Facts about a layer's ink (None: no pixels)."""
        ...

    def encloses(self, panel: Layer, inner: Box) -> bool: ...


class RasterText(NamedTuple):
    """Text in a pixel layer: its line height (px), whether it is baked onto its panel, whether
    a rule is drawn through it (a struck-through old price)."""

    line_height: float
    on_panel: bool = False
    struck: bool = False


@dataclass(frozen=True)
class Ink:
    """A layer's ink: how dark (mean luminance 0..255), how varied (luminance std) and how
    solid (mean alpha over the ink, 0..255) it is."""

    luminance: float
    spread: float
    solidity: float

    @property
    def shadow_like(self) -> bool:
        """Dark and soft: a drop or contact shadow, a reflection's shade."""
        return self.luminance < 90 and self.solidity < 170

    @property
    def flat(self) -> bool:
        """One flat colour: a shape or a panel, not a photographed product."""
        return self.spread < FLAT_SPREAD


@dataclass
class Atom:
    layers: list[Layer]
    rules: list[str] = field(default_factory=list)
    text_px: float | None = None  # smallest text size, document px (None: no text)
    panel: Layer | None = None  # the shape the text lies on
    apparent: float = 0.0  # its largest text's height as seen (for the hierarchy)
    struck: bool = False  # a rule drawn through its text: an old price

    @property
    def box(self) -> Box:
        boxes = [la.bbox for la in self.layers if la.bbox is not None]
        return Box(min(b.x0 for b in boxes), min(b.y0 for b in boxes),
                   max(b.x1 for b in boxes), max(b.y1 for b in boxes))

    @property
    def is_text(self) -> bool:
        return self.text_px is not None

    @property
    def z(self) -> int:
        return min(la.index for la in self.layers)

    @property
    def copy(self) -> str:
        return " ".join(la.text.text for la in self.layers if la.text is not None).strip()


def _on_canvas(layer: Layer, scene: Scene) -> Box | None:
    """The part of a layer's box on the canvas; None when it has none or fills the canvas (a
    picture either way, whatever is printed on it)."""
    canvas = scene.canvas
    inside = None if layer.bbox is None else layer.bbox.intersect(canvas)
    return None if inside is None or inside.area >= FULL_CANVAS * canvas.area else inside


def reads_as_text(layer: Layer, scene: Scene, look: Look) -> bool:
    """Whether a pixel layer is text (its ink reads as text) by the rule units are read with:
    a layer that fills the canvas is a picture."""
    return _on_canvas(layer, scene) is not None and look.raster_text(layer) is not None


def is_picture(layer: Layer, scene: Scene, look: Look) -> bool:
    if layer.kind == "adjustment":
        return True
    inside = _on_canvas(layer, scene)
    if inside is None:
        return True
    canvas = scene.canvas
    if layer.kind == "type" or look.raster_text(layer) is not None:
        return False
    named = name_role(layer.name)
    if named is not None and named[0] == "bg":  # `BG`, `배경`: the designer says it is picture
        return True
    band = (inside.width >= BAND_SPAN * scene.width and inside.height <= BAND_DEPTH * scene.height
            ) or (inside.height >= BAND_SPAN * scene.height
                  and inside.width <= BAND_DEPTH * scene.width)
    opaque = layer.kind in ("pixel", "smartobject") and not look.has_alpha(layer)
    return band or (opaque and inside.area >= PICTURE_AREA * canvas.area)


CAP_HEIGHT = 0.7  # of a type size: how tall its capitals and Hangul syllables look in ink


def apparent_size(layer: Layer, look: Look) -> float:
    """How tall a text layer's largest text looks: type size x CAP_HEIGHT, raster line height."""
    if layer.kind == "type":
        return layer.text.max_size_px * CAP_HEIGHT if layer.text is not None else 0.0
    found = look.raster_text(layer) if layer.kind in ("pixel", "smartobject") else None
    return 0.0 if found is None else found[0]


def largest_text(layer: Layer, look: Look) -> float | None:
    """A text layer's largest type size (document px), or its raster line height."""
    if layer.kind == "type":
        return layer.text.max_size_px if layer.text is not None and layer.text.text.strip() \
            else None
    return text_size(layer, look)


def text_size(layer: Layer, look: Look) -> float | None:
    """A text layer's smallest type size (document px), or its raster line height."""
    if layer.kind == "type":
        if layer.text is None or not layer.text.text.strip():
            return None
        sizes = [r.size_px for r in layer.text.runs if r.text.strip()]
        return min(sizes) if sizes else layer.text.max_size_px
    found = look.raster_text(layer) if layer.kind in ("pixel", "smartobject") else None
    return None if found is None else found[0]


class _Sets:
    """Union-find over atoms."""

    def __init__(self, atoms: list[Atom]) -> None:
        self.parent = list(range(len(atoms)))
        self.atoms = atoms

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, rule: str) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[b] = a
            self.atoms[a].rules.append(rule)

    def merged(self) -> list[Atom]:
        out: dict[int, Atom] = {}
        for i, atom in enumerate(self.atoms):
            root = self.find(i)
            into = out.setdefault(root, Atom([], list(self.atoms[root].rules)))
            into.layers += atom.layers
            sizes = [s for s in (into.text_px, atom.text_px) if s is not None]
            into.text_px = min(sizes) if sizes else None
            into.panel = into.panel or atom.panel
            into.apparent = max(into.apparent, atom.apparent)
            into.struck = into.struck or atom.struck
        for atom in out.values():
            atom.layers.sort(key=lambda la: la.index)
            atom.rules = list(dict.fromkeys(atom.rules))
        return sorted(out.values(), key=lambda a: a.z)


def _leaves(scene: Scene) -> list[Layer]:
    return [la for la in scene.layers if la.visible and la.bbox is not None
            and la.kind not in ("group", "artboard")]


def clip_base(layer: Layer, order: Sequence[Layer]) -> Layer | None:
    """A clipped layer's clipping base: the nearest unclipped layer of `order` (layers bottom
    to top) below it in its group."""
    below = [la for la in order if la.parent == layer.parent and la.index < layer.index
             and not la.clipping]
    return below[-1] if below else None


def gather(scene: Scene, look: Look) -> list[Atom]:
    """The atoms of a scene's visible leaves; the picture layers are in none of them."""
    leaves = _leaves(scene)
    pic_ids: set[int] = set()
    for la in leaves:  # bottom to top: a clipped layer follows its base
        base = clip_base(la, leaves) if la.clipping else None
        if (la.id if base is None else base.id) in pic_ids or (
                base is None and is_picture(la, scene, look)):
            pic_ids.add(la.id)
    atoms = [Atom([la], [], text_size(la, look), _own_panel(la, look),
                  apparent_size(la, look), _struck(la, look))
             for la in leaves if la.id not in pic_ids]
    at = {atom.layers[0].id: i for i, atom in enumerate(atoms)}
    sets = _Sets(atoms)
    for i, atom in enumerate(atoms):
        layer = atom.layers[0]
        base = clip_base(layer, leaves) if layer.clipping else None
        if base is not None and base.id in at:
            sets.join(at[base.id], i, "clipping group")
    _overlaps(atoms, sets, look)
    _panels(atoms, sets, look)
    _paragraphs(atoms, sets)
    _old_prices(atoms, sets)
    return sets.merged()


def _struck(layer: Layer, look: Look) -> bool:
    found = look.raster_text(layer) if layer.kind in ("pixel", "smartobject") else None
    return found is not None and found.struck


def _own_panel(layer: Layer, look: Look) -> Layer | None:
    """A pixel layer with text baked onto its panel is its own panel."""
    found = look.raster_text(layer) if layer.kind in ("pixel", "smartobject") else None
    return layer if found is not None and found.on_panel else None


def _aligned(a: Box, b: Box, size: float) -> bool:
    return min(abs(a.x0 - b.x0), abs(a.x1 - b.x1),
               abs((a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2)) <= ALIGN * size


def _lines_of_one_paragraph(a: Atom, b: Atom) -> bool:
    if a.panel is not None or b.panel is not None or not (a.apparent and b.apparent) \
            or a.struck or b.struck:
        return False
    if max(a.apparent, b.apparent) > LINE_SIZES * min(a.apparent, b.apparent):
        return False
    size = max(a.apparent, b.apparent) / CAP_HEIGHT
    upper, lower = (a.box, b.box) if a.box.y0 <= b.box.y0 else (b.box, a.box)
    gap = lower.y0 - upper.y1
    return -0.2 * size <= gap <= LINE_GAP * size and _aligned(upper, lower, size)


def _new_price(old: Atom, new: Atom) -> bool:
    """Whether `new` can be the price `old` (struck through) was replaced by: copy that reads as
    a price, or text whose copy is unknown (pixels) of a price's size next to an old one."""
    if new.struck or not new.is_text:
        return False
    if new.copy:
        return copy_role(new.copy) == "price"
    return old.apparent * NEW_PRICE_SIZES[0] <= new.apparent <= old.apparent * NEW_PRICE_SIZES[1]


def _old_prices(atoms: list[Atom], sets: _Sets) -> None:
    """A struck-through text (an old price) joins the new price beside it."""
    for i, old in enumerate(atoms):
        if not old.struck:
            continue
        reach = OLD_PRICE_REACH * old.apparent / CAP_HEIGHT
        near = [(old.box.gap(a.box), j) for j, a in enumerate(atoms) if j != i
                and _new_price(old, a)]
        near = [(d, j) for d, j in near if d <= reach]
        if near:
            sets.join(min(near)[1], i, "an old price beside its new price")


def _paragraphs(atoms: list[Atom], sets: _Sets) -> None:
    texts = [(i, a) for i, a in enumerate(atoms) if a.is_text]
    for n, (i, a) in enumerate(texts):
        for j, b in texts[n + 1:]:
            if _lines_of_one_paragraph(a, b):
                sets.join(i, j, "lines of one paragraph")


def _flat(atom: Atom, look: Look) -> bool:
    """Every layer of the atom one flat colour (a shape, a panel, a decoration)."""
    for layer in atom.layers:
        ink = look.ink(layer) if layer.kind in ("pixel", "smartobject") else None
        if ink is not None and not ink.flat:
            return False
    return True


def _overlaps(atoms: list[Atom], sets: _Sets, look: Look) -> None:
    for i, a in enumerate(atoms):
        for j in range(i + 1, len(atoms)):
            b = atoms[j]
            if a.box.overlap(b.box) < OVERLAP:
                continue
            la, lb = a.layers[0], b.layers[0]
            if la.parent is not None and la.parent == lb.parent:
                sets.join(i, j, "overlapping layers of one group")
            elif not a.is_text and not b.is_text and max(a.box.area, b.box.area) <= \
                    COMPARABLE * min(a.box.area, b.box.area) and not (
                        _flat(a, look) and _flat(b, look)):
                sets.join(i, j, "overlapping pictures")


def _panels(atoms: list[Atom], sets: _Sets, look: Look) -> None:
    """Each text atom joins the smallest non-text layer below it that encloses it."""
    for i, text in enumerate(atoms):
        if not text.is_text:
            continue
        box = text.box
        under = [(j, a) for j, a in enumerate(atoms) if not a.is_text and _flat(a, look)
                 and a.layers[0].index < text.layers[0].index
                 and a.box.x0 <= box.x0 + 1 and a.box.y0 <= box.y0 + 1
                 and a.box.x1 >= box.x1 - 1 and a.box.y1 >= box.y1 - 1]
        for j, panel in sorted(under, key=lambda ja: ja[1].box.area):
            if look.encloses(panel.layers[0], box):
                text.panel = panel.layers[0]
                sets.join(j, i, "text on its panel")
                break
