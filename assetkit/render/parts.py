"""A source's recompose composites as parts, the plate and each unit: planned once, each part
composited by whichever process runs it into one shared buffer, then read back as images by
every process that holds the plan.

The buffer is an anonymous shared mapping made with the plan: workers forked after it write
their parts into it and the parent (and the workers forked later) read them from it; no
pixel is pickled. Parts are independent (a layer belongs to one part), so they composite in
any order, in any process, to the same bytes."""
from __future__ import annotations

import mmap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from PIL import Image

from ..geometry import Box
from ..scene import Layer, Understood
from .compositor import composite, leaves, union_box
from .flatten import fully_opaque, laid_on

PLATE = ""  # the plate's key (a unit id is never empty)
PACK_MAX = 64 * 2**20  # the encoder's buffer is a C int: a part bigger than this goes in pieces


@dataclass(frozen=True)
class Part:
    """One composite: the plate (its leaves over the canvas, laid on white: RGB) or a unit (its
    layers over their union box: RGBA, then premultiplied RGBa), at `offset` in the buffer."""

    key: str
    layers: tuple[Layer, ...]
    box: Box
    offset: int

    @property
    def size(self) -> tuple[int, int]:
        return int(self.box.width), int(self.box.height)

    @property
    def nbytes(self) -> int:
        return self.size[0] * self.size[1] * (3 if self.key == PLATE else 8)


@dataclass(frozen=True)
class PartDone:
    """What compositing a part said besides its pixels (which are in the buffer); for the
    plate, the focus its process found on it (None: not looked for)."""

    approximated: tuple[tuple[str, str], ...]  # (layer path, what)
    focus: tuple[float, float] | None = None
    text: tuple[int, ...] = ()  # the plate's: its layers that are text as pixels


