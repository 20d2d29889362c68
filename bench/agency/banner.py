"""One agency banner: a photo plate (tone band, decorations), products with shadows, a logo,
copy, price, badge, CTA, legal line and sometimes a tooltip, in a split (copy left, products
right) or stacked (centred column) layout. Different units' inks never overlap."""
from __future__ import annotations

from dataclasses import dataclass

from . import art
from .compose import BLACK, INK, NAVY, RED, WHITE, Doc, fit
from .pools import BRANDS, COPY

DARK_PLATES = (((34, 44, 70), (12, 16, 30)), ((70, 40, 60), (25, 12, 25)),
               ((20, 60, 60), (8, 24, 28)))
LIGHT_PLATES = (((250, 246, 240), (226, 232, 240)), ((255, 240, 230), (242, 214, 200)),
                ((236, 246, 250), (206, 226, 236)))
PRODUCT_COLOURS = (((236, 232, 226), (40, 60, 110)), ((180, 214, 236), (250, 250, 250)),
                   ((232, 120, 90), (60, 40, 40)), ((120, 170, 120), (240, 240, 230)))


@dataclass(frozen=True)
class Brief:
    """What one banner must contain (the generator's guarantees ride on these)."""

    lang: str
    dark: bool
    layout: str  # split | stack
    text_style: str  # type | raster | mixed
    products: int = 1
    tooltip: bool = False
    band: bool = False
    eyebrow: bool = False


def draw_banner(doc: Doc, brief: Brief) -> None:
    w, h = doc.size
    copy = COPY[brief.lang]
    plate = doc.pick(DARK_PLATES if brief.dark else LIGHT_PLATES)
    doc.pixels(art.photo(doc.size, *plate, doc.rng).convert("RGBA"), (0, 0), "bg", "bg")
    if brief.band:
        top = round(h * doc.rng.uniform(0.55, 0.8))
        doc.pixels(art.band((w, round(h * 0.16)), WHITE if brief.dark else (30, 40, 60),
                            0.18), (0, top), "bg", "bg")
    for _ in range(int(doc.rng.integers(1, 3))):
        d = round(min(w, h) * doc.rng.uniform(0.15, 0.35))
        at = (round(doc.rng.uniform(-0.1, 0.9) * w), round(doc.rng.uniform(-0.1, 0.9) * h))
        doc.pixels(art.blob(d, WHITE, 0.12), at, "bg", "bg")
    (_split if brief.layout == "split" else _stack)(doc, brief, copy)


def _style(doc: Doc, brief: Brief) -> str:
    if brief.text_style == "mixed":
        return "type" if doc.chance(0.5) else "raster"
    return brief.text_style


def _fg(brief: Brief):
    return WHITE if brief.dark else INK


def _logo(doc: Doc, brief: Brief, height: int, at: tuple[int, int], center: bool = False
          ) -> tuple[int, int, int, int]:
    brand = doc.pick(BRANDS)
    if doc.chance(0.35):  # the logo typed as a type layer with the brand name
        font_px = round(height * 0.9)
        width = art.face("bold", font_px).getlength(brand)
        x = at[0] - round(width / 2) if center else at[0]
        return doc.words([brand], font_px, _fg(brief), (x, at[1]), "logo", "logo",
                         style="type")
    image = art.emblem(height, doc.pick((RED, NAVY, (40, 140, 200))), brand, _fg(brief))
    x = at[0] - image.width // 2 if center else at[0]
    doc.pixels(image, (x, at[1]), "logo", "logo")
    return (x, at[1], x + image.width, at[1] + image.height)


def _cta(doc: Doc, copy, s: int, at: tuple[int, int], center: bool = False) -> int:
    """A button; returns its height."""
    label = doc.pick(copy["cta"])
    font_px = round(s * 0.032)
    width = round(art.face("bold", font_px).getlength(label) + font_px * 2.4)
    height = round(font_px * 2.3)
    x = at[0] - width // 2 if center else at[0]
    panel = art.pill((width, height), doc.pick((NAVY, BLACK)), height * doc.pick((0.15, 0.5)))
    doc.labelled(panel, [label], font_px, WHITE, (x, at[1]), "cta",
                 doc.pick(("flat", "split", "group")))
    return height


def _badge(doc: Doc, copy, d: int, at: tuple[int, int]) -> None:
    label = doc.pick(copy["badge"])
    panel = art.disc(d, RED) if doc.chance(0.6) else art.pill((d, round(d * 0.6)), RED, d * 0.12)
    font_px = fit([label], "bold", round(d * 0.28), round(panel.width * 0.8))
    doc.labelled(panel, [label], font_px, WHITE, at, "badge",
                 doc.pick(("flat", "split", "group")))


def _tooltip(doc: Doc, copy, s: int, at: tuple[int, int]) -> None:
    label = doc.pick(copy["tip"])
    font_px = round(s * 0.026)
    width = round(art.face("bold", font_px).getlength(label) + font_px * 2)
    panel = art.tooltip((width, round(font_px * 2.2)), (40, 40, 48))
    doc.labelled(panel, [label], font_px, WHITE, at, "other", doc.pick(("split", "group")))


