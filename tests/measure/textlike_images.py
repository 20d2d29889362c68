"""Generated layers for the text-likeness measures: rendered text (bare, on panels, with drop
shadows) and pictures that are not text (cut-outs, shadows, photos, discs, bands, rules, grain)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from assetkit.fonts.index import bundled_font_path

SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)


def latin_fonts() -> list[Path]:
    """The bundled Noto Sans KR faces, and some common system faces when installed."""
    bundled = [bundled_font_path("NotoSansKR-Regular"), bundled_font_path("NotoSansKR-Bold")]
    return bundled + [Path(p) for p in SYSTEM_FONTS if Path(p).is_file()]


def korean_fonts() -> list[Path]:
    return [f for f in latin_fonts() if "Noto" in f.name]


def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def expected_height(f: ImageFont.FreeTypeFont, text: str) -> float:
    """The body height a line of `text` should measure: the cap height ("H") for Latin with
    capitals or ascenders, the height of a syllable ("한") for Hangul."""
    probe = "한" if any("\uac00" <= c <= "\ud7a3" for c in text) else "H"
    x0, y0, x1, y1 = f.getbbox(probe)
    return float(y1 - y0)


def render(lines: list[str], f: ImageFont.FreeTypeFont, *, spacing: float = 0.35,
           margin: int = 6) -> Image.Image:
    """White-on-transparent text, lines left-aligned, `spacing` em between lines, the layer
    cropped to the ink plus `margin` as a Photoshop pixel layer would be."""
    text = "\n".join(lines)
    size = f.size
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    x0, y0, x1, y1 = probe.multiline_textbbox((0, 0), text, font=f, spacing=spacing * size)
    w, h = int(x1 - x0) + 2 * margin, int(y1 - y0) + 2 * margin
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).multiline_text((margin - x0, margin - y0), text, font=f, fill=255,
                                        spacing=spacing * size)
    layer = Image.new("RGBA", (w, h), (255, 255, 255, 0))
    layer.putalpha(mask)
    return layer


def with_shadow(text: Image.Image, offset: int, blur: float, opacity: float) -> Image.Image:
    """`text` over a black drop shadow of it (layer effect baked into the pixels)."""
    pad = offset + int(3 * blur) + 2
    w, h = text.size
    out = Image.new("RGBA", (w + 2 * pad, h + 2 * pad), (0, 0, 0, 0))
    shadow_alpha = text.getchannel("A").point(lambda v: int(v * opacity))
    shadow = Image.new("RGBA", text.size, (0, 0, 0, 0))
    shadow.putalpha(shadow_alpha)
    canvas = Image.new("RGBA", out.size, (0, 0, 0, 0))
    canvas.paste(shadow, (pad + offset, pad + offset))
    canvas = canvas.filter(ImageFilter.GaussianBlur(blur)) if blur else canvas
    out.alpha_composite(canvas)
    out.alpha_composite(text, (pad, pad))
    return out


def on_panel(text: Image.Image, fill: tuple[int, int, int], ink: tuple[int, int, int],
             shape: str, pad: float = 0.6) -> tuple[Image.Image, tuple[int, int]]:
    """`text` recoloured `ink` on an opaque `fill` panel ("button": rounded rectangle, "disc"),
    and where the text's top-left corner sits in the panel."""
    w, h = text.size
    if shape == "disc":
        d = int(max(w, h) * 1.25) + 8
        size, at = (d, d), ((d - w) // 2, (d - h) // 2)
    else:
        px, py = int(h * pad) + 4, int(h * pad * 0.6) + 4
        size, at = (w + 2 * px, h + 2 * py), (px, py)
    panel = Image.new("RGBA", size, (*fill, 0))
    draw = ImageDraw.Draw(panel)
    box = (0, 0, size[0] - 1, size[1] - 1)
    if shape == "disc":
        draw.ellipse(box, fill=(*fill, 255))
    else:
        draw.rounded_rectangle(box, radius=min(size) // 3, fill=(*fill, 255))
    glyphs = Image.new("RGBA", text.size, (*ink, 0))
    glyphs.putalpha(text.getchannel("A"))
    panel.alpha_composite(glyphs, at)
    return panel, at


def arrays(layer: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(layer.convert("RGBA"))
    return np.ascontiguousarray(a[..., 3]), np.ascontiguousarray(a[..., :3])


# --- not text -------------------------------------------------------------------------------

def bottle(w: int = 260, h: int = 700) -> Image.Image:
    """A cylinder bottle cut-out: shoulders, neck, cap, a shaded body and a printed label."""
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    body = (int(w * 0.05), int(h * 0.3), int(w * 0.95), h - 1)
    d.rounded_rectangle(body, radius=int(w * 0.15), fill=(40, 120, 60, 255))
    d.polygon([(w * 0.05, h * 0.35), (w * 0.35, h * 0.15), (w * 0.65, h * 0.15),
               (w * 0.95, h * 0.35)], fill=(40, 120, 60, 255))
    d.rectangle((w * 0.35, h * 0.05, w * 0.65, h * 0.16), fill=(40, 120, 60, 255))
    d.rectangle((w * 0.32, 0, w * 0.68, h * 0.06), fill=(200, 200, 200, 255))
    a = np.asarray(img).astype(np.float32)
    shade = 0.6 + 0.4 * np.sin(np.linspace(0, np.pi, w))[None, :, None]
    a[..., :3] *= shade
    return Image.fromarray(a.clip(0, 255).astype(np.uint8))


def soft_shadow(w: int = 900, h: int = 160, peak: int = 150) -> Image.Image:
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).ellipse((w * 0.1, h * 0.25, w * 0.9, h * 0.75), fill=peak)
    mask = mask.filter(ImageFilter.GaussianBlur(h / 8))
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    img.putalpha(mask)
    return img


def photo(w: int = 800, h: int = 500, seed: int = 1) -> Image.Image:
    """An opaque photo-like rectangle: smooth colour fields plus noise and some edges."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w]
    base = np.stack([120 + 80 * np.sin(xx / 90), 110 + 60 * np.cos(yy / 70),
                     140 + 50 * np.sin((xx + yy) / 130)], -1)
    base += rng.normal(0, 18, base.shape)
    rgb = base.clip(0, 255).astype(np.uint8)
    return Image.fromarray(np.dstack([rgb, np.full((h, w), 255, np.uint8)]))


def disc(d: int = 400, colour: tuple[int, int, int] = (220, 30, 40)) -> Image.Image:
    img = Image.new("RGBA", (d, d), (*colour, 0))
    ImageDraw.Draw(img).ellipse((0, 0, d - 1, d - 1), fill=(*colour, 255))
    return img


def gradient_band(w: int = 3000, h: int = 400) -> Image.Image:
    """A tone band: full width, alpha fading from opaque at the bottom to clear at the top."""
    alpha = np.repeat(np.linspace(0, 255, h)[:, None], w, 1).astype(np.uint8)
    rgb = np.zeros((h, w, 3), np.uint8) + np.array([20, 30, 90], np.uint8)
    return Image.fromarray(np.dstack([rgb, alpha]))


def horizontal_gradient(w: int = 1600, h: int = 200) -> Image.Image:
    alpha = np.repeat(np.linspace(255, 0, w)[None, :], h, 0).astype(np.uint8)
    rgb = np.zeros((h, w, 3), np.uint8) + 240
    return Image.fromarray(np.dstack([rgb, alpha]))


def rule(w: int = 1800, h: int = 6) -> Image.Image:
    return Image.new("RGBA", (w, h), (255, 255, 255, 255))


def grain(w: int = 1200, h: int = 800, density: float = 0.3, seed: int = 2) -> Image.Image:
    rng = np.random.default_rng(seed)
    alpha = ((rng.random((h, w)) < density) * rng.integers(60, 256, (h, w))).astype(np.uint8)
    rgb = rng.integers(0, 256, (h, w, 3)).astype(np.uint8)
    return Image.fromarray(np.dstack([rgb, alpha]))


def dotted(w: int = 1200, h: int = 800, density: float = 0.004, seed: int = 3) -> Image.Image:
    """Sparse specks (dust, sparkle texture)."""
    rng = np.random.default_rng(seed)
    alpha = ((rng.random((h, w)) < density) * 255).astype(np.uint8)
    return Image.fromarray(np.dstack([np.full((h, w, 3), 255, np.uint8), alpha]))


def products_row(n: int = 4, w: int = 1400) -> Image.Image:
    """A row of n jars side by side (solid rounded shapes with gaps)."""
    h = int(w / n * 0.9)
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    step = w / n
    for i in range(n):
        d.rounded_rectangle((i * step + step * 0.1, h * 0.1, (i + 1) * step - step * 0.1, h - 1),
                            radius=int(step * 0.15), fill=(230, 200, 180, 255))
    return img


def barcode(w: int = 600, h: int = 160, seed: int = 4) -> Image.Image:
    """Solid vertical bars of random widths and gaps."""
    rng = np.random.default_rng(seed)
    alpha = np.zeros((h, w), np.uint8)
    x = 0
    while x < w:
        bar = int(rng.integers(2, 9))
        alpha[:, x:x + bar] = 255
        x += bar + int(rng.integers(2, 9))
    return Image.fromarray(np.dstack([np.zeros((h, w, 3), np.uint8), alpha]))


def dots_row(n: int = 6, d: int = 60, gap: int = 24) -> Image.Image:
    """Pagination dots or colour swatches: solid discs in a row."""
    img = Image.new("RGBA", (n * (d + gap), d + 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    for i in range(n):
        x = i * (d + gap)
        draw.ellipse((x, 2, x + d, d + 2), fill=(40 * i, 120, 200, 255))
    return img


def product_with_caption(f: ImageFont.FreeTypeFont) -> Image.Image:
    """A flattened product shot with its name set under it: a picture with a little text."""
    item = bottle(260, 700)
    caption = render(["Green Tea Toner 200ml"], f)
    w = max(item.width, caption.width)
    img = Image.new("RGBA", (w, item.height + 20 + caption.height), (0, 0, 0, 0))
    img.alpha_composite(item, ((w - item.width) // 2, 0))
    img.alpha_composite(caption, ((w - caption.width) // 2, item.height + 20))
    return img


def outline_frames(n: int = 5, side: int = 90, gap: int = 30, width: int = 1) -> Image.Image:
    """A row of hairline square frames (thumbnail placeholders, checkboxes)."""
    img = Image.new("RGBA", (n * (side + gap), side + 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    for i in range(n):
        x = i * (side + gap)
        draw.rectangle((x, 1, x + side, side), outline=(0, 0, 0, 255), width=width)
    return img


def starburst(text: Image.Image, fill: tuple[int, int, int], ink: tuple[int, int, int],
              points: int = 16) -> Image.Image:
    """`text` in `ink` on a flat starburst badge."""
    r = int(max(text.size) * 0.75) + 8
    img = Image.new("RGBA", (2 * r, 2 * r), (*fill, 0))
    angles = np.linspace(0, 2 * np.pi, 2 * points, endpoint=False)
    radii = np.where(np.arange(2 * points) % 2 == 0, r - 1, 0.82 * r)
    ImageDraw.Draw(img).polygon(
        [(r + float(q) * np.cos(a), r + float(q) * np.sin(a)) for a, q in zip(angles, radii,
                                                                          strict=True)],
        fill=(*fill, 255))
    glyphs = Image.new("RGBA", text.size, (*ink, 0))
    glyphs.putalpha(text.getchannel("A"))
    img.alpha_composite(glyphs, (r - text.width // 2, r - text.height // 2))
    return img
