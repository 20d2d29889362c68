"""Recompose path: a source's units (decided in understand/) and background plate, composited once per source, then
placed per slot (each unit resampled once, straight to its target size)."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from PIL import Image, ImageChops

from ..document.pixels import own_message
from ..geometry import Box
from ..layout import LayerRef, Layout, LayoutSource, Placement, UnitInfo
from ..measure.edge_contrast import clear_of, edge_contrast
from ..model import Finding
from ..scene import TEXT_ROLES, Layer, Understood, Unit
from .compositor import Composite, leaves, union_box
from .flatten import opaque
from .legible import TextContrast, legible, source_contrast
from .parts import PLATE, PartDone, SourceParts
from .resample import Resampler, default_backend, lanczos_whole

if TYPE_CHECKING:
    from ..fonts.faces import FontFace  # the text engine (fontTools) loads only when text is set

WHITE = (255, 255, 255)
MASK_ALPHA = 8  # alpha above this counts as a role's pixel
INK = [255 if v > MASK_ALPHA else 0 for v in range(256)]  # alpha -> mask (a lookup table)
RECENT_BYTES = 32 * 2**20  # units at their placed sizes, renders, encodes: kept per source and process
_T = TypeVar("_T")


@dataclass(frozen=True)
class UnitPixels:
    """What the text hook made of a text unit at a slot's size: the pixels (None: resample the
    composite), the faces that set its text, and the factor its stored text pixels were drawn
    at (None: it has none left)."""

    image: Image.Image | None
    faces: tuple[FontFace, ...] = ()
    raster_text: float | None = None
    findings: tuple[Finding, ...] = ()  # about this unit in this slot (fonts.raster-limited)
    notes: tuple[Finding, ...] = ()  # about the source (fonts.fallback-raster of its layers)
    bleed: int = 0  # px of `image` past the unit's box on every side (re-set glyphs reach it)


class Recent:
    """What was made most recently, by key, within `budget` bytes: the least recently used
    is dropped first (a value bigger than the budget alone is not kept)."""

    def __init__(self, budget: int = RECENT_BYTES) -> None:
        self.budget, self.held = budget, 0
        self._kept: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        """The value kept for `key`, or None."""
        if key not in self._kept:
            return None
        self._kept.move_to_end(key)
        return self._kept[key][0]

    def keep(self, key: Hashable, value: _T, nbytes: int) -> _T:
        """`value` kept for `key` (`nbytes` of it counted); returns it."""
        if key in self._kept:
            self.held -= self._kept.pop(key)[1]
        self._kept[key] = (value, nbytes)
        self.held += nbytes
        while self.held > self.budget and self._kept:
            self.held -= self._kept.popitem(last=False)[1][1]
        return value


def image_nbytes(image: Image.Image) -> int:
    """What an image's pixels take in memory (a byte a band), as Recent counts it."""
    return image.width * image.height * len(image.getbands())


@dataclass(frozen=True)
class SourceRender:
    """Per-source pixels: the background plate (canvas size) and one composite per unit, with
    the plate's layers (what the layout accounts for besides the units)."""

    size: tuple[int, int]
    plate: Image.Image | None  # RGB on white, canvas size
    units: dict  # unit id -> Composite
    infos: tuple[UnitInfo, ...]
    findings: tuple[Finding, ...] = ()
    # Text-engine hook (render/text/layer.py TextUnits): (unit, unit box, slot size) -> the text
    # unit at that size (type layers re-set), or None for a unit without text.
    text_pixels: Callable[[Unit, Box, tuple[int, int]], UnitPixels | None] | None = None
    plate_layers: tuple[LayerRef, ...] = ()
    by_id: dict = field(default_factory=dict)  # unit id -> Unit
    # each unit premultiplied ("RGBa") once: Pillow would premultiply the whole unit again for
    # every slot it is resized to (unit id -> image)
    premultiplied: dict = field(default_factory=dict)
    resampler: Resampler = field(default_factory=lambda: Resampler("pillow"))  # the plate's
    # each unit's reduced copies, by factors (resample.lanczos_whole): one per factor, not
    # one per slot (unit id -> {factors: image})
    reduced: dict = field(default_factory=dict)
    # each text unit's edge contrast over its own backdrop in the source (unit id -> measure)
    contrast: dict = field(default_factory=dict, init=False, compare=False, repr=False)
    # Many slots share a size (a 1000x1000 main image on most malls) and their layouts place
    # a unit at the same size, or the same units at the same places: each unit at each size
    # (unit id, size) -> (pixels, what the text hook said), and each render (render_key ->
    # RenderedVariant), made once while they are recent: the same bytes each time.
    # (not init fields: a replace()d render, with another hook or resampler, starts empty)
    sized: Recent = field(default_factory=Recent, init=False, compare=False, repr=False)
    drawn: Recent = field(default_factory=Recent, init=False, compare=False, repr=False)

    @property
    def layout_source(self) -> LayoutSource:
        return LayoutSource(self.infos, self.size, self.plate_layers)


