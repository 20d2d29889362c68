"""The agency set's pictures, drawn with numpy and Pillow: photo-like backgrounds, cut-out
products with their soft shadows, logos, badges, buttons and text (raster or type-layer pixels)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from assetkit.fonts.index import bundled_font_path
from assetkit.samples.draw import cylinder, ellipse, mix, paint, rounded

Rgb = tuple[int, int, int]
CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-{}.ttc"  # fonts-noto-cjk, raster text only
FONTS = {"regular": "NotoSansKR-Regular", "bold": "NotoSansKR-Bold"}


@lru_cache(maxsize=128)
def face(weight: str, size: int, system: bool = False) -> ImageFont.FreeTypeFont:
    """Noto Sans KR (bundled with assetkit) or, for raster text, the system Noto Sans CJK KR."""
    if system:
        try:
            name = "Bold" if weight == "bold" else "Regular"
            return ImageFont.truetype(CJK.format(name), max(1, size), index=1)  # KR in the .ttc
        except OSError:
            pass
    return ImageFont.truetype(str(bundled_font_path(FONTS[weight])), max(1, size))


@dataclass(frozen=True)
class Ink:
    """Rendered text: RGBA trimmed to its ink, and the baseline origin of its first line
    relative to the image's top-left corner."""

    image: Image.Image
    origin: tuple[int, int]


def text(lines: list[str], font: ImageFont.FreeTypeFont, colour: Rgb, *,
         align: str = "left", leading: float = 1.3) -> Ink:
    """`lines` in one colour, trimmed to the ink."""
    size = font.size
    widths = [font.getlength(line) for line in lines]
    ascent = font.getmetrics()[0]
    pad, step = size, round(size * leading)
    mask = Image.new("L", (int(max(widths)) + 2 * pad, step * len(lines) + 2 * pad), 0)
    draw = ImageDraw.Draw(mask)
    shift = {"left": 0.0, "center": 0.5}[align]
    for row, (line, width) in enumerate(zip(lines, widths, strict=True)):
        draw.text((pad + (max(widths) - width) * shift, pad + ascent + row * step), line,
                  font=font, fill=255, anchor="ls")
    box = mask.getbbox() or (0, 0, 1, 1)
    image = Image.new("RGBA", mask.size, (*colour, 0))
    image.putalpha(mask)
    return Ink(image.crop(box), (pad - box[0], pad + ascent - box[1]))


# --- background ------------------------------------------------------------------------------


def photo(size: tuple[int, int], top: Rgb, bottom: Rgb, rng: np.random.Generator) -> Image.Image:
    """A studio-photo-like plate: a vertical gradient, two soft light blobs and grain."""
    w, h = size
    y = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
    rgb = np.asarray(top, np.float32) * (1 - y) + np.asarray(bottom, np.float32) * y
    rgb = np.broadcast_to(rgb, (h, w, 3)).copy()
    for _ in range(2):
        cx, cy = rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h
        r = rng.uniform(0.2, 0.45) * max(w, h)
        gx = np.exp(-(((np.arange(w, dtype=np.float32) - cx) / r) ** 2) / 2)
        gy = np.exp(-(((np.arange(h, dtype=np.float32) - cy) / r) ** 2) / 2)
        light = (gy[:, None] * gx[None, :]) * rng.uniform(0.15, 0.3)
        rgb = mix(rgb, (255, 255, 255), light)
    rgb += rng.normal(0.0, 4.0, (h, w, 1)).astype(np.float32)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


def band(size: tuple[int, int], colour: Rgb, alpha: float) -> Image.Image:
    """A tone band: a flat semi-transparent rectangle."""
    return Image.new("RGBA", size, (*colour, round(alpha * 255)))


def blob(diameter: int, colour: Rgb, alpha: float) -> Image.Image:
    """A decorative disc."""
    image = Image.new("RGBA", (diameter, diameter), (0, 0, 0, 0))
    paint(image, colour, ellipse(image.size, (0, 0, diameter, diameter)) * alpha)
    return image


# --- products --------------------------------------------------------------------------------


def bottle(height: int, colour: Rgb, cap: Rgb) -> Image.Image:
    """A serum bottle: a cylinder body with a shoulder, a neck and a cap (cut out, RGBA)."""
    w = round(height * 0.36)
    image = Image.new("RGBA", (w, height), (0, 0, 0, 0))
    body = rounded((w, height), (0, height * 0.28, w, height), w * 0.12)
    paint(image, cylinder((w, height), 0, w, colour), body)
    neck = rounded((w, height), (w * 0.3, height * 0.16, w * 0.7, height * 0.3), w * 0.05)
    paint(image, cylinder((w, height), w * 0.3, w * 0.7, colour, shade=0.3), neck)
    top = rounded((w, height), (w * 0.26, 0, w * 0.74, height * 0.18), w * 0.06)
    paint(image, cylinder((w, height), w * 0.26, w * 0.74, cap, shade=0.35), top)
    return image


