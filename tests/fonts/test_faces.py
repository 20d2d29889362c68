"""Reading a face's character map and vertical metrics: glyphs of TrueType outlines are read by
number (fontTools would first name every glyph, from the whole character map where the post
table has no names); what is read is what fontTools' own names give, for every kind of face."""
from __future__ import annotations

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from assetkit.fonts.faces import FontFace, read_cmap, vertical_metrics
from assetkit.fonts.index import bundled_font_path


def _named(face: FontFace) -> tuple[frozenset[int], tuple[float, float]]:
    """The character map and (ascent, descent) read through fontTools' glyph names."""
    with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
        cmap = font.getBestCmap() or {}
        upem = font["head"].unitsPerEm
        os2 = font["OS/2"]
        ascent, descent = os2.sTypoAscender, abs(os2.sTypoDescender)
        if ord("d") in cmap:
            pen = BoundsPen(font.getGlyphSet())
            font.getGlyphSet()[cmap[ord("d")]].draw(pen)
            ascent = pen.bounds[3]
        return frozenset(cmap), (ascent / upem, descent / upem)


def _faces(fonts) -> list[tuple[str, FontFace]]:
    """(kind, face): the bundled CJK TrueType (post format 3: no glyph names), a TrueType face
    with glyph names and a CFF face in a collection (the packages CI installs)."""
    bundled = bundled_font_path()
    faces = [("truetype, unnamed glyphs",
              FontFace(bundled, 0, "", "", "", "", "bundled"))]
    liberation = fonts.family_faces("Liberation Sans")
    cjk = [f for f in fonts.family_faces("Noto Sans CJK KR") if f.path.suffix == ".ttc"]
    faces += [("truetype, named glyphs", liberation[0])] if liberation else []
    faces += [("cff in a collection", cjk[0])] if cjk else []
    return faces


def test_faces_read_by_glyph_number_read_what_glyph_names_give(ci_fonts):
    faces = _faces(ci_fonts)
    assert [kind for kind, _ in faces] == ["truetype, unnamed glyphs", "truetype, named glyphs",
                                          "cff in a collection"]
    for kind, face in faces:
        cmap, metrics = _named(face)
        assert read_cmap(face) == cmap, kind
        assert vertical_metrics(face.path, face.index) == metrics, kind
        assert ord("d") in cmap and len(cmap) > 200, kind


def test_a_truetype_face_without_glyph_names_is_read_without_naming_its_glyphs(monkeypatch):
    """Naming the glyphs of a post-format-3 face walks its whole character map: 0.05-0.1 s for a
    CJK face, in every process that reads it."""
    face = FontFace(bundled_font_path(), 0, "", "", "", "", "bundled")
    with TTFont(face.path, lazy=True) as font:
        assert font["post"].formatType == 3.0 and "glyf" in font

    def naming(*args, **kwargs):
        raise AssertionError("glyphs named from the character map")

    monkeypatch.setattr(TTFont, "_getGlyphNamesFromCmap", naming)
    assert ord("d") in read_cmap(face)
    ascent, descent = vertical_metrics(face.path, face.index)
    assert 0.5 < ascent < 1 and 0 < descent < 0.5