class RoleMasks(Mapping[str, Image.Image]):
    """role -> L image of the slot's size, 255 where that role's placed pixels have alpha above
    MASK_ALPHA. Each mask is drawn when a check first asks for it, from the pieces placed (most
    slots' checks read a few roles, or none)."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self._placed: dict[str, list[tuple[Image.Image, tuple[int, int]]]] = {}
        self._drawn: dict[str, Image.Image] = {}

    def place(self, role: str, piece: Image.Image, at: tuple[int, int]) -> None:
        """`piece` (RGBA, inside the slot) was drawn at `at` for `role`."""
        self._placed.setdefault(role, []).append((piece, at))

    def __getitem__(self, role: str) -> Image.Image:
        if role not in self._drawn:
            mask = Image.new("L", self.size, 0)
            for piece, at in self._placed[role]:
                ink = piece.getchannel("A").point(INK)
                box = (*at, at[0] + ink.width, at[1] + ink.height)
                mask.paste(ImageChops.lighter(mask.crop(box), ink), at)
            self._drawn[role] = mask
        return self._drawn[role]

    def __iter__(self) -> Iterator[str]:
        return iter(self._placed)

    @property
    def nbytes(self) -> int:
        """What these masks hold or may: the pieces placed and a mask per role."""
        placed = sum(image_nbytes(piece) for pieces in self._placed.values()
                     for piece, _ in pieces)
        return placed + len(self._placed) * self.size[0] * self.size[1]

    def __len__(self) -> int:
        return len(self._placed)


@dataclass(frozen=True)
class RenderedVariant:
    image: Image.Image  # RGB, slot size
    masks: RoleMasks  # role -> L image, slot size
    faces: tuple[FontFace, ...] = ()  # the faces that set the variant's text
    raster_text: dict = field(default_factory=dict)  # unit id -> scale of its stored text pixels
    findings: tuple[Finding, ...] = ()  # what the text hook said of this variant's units
    notes: tuple[Finding, ...] = ()  # source-level: type layers drawn from their raster
    contrast: dict = field(default_factory=dict)  # text unit id -> TextContrast


def approximated_findings(parts: Sequence[Composite | PartDone], source: str) -> list[Finding]:
    """render.effect-approximated, once per layer and effect, in the parts' order."""
    seen: dict[tuple[str, str], None] = {}
    for part in parts:
        for layer, what in part.approximated:
            seen[(layer, what)] = None
    return [Finding("render.effect-approximated", "warning",
                    own_message(what) or
                    f"{what} is not drawn exactly (rendered by psd-tools or dropped)",
                    source=source, layer=layer) for layer, what in seen]


def prepare_source(doc, understood: Understood, text_pixels=None,
                   resampler: Resampler | None = None,
                   flat: Callable[[], Image.Image] | None = None) -> SourceRender:
    """Composite the plate and every unit once, here; the plate is Photoshop's own composite
    when no layer was lifted out of it (`flat`: the caller's decoded copy of it, if any)."""
    parts = SourceParts(doc, understood)
    done = [parts.run(i) for i in range(len(parts.parts))]
    return assemble(parts, done, text_pixels, resampler, flat)