def box_pack(height: int, colour: Rgb, stripe: Rgb) -> Image.Image:
    """A product box seen slightly from the side: a front face, a darker side, a stripe."""
    w = round(height * 0.62)
    front = round(w * 0.78)
    image = Image.new("RGBA", (w, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, front, height - 1), fill=(*colour, 255))
    side = tuple(round(c * 0.72) for c in colour)
    draw.polygon([(front, 0), (w - 1, round(height * 0.05)), (w - 1, height - 1),
                  (front, height - 1)], fill=(*side, 255))
    draw.rectangle((0, round(height * 0.55), front, round(height * 0.63)), fill=(*stripe, 255))
    return image


def tube(height: int, colour: Rgb, cap: Rgb) -> Image.Image:
    """A cylinder tin: a wide body with a cap band."""
    w = round(height * 0.55)
    image = Image.new("RGBA", (w, height), (0, 0, 0, 0))
    paint(image, cylinder((w, height), 0, w, colour), rounded((w, height), (0, 0, w, height),
                                                             w * 0.08))
    paint(image, cylinder((w, height), 0, w, cap, shade=0.3),
          rounded((w, height), (0, 0, w, height * 0.2), w * 0.08))
    return image


PRODUCTS = {"bottle": bottle, "box": box_pack, "tube": tube}


def shadow(width: int, alpha: float) -> Image.Image:
    """A soft contact shadow: a blurred dark ellipse (its own layer, below the product)."""
    h = max(8, width // 5)
    pad = max(4, width // 8)
    image = Image.new("L", (width + 2 * pad, h + 2 * pad), 0)
    ImageDraw.Draw(image).ellipse((pad, pad, pad + width, pad + h), fill=round(alpha * 255))
    image = image.filter(ImageFilter.GaussianBlur(pad / 2.5))
    out = Image.new("RGBA", image.size, (20, 20, 30, 0))
    out.putalpha(image)
    return out


# --- panels: badges, buttons, tooltips --------------------------------------------------------


def disc(diameter: int, colour: Rgb) -> Image.Image:
    image = Image.new("RGBA", (diameter, diameter), (0, 0, 0, 0))
    paint(image, colour, ellipse(image.size, (0, 0, diameter, diameter)))
    return image


def pill(size: tuple[int, int], colour: Rgb, radius: float) -> Image.Image:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    paint(image, colour, rounded(size, (0, 0, *size), radius))
    return image


def tooltip(size: tuple[int, int], colour: Rgb) -> Image.Image:
    """A dark rounded panel with a small pointer under its left third."""
    w, h = size
    tip = h // 4
    image = Image.new("RGBA", (w, h + tip), (0, 0, 0, 0))
    paint(image, colour, rounded((w, h + tip), (0, 0, w, h), h * 0.25))
    ImageDraw.Draw(image).polygon([(w * 0.25, h - 1), (w * 0.25 + tip * 1.6, h - 1),
                                   (w * 0.25 + tip * 0.4, h + tip - 1)], fill=(*colour, 255))
    return image


def emblem(height: int, colour: Rgb, word: str, word_colour: Rgb) -> Image.Image:
    """A pixel logo: a disc with a white ring, then the brand wordmark."""
    mark = disc(height, colour)
    ring = Image.new("RGBA", mark.size, (0, 0, 0, 0))
    ImageDraw.Draw(ring).ellipse((height * 0.22, height * 0.22, height * 0.78, height * 0.78),
                                 outline=(255, 255, 255, 255), width=max(2, height // 10))
    mark.alpha_composite(ring)
    ink = text([word], face("bold", round(height * 0.7)), word_colour).image
    gap = height // 3
    out = Image.new("RGBA", (height + gap + ink.width, height), (0, 0, 0, 0))
    out.alpha_composite(mark)
    out.alpha_composite(ink, (height + gap, (height - ink.height) // 2))
    return out


def onto(panel: Image.Image, label: Image.Image) -> Image.Image:
    """`label` rasterized onto the middle of `panel` (one pixel layer)."""
    out = panel.copy()
    out.alpha_composite(label, ((panel.width - label.width) // 2,
                                (panel.height - label.height) // 2))
    return out
