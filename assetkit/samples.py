"""Deterministic sample PSDs for the fictitious brand HANEUL: campaign, benchmark and test files."""
from __future__ import annotations

import argparse
import math
import struct
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from assetkit.document.writer import PixelLayer, write_layered_psd

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
FOOT = 0.932  # where product_image() stands, as a fraction of its height
DETAIL_WIDTH = 860  # the width Korean malls show detail pages at
LOGO_HEIGHT = 96  # the master banner's logo; haneul-logo.png holds exactly these pixels

HEADLINE = ("촉촉한", "하늘빛 세럼")
SUB = "72시간 보습 지속 · 신제품 20% 할인"
CTA = "지금 구매하기"
INTRO = ("하늘을 닮은 수분",
         "구름 한 점 없는 하늘처럼 맑고 투명한 피부를 위해, 하늘은 가장 순한 수분만을 담았습니다.")
FEATURES = (
    ("72시간 수분 지속",
     "히알루론산 5종이 피부 속 빈틈을 겹겹이 채워 아침부터 밤까지 촉촉함을 지켜 줍니다. "
     "건조한 사무실에서도 당김 없이 편안한 피부를 느껴 보세요."),
    ("저자극 비건 포뮬러",
     "동물성 원료와 인공 색소, 합성 향료를 넣지 않았습니다. 민감한 피부도 안심하고 "
     "매일 사용할 수 있도록 피부 자극 테스트를 마쳤습니다."),
    ("빠른 흡수, 산뜻한 마무리",
     "물처럼 가벼운 텍스처가 바르는 즉시 스며들어 끈적임 없이 마무리됩니다. "
     "메이크업 전에 사용해도 밀리지 않습니다."),
)
INGREDIENTS = (
    "히알루론산 5종 — 겹겹이 채우는 수분",
    "판테놀 — 거칠어진 피부 진정",
    "나이아신아마이드 — 맑고 균일한 피부 톤",
    "병풀 추출물 — 건강한 피부 장벽",
)
FOOTER = ("HANEUL · 하늘빛 수분 세럼 30 ml · 고객센터 1588-0000",
          "이 페이지의 브랜드와 제품은 예시용 가상 제작물입니다.")


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
    return shape_mask(size, lambda d, s: d.rounded_rectangle(_scaled(box, s), radius * s, fill=255))


def ellipse(size: Size, box: Box) -> np.ndarray:
    return shape_mask(size, lambda d, s: d.ellipse(_scaled(box, s), fill=255))


def rectangle(size: Size, box: Box) -> np.ndarray:
    return shape_mask(size, lambda d, s: d.rectangle(_scaled(box, s), fill=255))


def _scaled(box: Box, scale: int) -> list[float]:
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
            d.ellipse(_scaled(box, s), fill=255)
        base = (0.21 * h, 0.56 * h, 0.83 * h, 0.73 * h)
        d.rounded_rectangle(_scaled(base, s), 0.085 * h * s, fill=255)

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


# --- the master banner and the detail page --------------------------------------------------


def banner_layers(size: Size, *, grain: float = 0.0, seed: int = SEED) -> list[PixelLayer]:
    """The master banner's role layers (@bg @product @logo @headline @sub @cta), bottom to top."""
    w, h = size
    u = min(w, h) / 2000  # every measure below is for a 2000 px square, then scaled
    cx, floor = w * 0.685, h * 0.78
    podium = (cx - 420 * u, floor - 85 * u, cx + 420 * u, floor + 85 * u)
    bg = studio_backdrop(size, glow=(cx, h * 0.45), podium=podium, grain=grain, seed=seed)
    product = product_image(round(1300 * u))
    headline = text_image(HEADLINE, "Bold", round(150 * u), NAVY, leading=1.3)
    sub_px = round(52 * u)
    sub = text_image(wrap(SUB, "Regular", sub_px, round(840 * u)), "Regular", sub_px, NAVY)
    left, top = round(140 * u), round(h / 2 - headline.height / 2 - 180 * u)
    return [
        PixelLayer("@bg", bg),
        trimmed("@product", product, round(cx - product.width / 2),
                round(floor - FOOT * product.height)),
        PixelLayer("@logo", logo_image(round(LOGO_HEIGHT * u)), left, round(130 * u)),
        PixelLayer("@headline", headline, left, top),
        PixelLayer("@sub", sub, left, top + headline.height + round(70 * u)),
        PixelLayer("@cta", button_image(CTA, (round(480 * u), round(132 * u))),
                   left, top + headline.height + sub.height + round(160 * u)),
    ]


