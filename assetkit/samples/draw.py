"""Pixel drawing helpers for the samples: palette, type set with Noto Sans KR, masks, gradients."""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib.resources import files

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ..document.writer import PixelLayer

Colour = tuple[int, int, int]
Box = tuple[float, float, float, float]
Size = tuple[int, int]

# The brand palette (brand_rules/example.yaml); every text, logo and button pixel uses these.
NAVY: Colour = (0x1B, 0x2A, 0x4A)
SKY: Colour = (0x7F, 0xB7, 0xE8)
CORAL: Colour = (0xFF, 0x6B, 0x5B)
WHITE: Colour = (0xFF, 0xFF, 0xFF)

SEED = 20261124
SUPERSAMPLE = 4


# --- text -----------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    """The committed Noto Sans KR face (`Regular` or `Bold`) at `size` px."""
    path = files("assetkit") / "data" / "fonts" / f"NotoSansKR-{weight}.ttf"
    return ImageFont.truetype(str(path), size)


def text_image(
    lines: Sequence[str],
    weight: str,
    size: int,
    colour: Colour,
    *,
    leading: float = 1.4,
    tracking: float = 0.0,
    align: str = "left",
) -> Image.Image:
    """RGBA image of `lines` in one flat colour, trimmed to the ink; alpha holds anti-aliasing."""
    size = max(1, size)  # tiny test documents scale type below a pixel
    face = font(weight, size)
    widths = [face.getlength(line) + tracking * max(len(line) - 1, 0) for line in lines]
    ascent = face.getmetrics()[0]
    pad, step = size, round(size * leading)
    mask = Image.new("L", (math.ceil(max(widths)) + 2 * pad, step * len(lines) + 2 * pad), 0)
    draw = ImageDraw.Draw(mask)
    shift = {"left": 0.0, "center": 0.5, "right": 1.0}[align]
    for row, (line, width) in enumerate(zip(lines, widths, strict=True)):
        x = pad + (max(widths) - width) * shift
        _draw_line(draw, (x, pad + ascent + row * step), line, face, tracking)
    image = Image.new("RGBA", mask.size, (*colour, 0))
    image.putalpha(mask)
    return image.crop(mask.getbbox() or (0, 0, *mask.size))


def _draw_line(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    line: str,
    face: ImageFont.FreeTypeFont,
    tracking: float,
) -> None:
    if not tracking:
        draw.text(xy, line, font=face, fill=255, anchor="ls")
        return
    x, y = xy
    for char in line:  # letter-spaced, so kerning is given up on purpose
        draw.text((x, y), char, font=face, fill=255, anchor="ls")
        x += face.getlength(char) + tracking


