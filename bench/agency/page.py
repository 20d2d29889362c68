"""One agency detail page (상세페이지), 860 px wide: a hero (photo, logo, headline, product with
shadow), feature sections (a heading with body copy on a tone band, a product or picture), then
price, CTA and the legal line on a white foot."""
from __future__ import annotations

from . import art
from .banner import LIGHT_PLATES, PRODUCT_COLOURS
from .compose import INK, NAVY, RED, WHITE, Doc, fit
from .pools import BRANDS, COPY

WIDTH = 860
HERO = 1400
SECTION = 1100
FOOT = 700


def page_height(sections: int) -> int:
    return HERO + sections * SECTION + FOOT


def draw_page(doc: Doc, lang: str, style: str) -> None:
    w, h = doc.size
    copy = COPY[lang]
    doc.pixels(art.band((w, h), (250, 250, 250), 1.0), (0, 0), "bg", "bg")
    doc.pixels(art.photo((w, HERO), *doc.pick(LIGHT_PLATES), doc.rng).convert("RGBA"), (0, 0),
               "bg", "bg")
    brand = doc.pick(BRANDS)
    doc.pixels(art.emblem(48, NAVY, brand, INK), (60, 60), "logo", "logo")
    lines = doc.pick(copy["headline"])
    px = fit(lines, "bold", 72, w - 120)
    y = doc.words(lines, px, INK, (60, 180), "headline", "headline", style=style)[3]
    doc.product("bottle", HERO - y - 200, (w // 2, HERO - 80), doc.pick(PRODUCT_COLOURS))
    sections = (h - HERO - FOOT) // SECTION
    for i in range(sections):
        _section(doc, copy, HERO + i * SECTION, style, i)
    _foot(doc, copy, h - FOOT, style)


def _section(doc: Doc, copy, top: int, style: str, i: int) -> None:
    w = doc.size[0]
    tone = (236, 242, 248) if i % 2 == 0 else (248, 240, 232)
    doc.pixels(art.band((w, SECTION), tone, 1.0), (0, top), "bg", "bg")
    unit = doc.unit("sub")
    title = doc.pick(copy["sub"])[:1]
    y = doc.words(title, fit(title, "bold", 44, w - 120), INK, (60, top + 80), unit, "sub",
                  style=style)[3]
    body = doc.pick(copy["sub"])
    doc.words(body, fit(body, "regular", 28, w - 120), (80, 80, 90), (60, y + 30), unit, "sub",
              style=style, weight="regular")
    if i % 2 == 0:
        kind = doc.pick(tuple(art.PRODUCTS))
        doc.product(kind, 560, (w // 2, top + SECTION - 90), doc.pick(PRODUCT_COLOURS))
    else:
        picture = art.photo((w - 120, 620), (200, 210, 220), (150, 160, 180), doc.rng)
        doc.pixels(picture.convert("RGBA"), (60, top + 400), "bg", "bg")


def _foot(doc: Doc, copy, top: int, style: str) -> None:
    w = doc.size[0]
    unit = doc.unit("price")
    y = doc.struck(doc.pick(copy["was"]), 30, (120, 120, 120), (60, top + 80), unit)[3]
    doc.words([doc.pick(copy["price"])], 64, RED, (60, y + 16), unit, "price", style=style)
    label = doc.pick(copy["cta"])
    panel = art.pill((w - 120, 110), NAVY, 16)
    doc.labelled(panel, [label], 40, WHITE, (60, top + 320), "cta",
                 doc.pick(("flat", "split", "group")))
    line = doc.pick(copy["legal"])
    doc.words([line], fit([line], "regular", 18, w - 120), (120, 120, 120), (60, top + 560),
              doc.unit("legal"), "legal", style=style, weight="regular")