def detail_layers(features: int) -> tuple[Size, list[PixelLayer]]:
    """An 860 px wide detail page with `features` feature blocks; returns (size, layers).

    Sections: hero 1500 px, intro 500, 1000 per feature, ingredients 600, footer 400.
    """
    size = (DETAIL_WIDTH, 1500 + 500 + features * 1000 + 600 + 400)
    cx, ingredients = DETAIL_WIDTH / 2, 2000 + features * 1000
    layers = [PixelLayer("@bg", _detail_background(size, features)), *_detail_hero(cx)]
    layers += _stacked([("intro-heading", text_image(INTRO[:1], "Bold", 48, NAVY)),
                        ("intro-body", _paragraph(INTRO[1]))], cx, 1670, 40)
    for index in range(features):
        layers += _feature(index, 2000 + index * 1000)
    items = [f"•  {item}" for item in INGREDIENTS]
    layers += _stacked([("ingredients-heading", text_image(["주요 성분"], "Bold", 44, NAVY)),
                        ("ingredients-list", text_image(items, "Regular", 30, NAVY, leading=1.9))],
                       cx, ingredients + 150, 60)
    footer = text_image(FOOTER, "Regular", 20, WHITE, align="center")
    layers += _stacked([("footer-logo", logo_image(44, WHITE)), ("footer-text @legal", footer)],
                       cx, size[1] - 268, 44)
    return size, layers


def _detail_background(size: Size, features: int) -> Image.Image:
    w, h = size
    page = Image.new("RGB", size, WHITE)
    page.paste(studio_backdrop((w, 1500), glow=(w / 2, 760),
                               podium=(w / 2 - 260, 1290, w / 2 + 260, 1390)))
    draw = ImageDraw.Draw(page)
    for top in range(2000, 2000 + features * 1000, 2000):  # every other feature block is tinted
        draw.rectangle((0, top, w, top + 999), fill=(243, 248, 253))
    ingredients = 2000 + features * 1000
    draw.rectangle((0, ingredients, w, ingredients + 599), fill=(228, 240, 251))
    draw.rectangle((0, h - 400, w, h), fill=NAVY)
    return page


def _detail_hero(cx: float) -> list[PixelLayer]:
    product = product_image(900)
    titles = [("@logo", logo_image(52)),
              ("@headline", text_image([" ".join(HEADLINE)], "Bold", 64, NAVY)),
              ("@sub", text_image([SUB], "Regular", 30, NAVY))]
    return [trimmed("@product", product, round(cx - product.width / 2),
                    round(1340 - FOOT * product.height)),
            *_stacked(titles, cx, 80, 36)]


def _feature(index: int, top: int) -> list[PixelLayer]:
    heading, body = FEATURES[index % len(FEATURES)]
    name = f"feature-{index + 1}"
    return _stacked(
        [(f"{name}-image", feature_image((DETAIL_WIDTH - 120, 420), index)),
         (f"{name}-number", text_image([f"POINT {index + 1:02d}"], "Bold", 28, CORAL, tracking=4)),
         (f"{name}-heading", text_image([heading], "Bold", 44, NAVY)),
         (f"{name}-body", _paragraph(body))],
        DETAIL_WIDTH / 2, top + 140, 40)


def _paragraph(text: str) -> Image.Image:
    lines = wrap(text, "Regular", 28, DETAIL_WIDTH - 180)
    return text_image(lines, "Regular", 28, NAVY, leading=1.7, align="center")


def _stacked(items: Sequence[tuple[str, Image.Image]], cx: float, top: int, gap: int,
             ) -> list[PixelLayer]:
    """Layers stacked from `top` down, `gap` px apart, each centred on `cx`."""
    layers, y = [], top
    for name, image in items:
        layers.append(PixelLayer(name, image, round(cx - image.width / 2), y))
        y += image.height + gap
    return layers


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


# --- public generators ----------------------------------------------------------------------


def make_sample_campaign(dest_dir: Path) -> list[Path]:
    """Write the HANEUL master banner and detail page PSDs into `dest_dir`."""
    dest_dir = Path(dest_dir)
    return [make_master_banner(dest_dir / "haneul-serum-launch.psd"),
            make_detail_page(dest_dir / "haneul-detail-page.psd")]


def make_master_banner(path: Path, size: Size = (2000, 2000)) -> Path:
    """Write the master banner (six role layers) as a PSD of `size`."""
    return write_layered_psd(Path(path), size, banner_layers(size))


