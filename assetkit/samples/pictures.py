"""The HANEUL pictures: logo, CTA button, serum bottle, studio backdrop and feature cards."""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw

from .draw import (
    CORAL,
    NAVY,
    SEED,
    SKY,
    WHITE,
    Box,
    Colour,
    Size,
    cylinder,
    ellipse,
    gaussian,
    mix,
    paint,
    paste,
    rectangle,
    rounded,
    scaled,
    shape_mask,
    soft,
    text_image,
    vertical,
)

FOOT = 0.932  # where product_image() stands, as a fraction of its height


# --- brand elements -------------------------------------------------------------------------


def logo_image(height: int, wordmark: Colour = NAVY) -> Image.Image:
    """The HANEUL logo: a sky disc holding a white cloud, then the wordmark, trimmed RGBA."""
    symbol = Image.new("RGBA", (height, height), (0, 0, 0, 0))
    disc = ellipse(symbol.size, (0, 0, height, height))
    paint(symbol, SKY, disc)
    paint(symbol, WHITE, _cloud(symbol.size, float(height)) * disc)
    word = text_image(["HANEUL"], "Bold", round(height * 0.78), wordmark, tracking=height * 0.1)
    gap = round(height * 0.3)
    logo = Image.new("RGBA", (height + gap + word.width, height), (0, 0, 0, 0))
    logo.alpha_composite(symbol)
    logo.alpha_composite(word, (height + gap, (height - word.height) // 2))
    return logo.crop(logo.getbbox())


def _cloud(size: Size, h: float) -> np.ndarray:
    def draw(d: ImageDraw.ImageDraw, s: int) -> None:
        for cx, cy, r in ((0.36, 0.58, 0.15), (0.53, 0.48, 0.2), (0.7, 0.6, 0.13)):
            box = (h * (cx - r), h * (cy - r), h * (cx + r), h * (cy + r))
            d.ellipse(scaled(box, s), fill=255)
        base = (0.21 * h, 0.56 * h, 0.83 * h, 0.73 * h)
        d.rounded_rectangle(scaled(base, s), 0.085 * h * s, fill=255)

    return shape_mask(size, draw)


def button_image(label: str, size: Size) -> Image.Image:
    """A coral pill button with `label` in white, RGBA."""
    button = Image.new("RGBA", size, (0, 0, 0, 0))
    w, h = size
    paint(button, CORAL, rounded(size, (0, 0, w, h), h / 2))
    paste(button, text_image([label], "Bold", round(h * 0.36), WHITE), (w / 2, h / 2))
    return button


def product_image(height: int) -> Image.Image:
    """A dropper serum bottle cut out on transparency, standing at FOOT of the height, centred."""
    h = float(height)
    canvas = Image.new("RGBA", (round(h * 0.7), height), (0, 0, 0, 0))
    cx = canvas.width / 2

    def box(half: float, y0: float, y1: float) -> Box:
        return (cx - half * h, y0 * h, cx + half * h, y1 * h)

    paint(canvas, NAVY, soft(ellipse(canvas.size, box(0.3, 0.9, 0.96)), 0.02 * h) * 0.18)
    paint(canvas, NAVY, soft(ellipse(canvas.size, box(0.2, 0.92, 0.942)), 0.006 * h) * 0.45)
    _bottle_glass(canvas, box(0.18, 0.44, 0.93), h)
    _bottle_label(canvas, box(0.18, 0.615, 0.835), h)
    _bottle_cap(canvas, box, h)
    return canvas


def _bottle_glass(canvas: Image.Image, body: Box, h: float) -> None:
    size, (x0, top, x1, bottom) = canvas.size, body
    outer = rounded(size, body, 0.07 * h)
    wall, base = 0.008 * h, 0.04 * h
    inner = rounded(size, (x0 + wall, top + wall, x1 - wall, bottom - base), 0.062 * h)
    y = np.arange(size[1], dtype=np.float32)[:, None]
    serum = inner * np.clip((y - 0.53 * h) / 2.0, 0, 1)
    paint(canvas, cylinder(size, x0, x1, (236, 244, 252), gloss=0.0), outer * 0.3)
    tint = vertical(size, [(0.0, (172, 212, 244)), (0.53, (160, 204, 242)), (0.93, (88, 150, 216))])
    shading = cylinder(size, x0, x1, WHITE, shade=0.3, gloss=0.0)
    paint(canvas, tint * shading / 255, serum * 0.88)
    meniscus = np.exp(-(((y - 0.532 * h) / (0.004 * h)) ** 2))
    paint(canvas, (225, 240, 252), serum * meniscus * 0.9)
    _pipette(canvas, h)
    paint(canvas, cylinder(size, x0, x1, (168, 198, 228), shade=0.35), (outer - inner) * 0.8)
    neck = (size[0] / 2 - 0.065 * h, 0.405 * h, size[0] / 2 + 0.065 * h, 0.46 * h)
    neck_rgb = cylinder(size, neck[0], neck[2], (200, 222, 242))
    paint(canvas, neck_rgb, rounded(size, neck, 0.01 * h) * 0.85)
    _highlights(canvas, outer, body, h)


def _pipette(canvas: Image.Image, h: float) -> None:
    cx, size, r = canvas.width / 2, canvas.size, 0.018 * h
    tube = rounded(size, (cx - r, 0.42 * h, cx + r, 0.86 * h), r)
    paint(canvas, cylinder(size, cx - r, cx + r, (214, 232, 248), gloss=0.8), tube * 0.55)


def _highlights(canvas: Image.Image, outer: np.ndarray, body: Box, h: float) -> None:
    x = np.arange(canvas.width, dtype=np.float32)
    u = (x - (body[0] + body[2]) / 2) / ((body[2] - body[0]) / 2)
    y = np.arange(canvas.height, dtype=np.float32)
    fade = np.clip((y - 0.47 * h) / (0.05 * h), 0, 1) * np.clip((0.9 * h - y) / (0.05 * h), 0, 1)
    on_label = ((y > 0.615 * h) & (y < 0.835 * h)) * 0.55  # paper is matte: weaker highlights
    strip = 0.6 * np.exp(-(((u + 0.62) / 0.07) ** 2)) + 0.45 * np.exp(-(((u - 0.76) / 0.025) ** 2))
    paint(canvas, WHITE, outer * strip[None, :] * (fade * (1 - on_label))[:, None])


def _bottle_label(canvas: Image.Image, band: Box, h: float) -> None:
    size, cx, top = canvas.size, (band[0] + band[2]) / 2, band[1]
    paint(canvas, cylinder(size, band[0], band[2], WHITE, shade=0.2, gloss=0.0),
          rectangle(size, band))
    rule = (cx - 0.035 * h, top + 0.076 * h, cx + 0.035 * h, top + 0.078 * h)
    paint(canvas, SKY, rectangle(size, rule))
    blocks = (
        (["HANEUL"], "Bold", 0.05, NAVY, 0.008, 0.045),
        (["HYDRA SKY SERUM"], "Regular", 0.017, NAVY, 0.003, 0.1),
        (["하늘빛 수분 세럼"], "Regular", 0.02, NAVY, 0.0, 0.135),
        (["30 ml · 1.01 fl.oz."], "Regular", 0.013, SKY, 0.0, 0.185),
    )
    for lines, weight, size_, colour, tracking, offset in blocks:
        text = text_image(lines, weight, round(size_ * h), colour, tracking=tracking * h)
        paste(canvas, text, (cx, top + offset * h))


def _bottle_cap(canvas: Image.Image, box: Callable[[float, float, float], Box], h: float) -> None:
    # (half width, top, bottom, colour, shade, gloss, corner radius), all in units of h
    parts = (
        (0.085, 0.285, 0.415, NAVY, 0.35, 0.3, 0.012),  # collar
        (0.085, 0.392, 0.398, SKY, 0.25, 0.3, 0.002),  # ring
        (0.062, 0.07, 0.3, (236, 240, 247), 0.35, 0.6, 0.062),  # rubber bulb
        (0.074, 0.27, 0.297, (226, 232, 242), 0.35, 0.5, 0.01),  # bulb flare
    )
    for half, y0, y1, colour, shade, gloss, radius in parts:
        part = box(half, y0, y1)
        rgb = cylinder(canvas.size, part[0], part[2], colour, shade=shade, gloss=gloss)
        paint(canvas, rgb, rounded(canvas.size, part, radius * h))


# --- backgrounds ----------------------------------------------------------------------------


def studio_backdrop(
    size: Size,
    *,
    glow: tuple[float, float],
    podium: Box | None = None,
    grain: float = 0.0,
    seed: int = SEED,
) -> Image.Image:
    """A photo-studio sweep: multi-stop gradient, arch, light behind the product, blobs, grain."""
    w, h = size
    rgb = vertical(size, [(0.0, (244, 249, 254)), (0.5, (222, 236, 250)), (0.72, (200, 222, 245)),
                          (0.78, (214, 231, 248)), (1.0, (186, 210, 237))])
    if podium is not None:
        rgb = _arch(rgb, podium)
    rgb = mix(rgb, WHITE, 0.75 * gaussian(size, glow, 0.22 * w))
    for centre, radius, colour, strength in _blobs(size, seed):
        rgb = mix(rgb, colour, strength * gaussian(size, centre, radius))
    if podium is not None:
        rgb = _podium(rgb, podium)
    if grain:  # per-pixel noise defeats RLE: only for the benchmark, never the committed samples
        rgb = rgb + np.random.default_rng(seed).normal(0.0, grain, (h, w, 1)).astype(np.float32)
    return Image.fromarray(np.clip(rgb, 0, 255).round().astype(np.uint8), "RGB")


def _blobs(size: Size, seed: int) -> list[tuple[tuple[float, float], float, Colour, float]]:
    rng, (w, h) = np.random.default_rng(seed), size
    blobs = []
    for index, colour in enumerate((SKY, WHITE, SKY, (255, 200, 190))):
        x, y = rng.uniform(0.05, 0.95) * w, rng.uniform(0.05, 0.7) * h
        radius = rng.uniform(0.06, 0.14) * min(w, h) * (1.6 if index == 0 else 1.0)
        blobs.append(((x, y), radius, colour, 0.35 if index < 3 else 0.25))
    return blobs


def _arch(rgb: np.ndarray, podium: Box) -> np.ndarray:
    x0, y0, x1, y1 = podium
    half, cx, foot = (x1 - x0) * 0.46, (x0 + x1) / 2, (y0 + y1) / 2
    box = (cx - half, foot - 3.1 * half, cx + half, foot + half)
    arch = rounded((rgb.shape[1], rgb.shape[0]), box, half)
    return mix(rgb, SKY, 0.28 * arch)


def _podium(rgb: np.ndarray, top: Box) -> np.ndarray:
    # Drawn in its own crop: supersampled masks of the whole canvas would cost a second.
    left, upper = max(int(top[0]) - 1, 0), max(int(top[1]) - 1, 0)
    part = rgb[upper:, left : math.ceil(top[2]) + 1]
    size = (part.shape[1], part.shape[0])
    x0, y0, x1, y1 = top[0] - left, top[1] - upper, top[2] - left, top[3] - upper
    body = np.maximum(rectangle(size, (x0, (y0 + y1) / 2, x1, size[1] + 1)),
                      ellipse(size, (x0, y0, x1, y1)))
    part = mix(part, cylinder(size, x0, x1, (232, 242, 252), shade=0.12, gloss=0.3), body)
    part = mix(part, (250, 252, 255), ellipse(size, (x0 + 2, y0 + 2, x1 - 2, y1 - 2)))
    rgb = np.array(rgb, dtype=np.float32)
    rgb[upper:, left : left + size[0]] = part
    return rgb


# --- detail-page sections ------------------------------------------------------------------


def feature_image(size: Size, index: int) -> Image.Image:
    """A section picture: a rounded card with a soft gradient and water droplets."""
    w, h = size
    rng = np.random.default_rng(SEED + index)
    tints = ((SKY, (236, 245, 253)), ((255, 190, 180), (255, 244, 240)),
             ((150, 170, 205), (236, 240, 248)))
    deep, pale = tints[index % len(tints)]
    card = Image.new("RGBA", size, (0, 0, 0, 0))
    # A vertical gradient only: constant rows keep the PSD's RLE data small.
    gradient = vertical(size, [(0.0, pale), (0.35, pale), (1.0, deep)])
    paint(card, gradient, rounded(size, (0, 0, w, h), 28))
    for _ in range(9):
        r = rng.uniform(0.03, 0.09) * h * 2
        x, y = rng.uniform(r, w - r), rng.uniform(r, h - r)
        paint(card, WHITE, ellipse(size, (x - r, y - r, x + r, y + r)) * 0.35)
        glint = (x - r * 0.55, y - r * 0.6, x - r * 0.15, y - r * 0.25)
        paint(card, WHITE, ellipse(size, glint) * 0.9)
    return card
