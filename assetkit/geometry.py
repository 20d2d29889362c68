"""Box and size arithmetic: output size rules, cover crops, zones (pure functions)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .model import Length, Slot, Zone


@dataclass(frozen=True)
class Box:
    """A half-open pixel rectangle [x0, x1) x [y0, y1)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def as_tuple(self) -> tuple[float, float, float, float]:
        return self.x0, self.y0, self.x1, self.y1

    def scaled(self, s: float) -> Box:
        return Box(self.x0 * s, self.y0 * s, self.x1 * s, self.y1 * s)

    def intersect(self, other: Box) -> Box | None:
        box = Box(max(self.x0, other.x0), max(self.y0, other.y0),
                  min(self.x1, other.x1), min(self.y1, other.y1))
        return box if box.width > 0 and box.height > 0 else None

    @property
    def area(self) -> float:
        return max(0.0, self.width) * max(0.0, self.height)

    def grown(self, by: float) -> Box:
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)

    def shared(self, other: Box) -> float:
        """The area this box shares with `other`."""
        inter = self.intersect(other)
        return 0.0 if inter is None else inter.area

    def overlap(self, other: Box) -> float:
        """The shared area as a fraction of the smaller box (0 for an empty one)."""
        small = min(self.area, other.area)
        return self.shared(other) / small if small > 0 else 0.0

    def gap(self, other: Box) -> float:
        """The distance between the two boxes (0 when they touch or overlap)."""
        dx = max(0.0, max(self.x0, other.x0) - min(self.x1, other.x1))
        dy = max(0.0, max(self.y0, other.y0) - min(self.y1, other.y1))
        return max(dx, dy)

    def mapped(self, src: Box, dst: Box) -> Box:
        """This box moved by the map that takes `src` onto `dst` (a scale and a shift)."""
        sx, sy = dst.width / max(src.width, 1e-9), dst.height / max(src.height, 1e-9)
        return Box(dst.x0 + (self.x0 - src.x0) * sx, dst.y0 + (self.y0 - src.y0) * sy,
                   dst.x0 + (self.x1 - src.x0) * sx, dst.y0 + (self.y1 - src.y0) * sy)


def fit_inside(size: tuple[float, float], limit: tuple[float, float]) -> tuple[float, float]:
    """`size` scaled uniformly to the largest that fits inside `limit`."""
    scale = min(limit[0] / size[0], limit[1] / size[1])
    return size[0] * scale, size[1] * scale


def aspect_crop_size(source: tuple[int, int], aspect: float) -> tuple[float, float]:
    """The largest w x h with w/h = aspect that fits inside `source`."""
    w, h = source
    # min(): w / aspect can round a hair past h (1054 / (1054 / 492) > 492), which put a crop
    # box at y0 = -6e-14 and made Pillow refuse it ("box offset can't be negative").
    return (min(w, h * aspect), h) if w / h > aspect else (w, min(h, w / aspect))


def output_size(slot: Slot, source: tuple[int, int]) -> tuple[tuple[int, int], bool]:
    """The pixel size a slot's output gets for a source, and whether that means upscaling.

    Exact slots get their size. Bounded slots get the largest size inside the bounds (at the
    bound's aspect, else the source's) that does not upscale the source; a source smaller than
    the minimum is scaled up to the minimum (and reported as upscaled)."""
    if slot.detail is not None:
        width = slot.detail.width
        return (width, max(1, round(source[1] * width / source[0]))), width > source[0]
    if slot.size is not None:
        crop = aspect_crop_size(source, slot.size[0] / slot.size[1])
        return slot.size, slot.size[0] > crop[0] + 0.5
    b = slot.bounds
    aspect = b.aspect[0] / b.aspect[1] if b and b.aspect else source[0] / source[1]
    w, h = aspect_crop_size(source, aspect)
    if b and b.max:
        w, h = fit_inside((w, h), b.max) if (w > b.max[0] or h > b.max[1]) else (w, h)
    upscaled = False
    if b and b.min and (w < b.min[0] or h < b.min[1]):
        scale = max(b.min[0] / w, b.min[1] / h)
        w, h, upscaled = w * scale, h * scale, True
    return (max(1, math.floor(w + 1e-6)), max(1, math.floor(h + 1e-6))), upscaled


def cover_box(source: tuple[int, int], target: tuple[int, int],
              focus: tuple[float, float] = (0.5, 0.5)) -> Box:
    """The source crop box with the target's aspect, as large as possible, centred on `focus`
    (fractions of the source) but kept inside the source."""
    cw, ch = aspect_crop_size(source, target[0] / target[1])
    x0 = min(max(focus[0] * source[0] - cw / 2, 0), source[0] - cw)
    y0 = min(max(focus[1] * source[1] - ch / 2, 0), source[1] - ch)
    return Box(x0, y0, x0 + cw, y0 + ch)


def free_axis(crop: tuple[float, float], source: tuple[int, int]) -> int | None:
    """The axis a cover crop of size `crop` can slide along in `source`: 0 (x), 1 (y), or
    None when it covers the source (to a pixel)."""
    return 0 if crop[0] < source[0] - 1 else 1 if crop[1] < source[1] - 1 else None


def resolve_box(values: tuple[Length, Length, Length, Length], size: tuple[int, int]) -> Box:
    x, y, w, h = (v.resolve(size[i % 2]) for i, v in enumerate(values))
    return Box(x, y, x + w, y + h)


def zone_box(zone: Zone, size: tuple[int, int]) -> Box:
    return resolve_box(zone.box, size)