def make_detail_page(path: Path, *, features: int = 3) -> Path:
    """Write the 860 px wide detail page; 3 feature blocks make it 6000 px tall, 9 make 12000."""
    size, layers = detail_layers(features)
    return write_layered_psd(Path(path), size, layers)


def make_brand_assets(dest_dir: Path) -> dict[str, Path]:
    """Write the logo master (the banner's @logo pixels, trimmed) into `dest_dir`."""
    path = Path(dest_dir) / "haneul-logo.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    logo_image(LOGO_HEIGHT).save(path, optimize=True)
    return {"logo": path}


def make_bench_workload(dest_dir: Path) -> list[Path]:
    """Write the benchmark sources: a 3000x3000 8-layer banner with grain, an 860x12000 page."""
    dest_dir = Path(dest_dir)
    layers = banner_layers((3000, 3000), grain=2.0, seed=SEED + 1) + _bench_extras()
    banner = write_layered_psd(dest_dir / "bench-banner-3000.psd", (3000, 3000), layers)
    return [banner, make_detail_page(dest_dir / "bench-detail-12000.psd", features=9)]


def _bench_extras() -> list[PixelLayer]:
    badge = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    paint(badge, CORAL, ellipse(badge.size, (0, 0, 300, 300)))
    paste(badge, text_image(["NEW"], "Bold", 88, WHITE), (150, 150))
    price = text_image(["₩32,000  →  ₩25,600"], "Bold", 70, CORAL)
    return [PixelLayer("@badge", badge, 2550, 180), PixelLayer("price", price, 210, 2130)]


def make_test_psd(
    path: Path, size: Size = (600, 400), *, product: bool = True, logo: bool = True,
    text: bool = True,
) -> Path:
    """A small, fast PSD with the role naming convention, for tests."""
    w, h = size
    u = min(w, h) / 400

    def px(value: float) -> int:  # at least 1, so tiny documents still get every layer
        return max(1, round(value * u))

    layers = [PixelLayer("@bg", studio_backdrop(size, glow=(w * 0.7, h * 0.45)))]
    if product:
        bottle = product_image(max(1, round(h * 0.8)))
        left = round(w * 0.7 - bottle.width / 2)
        layers.append(trimmed("@product", bottle, left, round(h * 0.12)))
    if logo:
        layers.append(PixelLayer("@logo", logo_image(px(24)), px(20), px(20)))
    if text:
        layers += [
            PixelLayer("@headline", text_image(HEADLINE, "Bold", px(36), NAVY), px(20), px(110)),
            PixelLayer("@sub", text_image([SUB], "Regular", px(13), NAVY), px(20), px(230)),
            PixelLayer("@cta", button_image(CTA, (px(130), px(38))), px(20), px(270)),
        ]
    return write_layered_psd(Path(path), size, layers)


def make_corrupt_psd(path: Path) -> Path:
    """make_test_psd() cut off halfway through its merged pixel data: opens, but zero-fills."""
    path = make_test_psd(Path(path))
    data = path.read_bytes()
    channels, height = struct.unpack(">HI", data[12:18])
    table_end = _image_data_offset(data) + 2 + channels * height * 2  # compression, row lengths
    path.write_bytes(data[: table_end + (len(data) - table_end) // 2])
    return path


def _image_data_offset(data: bytes) -> int:
    offset = 26  # the header; then colour mode data, image resources, layer and mask info
    for _ in range(3):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        offset += 4 + length
    return offset


def make_garbage_psd(path: Path) -> Path:
    """Random bytes with a .psd name."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(np.random.default_rng(SEED).bytes(4096))
    return path


def main(argv: Sequence[str] | None = None) -> None:
    """Regenerate the sample campaign PSDs and the brand assets (logo master)."""
    parser = argparse.ArgumentParser(prog="python -m assetkit.samples", description=main.__doc__)
    parser.add_argument("dir", nargs="?", default="input", help="campaign PSDs (default: input)")
    parser.add_argument("--brand-dir", default="brand_rules",
                        help="where the logo master goes (default: brand_rules)")
    parser.add_argument("--bench", metavar="DIR", help="also write the benchmark workload to DIR")
    args = parser.parse_args(argv)
    written = make_sample_campaign(Path(args.dir))
    written += make_brand_assets(Path(args.brand_dir)).values()
    if args.bench:
        written += make_bench_workload(Path(args.bench))
    for path in written:
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
