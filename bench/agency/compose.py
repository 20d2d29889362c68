"""Building one agency document: layers (pixel or type) added bottom to top, each with its true
design unit and role, the way a designer stacks them (labels over panels, shadows under products,
groups around a button)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw

from assetkit.document.typelayer import TypeLayer
from assetkit.document.writer import PixelLayer

from . import art
from .pools import Namer

Rgb = tuple[int, int, int]
WHITE: Rgb = (255, 255, 255)
INK: Rgb = (24, 24, 32)
NAVY: Rgb = (27, 42, 74)
BLACK: Rgb = (16, 16, 16)
RED: Rgb = (226, 40, 48)
Style = str  # "type" (a type layer), "raster" (text drawn into a pixel layer)


@dataclass(frozen=True)
class Part:
    layer: PixelLayer | TypeLayer
    unit: str
    role: str
    text: bool  # the layer holds text ink


@dataclass
class Doc:
    """A document being drawn: its size, its parts bottom to top, and the rng and namer."""

    size: tuple[int, int]
    rng: np.random.Generator
    namer: Namer
    parts: list[Part] = field(default_factory=list)
    units: dict[str, int] = field(default_factory=dict)

    def unit(self, role: str) -> str:
        """A fresh unit id of `role`: `sub`, then `sub-2`, ..."""
        n = self.units.get(role, 0) + 1
        self.units[role] = n
        return role if n == 1 else f"{role}-{n}"

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def pixels(self, image: Image.Image, at: tuple[int, int], unit: str, role: str, *,
               text: bool = False, hint: str | None = None, group: str | None = None,
               opacity: int = 255) -> None:
        name = self.namer.layer(hint or role, group)
        layer = PixelLayer(name, image, int(at[0]), int(at[1]), opacity, group)
        self.parts.append(Part(layer, unit, role, text))

    def words(self, lines: list[str], font_px: int, colour: Rgb, at: tuple[int, int],
              unit: str, role: str, *, style: Style = "raster", weight: str = "bold",
              group: str | None = None, align: str = "left") -> tuple[int, int, int, int]:
        """Text with its ink's top-left at `at`: one type layer per line, or one pixel layer;
        returns the ink box."""
        if style == "type":
            return self._typed(lines, font_px, colour, at, (unit, role, weight, group, align))
        ink = art.text(lines, art.face(weight, font_px, system=self.chance(0.4)), colour,
                       align=align)
        self.pixels(ink.image, at, unit, role, text=True, group=group)
        return (at[0], at[1], at[0] + ink.image.width, at[1] + ink.image.height)

    def _typed(self, lines, font_px, colour, at, how) -> tuple[int, int, int, int]:
        unit, role, weight, group, align = how
        font = art.face(weight, font_px)
        inks = [art.text([line], font, colour) for line in lines]
        width = max(i.image.width for i in inks)
        x0, y = at
        for line, ink in zip(lines, inks, strict=True):
            left = x0 + ((width - ink.image.width) // 2 if align == "center" else 0)
            name = self.namer.layer(role, group, text=line)
            origin = (left + ink.origin[0], y + ink.origin[1])
            layer = TypeLayer(name, line, art.FONTS[weight], float(font_px), colour, origin,
                              ink.image, left, y, 255, group)
            self.parts.append(Part(layer, unit, role, True))
            y += ink.image.height + round(font_px * 0.3)
        return (x0, at[1], x0 + width, y - round(font_px * 0.3))

    def labelled(self, panel: Image.Image, label: list[str], font_px: int, colour: Rgb,
                 at: tuple[int, int], role: str, style: str) -> str:
        """A label on a panel (a button, a badge, a tooltip): `flat` rasterizes both into one
        pixel layer; `split` stacks a label layer over the panel layer; `group` does the same
        inside a group. Returns the unit."""
        unit = self.unit(role)
        ink = art.text(label, art.face("bold", font_px), colour, align="center")
        if style == "flat":
            self.pixels(art.onto(panel, ink.image), at, unit, role, text=True)
            return unit
        group = self.namer.group(role) if style == "group" else None
        self.pixels(panel, at, unit, role, hint="shape" if self.chance(0.5) else role,
                    group=group)
        lx = at[0] + (panel.width - ink.image.width) // 2
        ly = at[1] + (panel.height - ink.image.height) // 2
        kind = "type" if self.chance(0.5) else "raster"
        self.words(label, font_px, colour, (lx, ly), unit, role, style=kind, group=group,
                   align="center")
        return unit

    def product(self, kind: str, height: int, foot: tuple[int, int], colours) -> None:
        """A cut-out product standing with its base centred on `foot`, over its own soft
        shadow layer; sometimes both in a group."""
        unit = self.unit("product")
        image = art.PRODUCTS[kind](height, *colours)
        group = self.namer.group("product") if self.chance(0.3) else None
        sh = art.shadow(round(image.width * 1.3), 0.55)
        self.pixels(sh, (foot[0] - sh.width // 2, foot[1] - sh.height // 2), unit, "product",
                    hint="shadow", group=group)
        self.pixels(image, (foot[0] - image.width // 2, foot[1] - image.height), unit,
                    "product", group=group)

    def struck(self, text: str, font_px: int, colour: Rgb, at: tuple[int, int], unit: str
               ) -> tuple[int, int, int, int]:
        """A crossed-out former price (one pixel layer)."""
        ink = art.text([text], art.face("regular", font_px), colour).image
        y = ink.height // 2
        ImageDraw.Draw(ink).line((0, y, ink.width, y), fill=(*colour, 255),
                                 width=max(1, font_px // 12))
        self.pixels(ink, at, unit, "price", text=True)
        return (at[0], at[1], at[0] + ink.width, at[1] + ink.height)


def fit(lines: list[str], weight: str, size: int, width: int) -> int:
    """The largest font px <= `size` at which every line is at most `width` px wide."""
    while size > 8 and max(art.face(weight, size).getlength(s) for s in lines) > width:
        size = int(size * 0.92)
    return size