def wrap(text: str, weight: str, size: int, width: int) -> list[str]:
    """Greedy word wrap of `text` to lines no wider than `width` px."""
    face, lines, line = font(weight, size), [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and face.getlength(candidate) > width:
            lines.append(line)
            candidate = word
        line = candidate
    return [*lines, line] if line else lines


# --- pixels ---------------------------------------------------------------------------------


def shape_mask(size: Size, draw: Callable[[ImageDraw.ImageDraw, int], None]) -> np.ndarray:
    """Anti-aliased coverage (HxW floats) of shapes drawn SUPERSAMPLE times larger by `draw`."""
    big = Image.new("L", (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE), 0)
    draw(ImageDraw.Draw(big), SUPERSAMPLE)
    small = big.resize(size, Image.Resampling.BOX)
    return np.asarray(small, dtype=np.float32) / 255.0


def rounded(size: Size, box: Box, radius: float) -> np.ndarray:
    return shape_mask(size, lambda d, s: d.rounded_rectangle(scaled(box, s), radius * s, fill=255))


def ellipse(size: Size, box: Box) -> np.ndarray:
    return shape_mask(size, lambda d, s: d.ellipse(scaled(box, s), fill=255))


def rectangle(size: Size, box: Box) -> np.ndarray:
    return shape_mask(size, lambda d, s: d.rectangle(scaled(box, s), fill=255))


def scaled(box: Box, scale: int) -> list[float]:
    return [v * scale for v in box]


def soft(mask: np.ndarray, radius: float) -> np.ndarray:
    """`mask` blurred by a Gaussian of `radius` px."""
    image = Image.fromarray((mask * 255).astype(np.uint8), "L")
    return np.asarray(image.filter(ImageFilter.GaussianBlur(radius)), dtype=np.float32) / 255.0


def paint(canvas: Image.Image, rgb: np.ndarray | Colour, alpha: np.ndarray) -> None:
    """Composite `rgb` (a colour or an HxWx3 array) with `alpha` (0..1) over `canvas` in place."""
    alpha = np.clip(alpha, 0.0, 1.0)
    colour = np.broadcast_to(np.asarray(rgb, dtype=np.float32), (*alpha.shape, 3))
    layer = np.dstack([np.clip(colour, 0, 255), alpha * 255]).round().astype(np.uint8)
    canvas.alpha_composite(Image.fromarray(layer, "RGBA"))


def paste(canvas: Image.Image, image: Image.Image, centre: tuple[float, float]) -> None:
    """Alpha-composite `image` onto `canvas` with its centre at `centre`."""
    x, y = round(centre[0] - image.width / 2), round(centre[1] - image.height / 2)
    canvas.alpha_composite(image, (x, y))


def mix(rgb: np.ndarray, colour: np.ndarray | Colour, weight: np.ndarray) -> np.ndarray:
    """`rgb` moved towards `colour` by `weight` (HxW, 0..1), in float32."""
    target = np.asarray(colour, dtype=np.float32)
    return rgb + (target - rgb) * weight[..., None].astype(np.float32)


def cylinder(
    size: Size, x0: float, x1: float, colour: Colour, *, shade: float = 0.25, gloss: float = 0.5
) -> np.ndarray:
    """Colour of a vertical cylinder spanning x0..x1, lit from the upper left (HxWx3 floats)."""
    x = np.arange(size[0], dtype=np.float32) + 0.5
    u = np.clip((x - (x0 + x1) / 2) / ((x1 - x0) / 2), -1, 1)
    body = 1.0 - shade * u**2 - 0.06 * u
    light = np.exp(-(((u + 0.5) / 0.18) ** 2)) + 0.45 * np.exp(-(((u - 0.74) / 0.07) ** 2))
    rgb = np.asarray(colour, dtype=np.float32) * body[:, None]
    rgb = rgb + (255.0 - rgb) * np.clip(gloss * light, 0, 1)[:, None]
    return np.broadcast_to(rgb, (size[1], size[0], 3))


def vertical(size: Size, stops: Sequence[tuple[float, Colour]]) -> np.ndarray:
    """A multi-stop vertical gradient (HxWx3 floats); stop positions are fractions of the height."""
    y = (np.arange(size[1], dtype=np.float32) + 0.5) / size[1]
    where = [s[0] for s in stops]
    rgb = np.stack([np.interp(y, where, [s[1][c] for s in stops]) for c in range(3)], axis=-1)
    return np.broadcast_to(rgb[:, None, :], (size[1], size[0], 3)).astype(np.float32)


def gaussian(size: Size, centre: tuple[float, float], radius: float) -> np.ndarray:
    """A round Gaussian blob (HxW floats, 1 at `centre`)."""
    x = np.exp(-(((np.arange(size[0], dtype=np.float32) - centre[0]) / radius) ** 2) / 2)
    y = np.exp(-(((np.arange(size[1], dtype=np.float32) - centre[1]) / radius) ** 2) / 2)
    return y[:, None] * x[None, :]


def trimmed(name: str, image: Image.Image, left: int, top: int) -> PixelLayer:
    """A layer of `image` cropped to its ink, still at the same place on the canvas."""
    bbox = image.getbbox() or (0, 0, image.width, image.height)
    return PixelLayer(name, image.crop(bbox), left + bbox[0], top + bbox[1])
