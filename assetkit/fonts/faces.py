"""Reading font files (the only fontTools importer): the faces a file holds, their names, weight,
slant and version, character maps and vertical metrics."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import FontUnreadable


@dataclass(frozen=True)
class FontFace:
    """One face of a font file; `index` is its number inside a .ttc/.otc collection."""

    path: Path
    index: int
    postscript_name: str
    full_name: str
    family: str
    style: str
    origin: str  # "brand" | "system" | "bundled"
    weight: int = 400  # OS/2 usWeightClass: 100 thin .. 400 regular .. 700 bold .. 900 black
    italic: bool = False
    version: str = ""  # the name table's version string, e.g. "Version 2.1.5"


class SkippedFont(NamedTuple):
    """A font file left out of the index and why. A NamedTuple so it unpacks as (path, reason)."""

    path: Path
    reason: str


@dataclass(frozen=True)
class FaceNames:
    index: int
    postscript_name: str
    full_name: str
    family: str
    style: str
    weight: int = 400
    italic: bool = False
    version: str = ""


def _open(path: Path, index: int) -> Any:
    """Face `index` of a font file, its tables read when first asked for. fontTools loads on
    the first font read (about 25 ms of imports): a build whose sources set no text never
    loads it."""
    from fontTools.ttLib import TTFont

    return TTFont(path, fontNumber=index, lazy=True)


def read_faces(path: Path) -> tuple[FaceNames, ...]:
    """The names of every face in a font file, reading only the name table."""
    return tuple(_read_names(path, index) for index in range(_face_count(path)))


def _face_count(path: Path) -> int:
    with path.open("rb") as handle:
        if handle.read(4) != b"ttcf":
            return 1
        handle.seek(0)
        from fontTools.ttLib.sfnt import readTTCHeader

        return int(readTTCHeader(handle).numFonts)


def _read_names(path: Path, index: int) -> FaceNames:
    with _open(path, index) as font:
        table = font["name"]
        style = _name(table, 17) or _name(table, 2)
        weight, italic = _weight_and_slant(font, style)
        return FaceNames(
            index=index,
            postscript_name=_name(table, 6),
            full_name=_name(table, 4),
            family=_name(table, 16) or _name(table, 1),
            style=style,
            weight=weight,
            italic=italic,
            version=_name(table, 5),
        )


def _weight_and_slant(font: Any, style: str) -> tuple[int, bool]:
    """OS/2 weight class and italic bit (fsSelection bits 0 italic, 9 oblique), else head's
    macStyle and the style name."""
    if "OS/2" in font:
        os2 = font["OS/2"]
        return int(os2.usWeightClass) or 400, bool(os2.fsSelection & 0x201)
    bold = bool(font["head"].macStyle & 1)
    lowered = style.casefold()
    return (700 if bold else 400), bool(font["head"].macStyle & 2) or "italic" in lowered


def _name(table: Any, name_id: int) -> str:
    value = table.getDebugName(name_id)  # prefers the English (Windows, then Mac) record
    return (value or "").replace("\x00", "").strip()


def _numbered(font: Any) -> None:
    """Name `font`'s glyphs by number when its outlines are TrueType ('glyf'): fontTools
    otherwise names every glyph first, from the post table or, where it has no names (format
    3, as in most CJK fonts), by walking the whole character map (~0.05-0.1 s a CJK face).
    Character maps and outlines read the same (a TrueType glyph refers to others by number);
    CFF outlines are keyed by their own charset's names and keep them."""
    if "glyf" in font and "CFF " not in font and "CFF2" not in font:
        font.setGlyphOrder([f"glyph{i:05d}" for i in range(font.getGlyphCount())])


def read_cmap(face: FontFace) -> frozenset[int]:
    try:
        with _open(face.path, face.index) as font:
            _numbered(font)
            return frozenset(font.getBestCmap() or ())
    except Exception as exc:  # fontTools raises many exception types on malformed data
        raise FontUnreadable(f"{face.path}: cannot read character map: {exc}") from exc


def vertical_metrics(path: Path, index: int = 0) -> tuple[float, float]:
    """(ascent, descent) in ems: ascent = the height of 'd' (where Photoshop puts a paragraph
    box's first baseline), else the typographic ascender; descent = the em box below the baseline."""
    with _open(path, index) as font:
        _numbered(font)
        upem = font["head"].unitsPerEm
        os2 = font["OS/2"] if "OS/2" in font else None
        descent = abs(os2.sTypoDescender) if os2 else abs(font["hhea"].descent)
        ascent = os2.sTypoAscender if os2 else font["hhea"].ascent
        glyph = (font.getBestCmap() or {}).get(ord("d"))
        if glyph is not None:
            from fontTools.pens.boundsPen import BoundsPen

            pen = BoundsPen(font.getGlyphSet())
            font.getGlyphSet()[glyph].draw(pen)
            if pen.bounds:
                ascent = pen.bounds[3]
    return ascent / upem, descent / upem
