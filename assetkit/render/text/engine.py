"""Re-set a type layer from its type data with a real font: size, colour, tracking, leading,
justification, point text or a wrapped paragraph box; measured and drawn by one engine."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PIL import Image, ImageDraw, ImageFont

from ...errors import FontUnavailable
from ...fonts.index import FontFace
from ...geometry import Box
from ...scene import Justification, TextInfo, TextRun
from .glyphs import fine, glyph_mask, ink
from .linebreak import FORCED, PARAGRAPH, Span, normalize, wrap
from .metrics import AUTO_LEADING, engine_name, face_metrics, load_font

ITALIC_SLANT = 0.2  # Photoshop's faux italic leans about 11 degrees
PAD = 2


@dataclass(frozen=True)
class Style:
    """A run resolved for drawing, in target pixels of the layout space."""

    font: ImageFont.FreeTypeFont
    size: float
    colour: tuple[int, int, int, int]
    tracking: float  # px added after each character
    leading: float  # baseline-to-baseline px
    ascent: float  # first-baseline offset below a paragraph box top, px
    descent: float
    stroke: int
    italic: bool


@dataclass(frozen=True)
class Line:
    """One set line in output pixels: its text, left edge, baseline and advance width."""

    text: str
    x: float
    baseline: float
    width: float


@dataclass(frozen=True)
class TextRender:
    """Re-set text: RGBA pixels at `offset` (document px x scale) and how it fits its box."""

    image: Image.Image
    offset: tuple[int, int]
    lines: tuple[Line, ...]
    font_size_px: float  # the largest run size used, document px (before `scale`)
    fits: bool
    overflow_px: float  # height missing below the box, document px (0 when it fits)
    overflow_chars: int  # characters on lines that fall below the box
    engine: str  # raqm | basic
    scale: float = 1.0
    faces: tuple[FontFace, ...] = ()  # every face that drew a character, in order of use


@dataclass(frozen=True)
class _Geometry:
    """Layout space: uniform `unit` px per text-space px; `squash` = final x stretch."""

    unit: float
    squash: float
    scale: float


def _geometry(info: TextInfo, scale: float) -> _Geometry:
    xx, xy, yx, yy = info.transform[:4]
    if abs(xy) > 1e-6 or abs(yx) > 1e-6 or xx <= 0 or yy <= 0:
        raise ValueError("rotated, skewed or mirrored type cannot be re-set")
    return _Geometry(unit=yy, squash=xx / yy, scale=scale)


class Faces(Protocol):
    """Which face draws each character of `text` set in font `font` (fonts.resolve.FontResolver:
    the run's face, or a fallback face for characters it has no glyph for; None: no face)."""

    def faces(self, font: str, text: str) -> Sequence[FontFace | None]: ...


class _OneFace:
    """Every run and character in one given face."""

    def __init__(self, face: FontFace) -> None:
        self.face = face

    def faces(self, font: str, text: str) -> Sequence[FontFace | None]:
        return (self.face,) * len(text)


def _style(run: TextRun, face: FontFace, geo: _Geometry, size_scale: float) -> Style:
    # run sizes are effective (times sqrt(det)); the layout space is uniform at the y scale
    k = math.sqrt(1 / geo.squash) * size_scale * geo.scale
    size = run.size_px * k
    metrics = face_metrics(face.path, face.index)
    leading = run.leading_px * k if run.leading_px else size * AUTO_LEADING
    return Style(load_font(face.path, face.index, round(size, 2)), size, run.colour,
                 run.tracking / 1000 * size, leading, metrics.ascent * size,
                 metrics.descent * size, max(1, round(size / 40)) if run.faux_bold else 0,
                 run.faux_italic)


def _char_runs(text: str, runs: tuple[TextRun, ...], override: bool) -> list[int]:
    """The run index of every character of `text` (translated text takes the main run)."""
    if override or len(runs) == 1:
        main = max(range(len(runs)), key=lambda i: len(runs[i].text))
        return [main] * len(text)
    stream = [i for i, run in enumerate(runs) for c in normalize(run.text)
              if c not in (PARAGRAPH, FORCED)]
    out, pos = [], 0
    for char in text:
        if char not in (PARAGRAPH, FORCED) and pos < len(stream):
            pos += 1
        out.append(stream[max(pos - 1, 0)] if stream else 0)
    return out


def _segments(text: str, owners: list[int], start: int, end: int) -> list[tuple[int, int, int]]:
    """(start, end, run) pieces of text[start:end] in one style each."""
    out: list[tuple[int, int, int]] = []
    for i in range(start, end):
        if out and out[-1][2] == owners[i]:
            out[-1] = (out[-1][0], i + 1, owners[i])
        else:
            out.append((i, i + 1, owners[i]))
    return out


def _styled(text: str, runs: list[int], info: TextInfo, fonts: Faces, geo: _Geometry,
            size_scale: float) -> tuple[list[int], list[Style], list[FontFace]]:
    """The style of every character of `text` (an index into the styles), the styles (one per
    run and face: a run's characters its face lacks are drawn with a fallback face) and the
    faces, in order of use. Raises FontUnavailable when no face draws a run's characters."""
    owners: list[int] = []
    styles: list[Style] = []
    keys: dict[tuple[int, FontFace], int] = {}
    for start, end, r in _segments(text, runs, 0, len(text)):
        run = info.runs[r]
        faces = list(fonts.faces(run.font, text[start:end]))
        known = [f for f in faces if f is not None]
        if not known:
            raise FontUnavailable(run.font)
        for i, face in enumerate(faces):  # a character no face draws: its neighbour's (tofu)
            face = face or (faces[i - 1] if i else None) or known[0]
            faces[i] = face
            if (r, face) not in keys:
                keys[(r, face)] = len(styles)
                styles.append(_style(run, face, geo, size_scale))
            owners.append(keys[(r, face)])
    used = list(dict.fromkeys(face for _, face in keys))
    if not styles:  # empty text: the first run's face
        first = next((f for f in fonts.faces(info.runs[0].font, " ") if f is not None), None)
        if first is None:
            raise FontUnavailable(info.runs[0].font)
        styles, used = [_style(info.runs[0], first, geo, size_scale)], [first]
    return owners, styles, used


class _Setter:
    """Measures and draws styled text with one set of fonts."""

    def __init__(self, text: str, owners: list[int], styles: list[Style]) -> None:
        self.text, self.owners, self.styles = text, owners, styles

    def piece_width(self, start: int, end: int, style: Style) -> float:
        chunk = self.text[start:end]
        return style.font.getlength(chunk) + style.tracking * len(chunk)

    def measure(self, start: int, end: int) -> float:
        width = sum(self.piece_width(a, b, self.styles[r])
                    for a, b, r in _segments(self.text, self.owners, start, end))
        last = self.styles[self.owners[end - 1]] if end > start else None
        return width - (last.tracking if last else 0.0)  # tracking after the last glyph hangs

    def line_styles(self, span: Span) -> list[Style]:
        owners = self.owners[span.start:span.end] or self.owners[max(span.start - 1, 0):][:1]
        return [self.styles[i] for i in dict.fromkeys(owners)] or [self.styles[0]]


def _visible_end(text: str, span: Span) -> int:
    end = span.end
    while end > span.start and text[end - 1] in " \t\u3000":
        end -= 1
    return end


@dataclass(frozen=True)
class _Frame:
    """Where lines go in layout space: anchor x, first line, wrap width, box bottom."""

    left: float
    right: float
    anchor: float
    start: float  # the first baseline; with `hanging`, the paragraph box top it hangs from
    hanging: bool  # paragraph box: the first baseline sits `ascent` below `start`
    width: float | None
    bottom: float | None


def _frame(info: TextInfo, box: Box | None, geo: _Geometry) -> _Frame:
    s, q = geo.scale, geo.squash
    b = box or info.box
    if info.kind == "paragraph" and b is not None:
        return _Frame(b.x0 * s / q, b.x1 * s / q, 0, b.y0 * s, True, b.width * s / q, b.y1 * s)
    tx, ty = info.transform[4], info.transform[5]
    bottom = box.y1 * s if box is not None else None
    width = None
    left = right = tx * s / q
    if box is not None:  # a point text given a box to fit: it never wraps, but must fit it
        left, right = box.x0 * s / q, box.x1 * s / q
    return _Frame(left, right, tx * s / q, ty * s, False, width, bottom)


def _line_x(frame: _Frame, justification: Justification, width: float, point: bool) -> float:
    if point and frame.width is None:
        shift = {"center": 0.5, "right": 1.0}.get(justification, 0.0)
        return frame.anchor - width * shift
    shift = {"center": 0.5, "right": 1.0}.get(justification, 0.0)
    return frame.left + (frame.right - frame.left - width) * shift


def set_text(info: TextInfo, fonts: FontFace | Faces, *, box: Box | None = None,
             size_scale: float = 1.0, text: str | None = None, scale: float = 1.0) -> TextRender:
    """Re-set `info` (or `text` in its main style) with real fonts: one face for everything, or
    the faces `fonts` gives each character; `size_scale` shrinks the type (fitting), `scale`
    renders the whole layer at a multiple of document size. Raises FontUnavailable when no
    face draws a run, ValueError for rotated type."""
    geo = _geometry(info, scale)
    body = normalize(info.text if text is None else text)
    chooser = _OneFace(fonts) if isinstance(fonts, FontFace) else fonts
    owners, styles, used = _styled(body, _char_runs(body, info.runs, text is not None), info,
                                   chooser, geo, size_scale)
    setter = _Setter(body, owners, styles)
    frame = _frame(info, box, geo)
    spans = wrap(body, frame.width, setter.measure)
    lines, bottom = _place(setter, spans, frame, info)
    fits, over_px, over_chars = _fit(body, spans, lines, bottom, frame, geo)
    image, offset = _draw(setter, spans, lines, info.justification, frame, geo)
    size = max(r.size_px for r in info.runs) * size_scale
    return TextRender(image, offset, tuple(lines), round(size, 2), fits, over_px, over_chars,
                      engine_name(), scale, tuple(used))


def _place(setter: _Setter, spans: list[Span], frame: _Frame, info: TextInfo
           ) -> tuple[list[Line], list[float]]:
    """Lines at their baselines, and each line's lowest point (baseline + descent)."""
    lines, bottoms = [], []
    baseline = frame.start
    for i, span in enumerate(spans):
        styles = setter.line_styles(span)
        if not i and frame.hanging:  # paragraph box: the first line hangs from the top
            baseline = frame.start + max(s.ascent for s in styles)
        elif i:
            baseline += max(s.leading for s in styles)
        end = _visible_end(setter.text, span)
        width = setter.measure(span.start, end)
        x = _line_x(frame, info.justification, width, info.kind == "point")
        lines.append(Line(setter.text[span.start:end], x, baseline, width))
        bottoms.append(baseline + max(s.descent for s in styles))
    return lines, bottoms


def _fit(text: str, spans: list[Span], lines: list[Line], bottoms: list[float], frame: _Frame,
         geo: _Geometry) -> tuple[bool, float, int]:
    wide = frame.right - frame.left if frame.width is None and frame.right > frame.left else None
    too_wide = wide is not None and any(line.width > wide + 0.5 for line in lines)
    if frame.bottom is None or not bottoms:
        return not too_wide, 0.0, 0
    over = max(0.0, bottoms[-1] - frame.bottom)
    lost = sum(len(text[s.start:s.end].strip()) for s, b in zip(spans, bottoms, strict=True)
               if b > frame.bottom + 0.5)
    fits = over <= 0.5 and not too_wide
    return fits, round(over / geo.scale, 1) if not fits else 0.0, lost if not fits else 0


def _pieces(setter: _Setter, span: Span, line: Line, extra: float
            ) -> list[tuple[str, float, Style]]:
    """(text, x, style) for every piece of a line; `extra` px goes to each inner space."""
    out, x = [], line.x
    end = _visible_end(setter.text, span)
    for a, b, r in _segments(setter.text, setter.owners, span.start, end):
        style = setter.styles[r]
        chunks = setter.text[a:b].split(" ") if extra else [setter.text[a:b]]
        for j, chunk in enumerate(chunks):
            piece = chunk + (" " if j < len(chunks) - 1 else "")
            out.append((piece, x, style))
            x += style.font.getlength(piece) + style.tracking * len(piece)
            x += extra * piece.count(" ")
    return out


def _justify_extra(setter: _Setter, span: Span, line: Line, frame: _Frame,
                   mode: Justification, last: bool) -> float:
    spaces = line.text.count(" ")
    if mode != "justify" or last or frame.width is None or not spaces:
        return 0.0
    return max(0.0, (frame.width - line.width) / spaces)


def _draw(setter: _Setter, spans: list[Span], lines: list[Line], mode: Justification,
          frame: _Frame, geo: _Geometry) -> tuple[Image.Image, tuple[int, int]]:
    placed = []
    for span, line in zip(spans, lines, strict=True):
        extra = _justify_extra(setter, span, line, frame, mode, span.last)
        if extra:
            line = Line(line.text, frame.left, line.baseline, line.width)
        placed += [(p, x, line.baseline, st) for p, x, st in _pieces(setter, span, line, extra)]
    # each piece's glyph box, measured once (a text layout: the costly part of an ink box)
    inked = [(p, x, y, st, _glyph_box(p, st)) for p, x, y, st in placed if p.strip()]
    if not inked:
        return Image.new("RGBA", (1, 1), (0, 0, 0, 0)), (0, 0)
    boxes = [_ink_box(glyphs, p, x, y, st) for p, x, y, st, glyphs in inked]
    x0, y0 = math.floor(min(b[0] for b in boxes)), math.floor(min(b[1] for b in boxes))
    x1, y1 = math.ceil(max(b[2] for b in boxes)), math.ceil(max(b[3] for b in boxes))
    canvas = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
    for piece, x, y, style, glyphs in inked:
        _draw_piece(canvas, piece, x - x0, y - y0, style, glyphs)
    if abs(geo.squash - 1) > 1e-3:
        width = max(1, round(canvas.width * geo.squash))
        canvas = canvas.resize((width, canvas.height), Image.Resampling.LANCZOS)
        return canvas, (math.floor(x0 * geo.squash), y0)
    return canvas, (x0, y0)


def _glyph_box(piece: str, style: Style) -> tuple[float, float, float, float]:
    """The piece's glyph box about its baseline origin (Pillow lays the text out for it)."""
    return style.font.getbbox(piece, anchor="ls", stroke_width=style.stroke)


def _ink_box(glyphs: tuple[float, ...], piece: str, x: float, y: float, style: Style
             ) -> tuple[float, ...]:
    """Where the piece inks with its origin at (x, y), padded; `glyphs` is its _glyph_box."""
    left, top, right, bottom = glyphs
    # the last glyph is tracked len-1 times; a positive tracking's last space is kept
    tracked = max(style.tracking * len(piece), style.tracking * (len(piece) - 1))
    width = right + tracked - left
    lean = ITALIC_SLANT * style.size if style.italic else 0.0
    return (x + left - PAD, y + top - PAD, x + left + width + lean + PAD, y + bottom + PAD)


def _draw_piece(canvas: Image.Image, piece: str, x: float, y: float, style: Style,
                glyphs: tuple[float, ...]) -> None:
    """One piece in one colour, composited over what is drawn already (`glyphs`: its
    _glyph_box)."""
    x0, y0, x1, y1 = _ink_box(glyphs, piece, x, y, style)
    ox, oy = math.floor(x0), math.floor(y0)
    mask = _mask(piece, (x - ox, y - oy), (math.ceil(x1) - ox, math.ceil(y1) - oy), style)
    if style.italic:  # lean the glyphs about their baseline
        base = y - oy
        mask = mask.transform(mask.size, Image.Transform.AFFINE,
                              (1, ITALIC_SLANT, -ITALIC_SLANT * base, 0, 1, 0),
                              Image.Resampling.BILINEAR)
    r, g, b, a = style.colour
    if a < 255:
        mask = mask.point(lambda v: v * a // 255)
    colour = Image.new("RGBA", mask.size, (r, g, b, 0))
    colour.putalpha(mask)
    canvas.alpha_composite(colour, (max(ox, 0), max(oy, 0)))


def _mask(piece: str, origin: tuple[float, float], size: tuple[int, int], style: Style
          ) -> Image.Image:
    """The piece's coverage: small text placed to a fraction of a pixel (glyphs.py); larger
    text as FreeType lays it, letter-spaced text character by character."""
    placed = glyph_mask(piece, origin, size, style.font, style.stroke,
                        style.tracking) if fine(style.size) else None
    if placed is not None:
        return placed
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    if style.tracking:
        cx = origin[0]
        for char in piece:  # letter-spaced: kerning is given up on purpose
            ink(draw, (cx, origin[1]), char, style.font, style.stroke)
            cx += style.font.getlength(char) + style.tracking
    else:
        ink(draw, origin, piece, style.font, style.stroke)
    return mask