def _price(doc: Doc, brief: Brief, copy, font_px: int, at: tuple[int, int]) -> int:
    """The price (sometimes under a struck former price, same unit); returns the bottom."""
    unit = doc.unit("price")
    x, y = at
    if doc.chance(0.5):
        y = doc.struck(doc.pick(copy["was"]), round(font_px * 0.5), _fg(brief), (x, y), unit)[3]
        y += round(font_px * 0.2)
    return doc.words([doc.pick(copy["price"])], font_px, RED if not brief.dark else WHITE,
                     (x, y), unit, "price", style=_style(doc, brief))[3]


def _products(doc: Doc, brief: Brief, region: tuple[int, int, int, int]) -> None:
    x0, y0, x1, y1 = region
    n = brief.products
    kinds = [doc.pick(tuple(art.PRODUCTS)) for _ in range(n)]
    for i, kind in enumerate(kinds):
        height = round((y1 - y0) * (0.88 if i == 0 else 0.7))
        slot_w = (x1 - x0) / n
        ratio = {"bottle": 0.36, "box": 0.62, "tube": 0.55}[kind]
        height = min(height, round(slot_w * 0.8 / ratio / 1.3))
        foot = (round(x0 + slot_w * (i + 0.5)), round(y1 - (y1 - y0) * 0.04))
        doc.product(kind, height, foot, doc.pick(PRODUCT_COLOURS))


def _legal(doc: Doc, brief: Brief, copy, s: int, at: tuple[int, int], center: bool) -> None:
    line = doc.pick(copy["legal"])
    font_px = max(10, round(s * 0.014))
    x = at[0] - round(art.face("regular", font_px).getlength(line) / 2) if center else at[0]
    doc.words([line], font_px, _fg(brief), (x, at[1]), doc.unit("legal"), "legal",
              style=_style(doc, brief), weight="regular")


def _split(doc: Doc, brief: Brief, copy) -> None:
    w, h = doc.size
    s = min(w, h)
    mx, y = round(w * 0.06), round(h * 0.07)
    column = round(w * 0.44)
    y = _logo(doc, brief, round(s * 0.045), (mx, y))[3] + round(h * 0.06)
    y = _copy_block(doc, brief, copy, (mx, y, column), False)
    y = _price(doc, brief, copy, round(s * 0.05), (mx, y + round(s * 0.03)))
    _cta(doc, copy, s, (mx, y + round(s * 0.05)))
    _legal(doc, brief, copy, s, (mx, round(h * 0.95)), False)
    d = round(s * 0.14)
    bx, by = w - mx - d, round(h * 0.07)
    _badge(doc, copy, d, (bx, by))
    top = by + d + round(s * 0.04)
    if brief.tooltip:
        _tooltip(doc, copy, s, (round(w * 0.55), by))
    _products(doc, brief, (round(w * 0.54), top, w - mx, round(h * 0.9)))


def _copy_block(doc: Doc, brief: Brief, copy, where, center: bool) -> int:
    """Eyebrow, headline and sub copy from `where` (x, y, width); returns the bottom."""
    x, y, width = where
    s = min(doc.size)
    align = "center" if center else "left"
    if brief.eyebrow:
        lines = doc.pick(copy["eyebrow"])
        px = fit(lines, "bold", round(s * 0.026), width)
        y = doc.words(lines, px, RED, _at(x, y, lines, px, center), doc.unit("sub"), "sub",
                      style=_style(doc, brief), align=align)[3] + round(s * 0.02)
    lines = doc.pick(copy["headline"])
    px = fit(lines, "bold", round(s * 0.075), width)
    y = doc.words(lines, px, _fg(brief), _at(x, y, lines, px, center), "headline", "headline",
                  style=_style(doc, brief), align=align)[3] + round(s * 0.03)
    lines = doc.pick(copy["sub"])
    px = fit(lines, "regular", round(s * 0.034), width)
    return doc.words(lines, px, _fg(brief), _at(x, y, lines, px, center), doc.unit("sub"),
                     "sub", style=_style(doc, brief), weight="regular", align=align)[3]


def _at(x: int, y: int, lines: list[str], px: int, center: bool) -> tuple[int, int]:
    if not center:
        return (x, y)
    return (x - round(max(art.face("bold", px).getlength(s) for s in lines) / 2), y)


def _stack(doc: Doc, brief: Brief, copy) -> None:
    w, h = doc.size
    s = min(w, h)
    cx, y = w // 2, round(h * 0.05)
    y = _logo(doc, brief, round(s * 0.05), (cx, y), center=True)[3] + round(h * 0.04)
    y = _copy_block(doc, brief, copy, (cx, y, round(w * 0.8)), True) + round(h * 0.03)
    cta_h = round(s * 0.032 * 2.3)
    price_top = round(h * 0.93) - cta_h - round(s * 0.04) - round(s * 0.1)
    d = round(s * 0.13)
    _badge(doc, copy, d, (round(w * 0.93) - d, y))
    if brief.tooltip:
        _tooltip(doc, copy, s, (round(w * 0.07), y))
    clear = round(s * 0.1) if brief.tooltip else 0  # the tooltip sits over the left side
    region = (round(w * 0.2), y + clear, round(w * 0.8), price_top - round(s * 0.02))
    _products(doc, brief, region)
    bottom = _price(doc, brief, copy, round(s * 0.05), (round(w * 0.4), price_top))
    _cta(doc, copy, s, (cx, bottom + round(s * 0.03)), center=True)
    _legal(doc, brief, copy, s, (cx, round(h * 0.955)), True)