def assemble(parts: SourceParts, done: Sequence[PartDone], text_pixels=None,
             resampler: Resampler | None = None,
             flat: Callable[[], Image.Image] | None = None) -> SourceRender:
    """The source's render from its composited parts (`done`: what each part said, in the
    plan's order; their pixels are in the plan's buffer), in any process that holds the plan."""
    understood, scene = parts.understood, parts.scene
    made = dict(zip((p.key for p in parts.parts), zip(parts.parts, done, strict=True),
                    strict=True))
    plate: Image.Image | None
    if parts.stored_plate:  # the stored composite (decoded once: `flat`)
        plate = opaque(flat() if flat is not None else parts.doc.flatten())
    else:  # laid on white by its part: an RGB plate resamples without a premultiply
        plate = parts.image(made[PLATE][0]) if PLATE in made else None
    approximated = [made[PLATE][1]] if PLATE in made else []
    text = set(made[PLATE][1].text) if PLATE in made else set()  # pixels that read as text
    composites, premultiplied, infos = {}, {}, []
    empty: list[Layer] = []  # units with nothing to draw: accounted for with the plate
    for unit in understood.units:
        layers = parts.unit_layers[unit.id]
        if unit.id not in made:
            empty += leaves(scene, layers)
            continue
        part, said = made[unit.id]
        approximated.append(said)
        composites[unit.id] = Composite(parts.image(part), part.box, said.approximated)
        premultiplied[unit.id] = parts.image(part, premultiplied=True)
        members = tuple(LayerRef.of(la, la.text is not None) for la in leaves(scene, layers))
        infos.append(UnitInfo(unit.role, part.box, tuple(la.path_str for la in layers),
                              min(la.index for la in layers), unit.id, unit.text_px, members,
                              unit.text_max))
    markers = set(understood.markers)
    resampler = resampler or Resampler(default_backend())
    if plate is not None and PLATE in made:  # libvips reads the plate in the buffer
        resampler.knows(plate, parts.packed(made[PLATE][0]))
    return SourceRender(scene.size, plate, composites, tuple(infos),
                        tuple(approximated_findings(approximated, scene.source)), text_pixels,
                        (*(LayerRef.of(la, la.text is not None or la.id in text)
                           for la in parts.plate_leaves
                           if la.id not in markers), *(LayerRef.of(la, False) for la in empty)),
                        {u.id: u for u in understood.units}, premultiplied, resampler)


def _background(src: SourceRender, layout: Layout) -> Image.Image:
    """The slot's opaque RGB background: the plate's crop, or white."""
    if layout.background == "plate" and src.plate is not None and layout.bg_crop is not None:
        return src.resampler.resize(src.plate, layout.size, layout.bg_crop.as_tuple())
    return Image.new("RGB", layout.size, WHITE)


def _blend(canvas: Image.Image, piece: Image.Image, at: tuple[int, int]) -> None:
    """`piece` (RGBA) over the opaque RGB `canvas` at `at`, in place: pasted through its own
    alpha, the bytes of Image.alpha_composite over the canvas made RGBA (over an opaque
    backdrop both round (src * a + dst * (255 - a)) / 255 alike: every source, backdrop and
    alpha value is checked by the tests), in one pass, with no conversion or copy."""
    canvas.paste(piece, at, piece)


Sized = tuple[Image.Image, "UnitPixels | None", int]  # pixels, what the hook said, their bleed


def _unit_pixels(src: SourceRender, key: str, part: Composite, size: tuple[int, int]) -> Sized:
    """The unit at `size` (re-set text through the hook when it can, else resampled pixels),
    what the hook said of its text, and how far the pixels reach past the unit's box."""
    unit = src.by_id.get(key)
    text = src.text_pixels(unit, part.box, size) if src.text_pixels and unit else None
    if text is not None and text.image is not None and text.image.size == (
            size[0] + 2 * text.bleed, size[1] + 2 * text.bleed):
        return text.image, text, text.bleed
    premultiplied = src.premultiplied.get(key)
    if premultiplied is None:
        premultiplied = part.image.convert("RGBa")
    image = lanczos_whole(premultiplied, size, src.reduced.setdefault(key, {}))
    return image.convert("RGBA"), text, 0


def _inside(piece: Image.Image, at: tuple[int, int], size: tuple[int, int]
            ) -> tuple[Image.Image | None, tuple[int, int]]:
    """`piece` placed at `at`, cropped to the frame of `size` (None when nothing is inside)."""
    x0, y0 = max(0, at[0]), max(0, at[1])
    x1, y1 = min(size[0], at[0] + piece.width), min(size[1], at[1] + piece.height)
    if x1 <= x0 or y1 <= y0:
        return None, at
    if (x0, y0, x1, y1) == (*at, at[0] + piece.width, at[1] + piece.height):
        return piece, at
    return piece.crop((x0 - at[0], y0 - at[1], x1 - at[0], y1 - at[1])), (x0, y0)


