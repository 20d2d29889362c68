"""Tiny TrueType fonts whose names, weight, slant and character map a test controls."""
from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont


def tiny_font(ps: str, full: str, family: str, style: str, chars: str = "A", *,
              weight: int = 400, italic: bool = False, **extra: str) -> TTFont:
    """A minimal TrueType font: a triangle for every character of `chars`."""
    glyphs = [".notdef"] + [f"g{ord(c):04X}" for c in chars]
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((0, 500))
    pen.lineTo((500, 0))
    pen.closePath()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(glyphs)
    builder.setupCharacterMap({ord(c): f"g{ord(c):04X}" for c in chars})
    builder.setupGlyf({name: pen.glyph() for name in glyphs})
    builder.setupHorizontalMetrics({name: (500, 0) for name in glyphs})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable(
        {"familyName": family, "styleName": style, "fullName": full, "psName": ps, **extra}
    )
    builder.setupOS2(usWeightClass=weight, fsSelection=0x01 if italic else 0x40)
    builder.setupPost()
    builder.font["head"].macStyle = (2 if italic else 0) | (1 if weight >= 700 else 0)
    return builder.font


def save_tiny(path: Path, *args: str, **kwargs) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tiny_font(*args, **kwargs).save(path)
    return path