class SourceParts:
    """The plan: which leaves make the plate, which units have pixels, the parts and their
    buffer. `doc` gives layer pixels (`layer_pixels`, each decoded once): the units' layers
    before workers fork (`leaves_to_decode`), the plate's where the plate is composited."""

    def __init__(self, doc, understood: Understood) -> None:
        self.doc, self.understood = doc, understood
        scene = self.scene = understood.scene
        self.unit_layers = {u.id: [scene.by_id(i) for i in u.layers] for u in understood.units}
        lifted = [*(la for group in self.unit_layers.values() for la in group),
                  *(scene.by_id(i) for i in understood.markers)]
        unit_leaf_ids = {la.id for la in leaves(scene, lifted)}
        self.all_leaves = leaves(scene, [la for la in scene.layers if la.parent is None])
        self.plate_leaves = [la for la in self.all_leaves if la.id not in unit_leaf_ids]
        # the stored composite is the plate when no layer was lifted out of it
        self.stored_plate = len(self.plate_leaves) == len(self.all_leaves)
        parts: list[Part] = []
        offset = 0
        if self.plate_leaves and not self.stored_plate:
            parts.append(Part(PLATE, tuple(self.plate_leaves),
                              scene.canvas, 0))
            offset = parts[0].nbytes
        for unit in understood.units:
            box = union_box(leaves(scene, self.unit_layers[unit.id]))
            if box is None or box.width < 1 or box.height < 1:
                continue  # nothing to draw: accounted for with the plate
            parts.append(Part(unit.id, tuple(self.unit_layers[unit.id]), box, offset))
            offset += parts[-1].nbytes
        self.parts = tuple(parts)
        self.buffer = mmap.mmap(-1, max(1, offset))  # MAP_SHARED: forked workers see it

    def leaves_to_decode(self) -> list[Layer]:
        """Every layer some unit composites (the plate's are read by the plate's part only)."""
        return [la for part in self.parts if part.key != PLATE
                for la in leaves(self.scene, part.layers)]

    def run(self, index: int, look: Callable[[Image.Image], tuple[float, float]] | None = None,
            text: Callable[[Sequence[Layer]], tuple[int, ...]] | None = None) -> PartDone:
        """Composite part `index` into the buffer; `look` finds the focus on the plate (on
        the pixels made here: the buffer would decode a copy), `text` the plate's layers that
        are text as pixels (here, where they are decoded)."""
        part = self.parts[index]
        box = part.box
        # the plate's layers are read by its part alone: its bottom layer becomes the canvas
        made = composite(self.doc, self.scene, part.layers, box, own_first=part.key == PLATE)
        assert made is not None  # the plan kept only parts with a box
        if part.key == PLATE:
            # laid on white; with no transparency the composite's own colour bytes are the
            # plate's (its RGB copy would be one more pass; the focus reads them the same)
            plate = made.image if made.opaque or fully_opaque(made.image) else laid_on(made.image)
            self._put(part.offset, plate, "RGB")
            return PartDone(made.approximated, look(plate) if look is not None else None,
                            text(part.layers) if text is not None else ())
        self._put(part.offset, made.image)
        self._put(part.offset + part.nbytes // 2, made.image.convert("RGBa"))
        return PartDone(made.approximated)

    def _put(self, offset: int, image: Image.Image, raw: str | None = None) -> None:
        """`image.tobytes("raw", raw)` into the buffer at `offset`, packed by the encoder
        tobytes() uses but in pieces of up to PACK_MAX written where they go: tobytes() packs
        64 KiB pieces and joins them, one more copy of every part."""
        raw = raw or image.mode
        size = image.width * image.height * len(raw)  # RGB, RGBA, RGBa: a byte a band
        encoder = Image._getencoder(image.mode, "raw", (raw,))
        encoder.setimage(image.im, (0, 0, *image.size))
        end, status = offset, 0
        while not status:
            _, status, data = encoder.encode(min(max(size, 65536), PACK_MAX))
            self.buffer[end:end + len(data)] = data
            end += len(data)
        if status < 0 or end - offset != size:
            raise RuntimeError(f"packing a part failed (encoder status {status})")

    def packed(self, part: Part) -> memoryview:
        """The plate's pixels as they are in the buffer: packed RGB bytes."""
        assert part.key == PLATE
        return memoryview(self.buffer)[part.offset:part.offset + part.nbytes]

    def image(self, part: Part, premultiplied: bool = False) -> Image.Image:
        """A part's pixels, read from the buffer (no copy): the plate's RGB, a unit's RGBA or
        its premultiplied RGBa."""
        mode = "RGB" if part.key == PLATE else ("RGBa" if premultiplied else "RGBA")
        start = part.offset + (part.nbytes // 2 if premultiplied else 0)
        size = part.size[0] * part.size[1] * len(mode)
        view = memoryview(self.buffer)[start:start + size]
        if mode == "RGBa":
            return _mapped(view, mode, part.size)
        if mode == "RGB":
            return _Unpacked(view, part.size)
        return Image.frombuffer(mode, part.size, cast(bytes, view), "raw", mode, 0, 1)


class _Unpacked(Image.Image):
    """The plate: an RGB image whose pixels are unpacked from the buffer when first read
    (Pillow keeps RGB in 4 bytes a pixel: it cannot be mapped). Most processes never read
    them: libvips resamples the packed bytes in place (Resampler.knows)."""

    def __init__(self, view: memoryview, size: tuple[int, int]) -> None:
        super().__init__()
        self._mode, self._size, self._view = "RGB", size, view
        self._unpacked = False

    def load(self):
        if not self._unpacked:
            self._unpacked = True
            self.im = Image.frombuffer("RGB", self.size, cast(bytes, self._view), "raw", "RGB",
                                       0, 1).im
        return super().load()


def _mapped(view: memoryview, mode: str, size: tuple[int, int]) -> Image.Image:
    """A read-only image of 4-byte pixels over `view`, no copy: what Image.frombuffer does
    for RGBA, done for RGBa too (frombuffer copies modes outside its list, though Pillow's
    buffer mapper lays any 4-byte mode out alike)."""
    image = Image.new(mode, (0, 0))._new(Image.core.map_buffer(view, size, "raw", 0,
                                                                 (mode, 0, 1)))
    image.readonly = 1
    return image


__all__ = ["PLATE", "Part", "PartDone", "SourceParts"]