def _unit_at(src: SourceRender, key: str, size: tuple[int, int]) -> Sized:
    """The unit at `size`: as made recently, else made now (and kept)."""
    kept = src.sized.get((key, size))
    if kept is not None:
        return kept
    made = _unit_pixels(src, key, src.units[key], size)
    return src.sized.keep((key, size), made, image_nbytes(made[0]))


def _judged(src: SourceRender, placement: Placement, piece: Image.Image, backdrop: Image.Image
            ) -> TextContrast | None:
    """How a text placement reads over `backdrop` (the slot's pixels under it, before it is
    drawn), beside how its unit read in the source (measured once per unit, its own colours
    screening the backdrop first); None for other roles and units not judged in the source."""
    key = placement.unit or placement.role
    if placement.role not in TEXT_ROLES or key not in src.units:
        return None
    if key not in src.contrast:
        z = {info.key: info.z for info in src.infos}
        src.contrast[key] = source_contrast(src.plate, src.units, z, key, src.size)
    source = src.contrast[key]
    if source is None:  # it carries its own backdrop or contrast: nothing here can take it
        return None
    placed = clear_of(source.ink, backdrop) or edge_contrast(piece, backdrop)
    if placed is None:
        return None
    return TextContrast(placement.role, placement.layers, placed, source)


def _placed(placement: Placement) -> tuple[str, int, int, int, int]:
    """Which unit a placement draws and where, in whole pixels: (key, x0, y0, width, height)."""
    x0, y0 = round(placement.dst.x0), round(placement.dst.y0)
    return (placement.unit or placement.role, x0, y0, max(1, round(placement.dst.x1) - x0),
            max(1, round(placement.dst.y1) - y0))


def render_key(layout: Layout) -> tuple:
    """What render_layout reads of a layout: layouts with equal keys render the same bytes."""
    crop = layout.bg_crop.as_tuple() if layout.bg_crop is not None else None
    return (layout.size, layout.background, crop,
            tuple((p.role, *_placed(p)) for p in layout.placements))


def render_layout(src: SourceRender, layout: Layout) -> RenderedVariant:
    """The slot's pixels and a per-role alpha mask, from the cached per-source composites; a
    layout that renders like a recent one takes its render."""
    key = render_key(layout)
    drawn = src.drawn.get(key)
    if drawn is None:
        drawn = _draw(src, layout)
        src.drawn.keep(key, drawn, image_nbytes(drawn.image) + drawn.masks.nbytes)
    return drawn


def _draw(src: SourceRender, layout: Layout) -> RenderedVariant:
    canvas = _background(src, layout)
    masks = RoleMasks(layout.size)
    faces: dict[FontFace, None] = {}
    raster_text: dict[str, float] = {}
    findings: list[Finding] = []
    notes: list[Finding] = []
    contrast: dict[str, TextContrast] = {}
    drawn: list[tuple[Image.Image, tuple[int, int]]] = []
    for placement in layout.placements:
        key, x0, y0, w, h = _placed(placement)
        piece, text, bleed = _unit_at(src, key, (w, h))
        if text is not None:
            faces.update(dict.fromkeys(text.faces))
            findings += text.findings
            notes += text.notes
            if text.raster_text is not None:
                raster_text[key] = round(text.raster_text, 4)
        inside, at = _inside(piece, (x0 - bleed, y0 - bleed), layout.size)
        if inside is None:
            continue
        judged = _judged(src, placement, inside, canvas.crop((*at, at[0] + inside.width,
                                                               at[1] + inside.height)))
        if judged is not None:
            contrast[key], backed = legible(canvas, (inside, at), judged, drawn)
            findings += [backed] if backed else []
        _blend(canvas, inside, at)
        masks.place(placement.role, inside, at)
        drawn.append((inside, at))
    return RenderedVariant(canvas, masks, tuple(faces), raster_text,
                           tuple(findings), tuple(dict.fromkeys(notes)), contrast)


__all__ = ["Recent", "RenderedVariant", "RoleMasks", "SourceRender", "TextContrast", "UnitPixels",
           "approximated_findings", "assemble", "image_nbytes", "prepare_source", "render_key",
           "render_layout", "union_box"]
