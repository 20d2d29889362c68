"""Translatable string units of text layers, and translations back onto layers by id (pure: no
file I/O; strings.py reads and writes the files)."""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..model import Finding, Severity
from ..scene import Layer, Scene

# Photoshop text -> file text. XML 1.0 forbids most C0 controls, so the PSD's own controls get a
# reversible stand-in: paragraphs (\r) become "\n", forced line breaks (\x03) U+2028 LINE
# SEPARATOR, any other C0 control (tab excepted) its Unicode "control picture" (U+2400 + code).
PARAGRAPH, FORCED_BREAK = "\r", "\x03"
_LINE_SEPARATOR = "\u2028"
_CONTROL_PICTURES = 0x2400
_OTHER_CONTROLS = re.compile(r"[\x00-\x02\x04-\x08\x0b\x0c\x0e-\x1f]")
_FROM_PICTURES = re.compile(r"[\u2400-\u241f]")

CJK_LANGS = ("ko", "ja", "zh")
LATIN_EM = 0.55  # average advance of a Latin glyph, in ems
CJK_EM = 1.0  # Hangul, kana and ideographs are square
LINE_HEIGHT_EM = 1.2  # auto leading


def to_file_text(text: str) -> str:
    """PSD text (\\r paragraphs, \\x03 breaks) as text any XML or CSV file can carry."""
    text = text.replace("\r\n", "\n").replace(PARAGRAPH, "\n").replace(FORCED_BREAK, _LINE_SEPARATOR)
    return _OTHER_CONTROLS.sub(lambda m: chr(_CONTROL_PICTURES + ord(m.group())), text)


def from_file_text(text: str) -> str:
    """The inverse of `to_file_text`, NFC: what a layer's text would be."""
    text = _FROM_PICTURES.sub(lambda m: chr(ord(m.group()) - _CONTROL_PICTURES), text)
    text = text.replace("\r\n", "\n").replace("\n", PARAGRAPH).replace(_LINE_SEPARATOR, FORCED_BREAK)
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class StringUnit:
    """One translatable text layer. `source` and `target` hold PSD text (\\r, \\x03)."""

    id: str  # <source-stem>#<layer-id>
    resname: str  # the layer path
    source: str
    layer_id: int
    document: str  # the PSD's file name (the XLIFF <file original=...>)
    coord: tuple[int, int, int, int] | None = None  # x, y, w, h in document px
    font: str = ""  # "<first run's font>;<size px>"
    maxwidth: int | None = None  # characters
    lines: int = 1
    note: str = ""
    target: str = ""
    state: str = ""  # XLIFF state of the target, "" when there is none


@dataclass(frozen=True)
class Translation:
    """What a translations file says about one id (texts in PSD form, NFC)."""

    source: str
    target: str
    state: str = ""


@dataclass(frozen=True)
class FileUnit:
    """One unit as a translations file holds it: the `id` it carries (XLIFF trans-unit id, PO
    msgctxt, CSV id; "" for none) and the `locations` it names (XLIFF <context-group
    purpose="location">, PO `#:` references), where assetkit's ids survive the round trips
    through PO; texts in PSD form."""

    id: str
    source: str
    target: str
    state: str = ""
    locations: tuple[str, ...] = ()

    @property
    def translation(self) -> Translation:
        return Translation(self.source, self.target, self.state)

    @property
    def name(self) -> str:
        """How a message names it: its id, with its locations when they differ."""
        where = [loc for loc in self.locations if loc != self.id]
        if not self.id:
            return ", ".join(where) or repr(to_file_text(self.source))
        return f"{self.id} (at {', '.join(where)})" if where else self.id


def source_language(texts: Sequence[str]) -> str:
    """The language of the text when none is given: by the script most of its letters are in
    (Hangul ko, kana ja, Han only zh), else en."""
    counts = {"ko": 0, "ja": 0, "zh": 0, "other": 0}
    for char in (c for text in texts for c in text if c.isalpha()):
        code = ord(char)
        script = ("ko" if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF
                  or 0x3130 <= code <= 0x318F else
                  "ja" if 0x3040 <= code <= 0x30FF else
                  "zh" if 0x4E00 <= code <= 0x9FFF else "other")
        counts[script] += 1
    if counts["ja"]:  # kana is Japanese even among many Han characters
        counts["ja"] += counts.pop("zh")
    best = max(counts, key=lambda k: counts[k])
    return best if best != "other" and counts[best] else "en"


def unit_id(document: str, layer_id: int) -> str:
    return f"{Path(document).stem}#{layer_id}"


def is_cjk_heavy(text: str) -> bool:
    """More than half of the letters are Hangul, kana or ideographs."""
    letters = [c for c in text if c.isalpha()]
    cjk = sum(1 for c in letters if _is_cjk(c))
    return bool(letters) and cjk * 2 > len(letters)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (0x1100 <= code <= 0x11FF or 0x3040 <= code <= 0x30FF or 0x3130 <= code <= 0x318F
            or 0x3400 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF)


def _capacity(box_w: float, box_h: float, size: float, leading: float | None,
              cjk: bool, min_lines: int = 1, min_per_line: int = 1) -> tuple[int, int]:
    """(characters per box, lines) a box of this size holds at this font size; a point text's
    box is only as big as its text, so it holds at least the lines it has now."""
    if size <= 0:
        return 0, 1
    per_line = max(min_per_line, math.floor(box_w / ((CJK_EM if cjk else LATIN_EM) * size)))
    lines = max(min_lines, math.floor(box_h / (leading or LINE_HEIGHT_EM * size)))
    return per_line * lines, lines


def layer_unit(layer: Layer, document: str, target_lang: str | None = None) -> StringUnit:
    """The string unit of one type layer. The width estimate is for the language being written:
    CJK widths when the target is Korean, Japanese or Chinese, else judged from the source."""
    info = layer.text
    assert info is not None
    box = info.box or layer.bbox
    run = info.runs[0] if info.runs else None
    size = run.size_px if run else 0.0
    unit = StringUnit(id=unit_id(document, layer.id), resname=layer.path_str, source=info.text,
                      layer_id=layer.id, document=document,
                      font=f"{run.font};{size:g}" if run else "")
    if box is None:
        return replace(unit, note=f'Layer "{layer.path_str}" - no box')
    cjk = (target_lang or "").split("-")[0].lower() in CJK_LANGS if target_lang \
        else is_cjk_heavy(info.text)
    now = re.split(f"[{PARAGRAPH}{FORCED_BREAK}]", info.text)
    longest = max(len(line) for line in now) if info.kind == "point" else 1
    maxwidth, lines = _capacity(box.width, box.height, size, run.leading_px if run else None,
                                cjk, len(now), longest)
    coord = (round(box.x0), round(box.y0), round(box.width), round(box.height))
    font = f" - {run.font} {size:g} px" if run else ""
    note = (f'Layer "{layer.path_str}" - box {coord[2]}x{coord[3]} px at {coord[0]},{coord[1]}'
            f" - max {maxwidth} chars, {lines} line(s){' (CJK width)' if cjk else ''}{font}")
    return replace(unit, coord=coord, maxwidth=maxwidth or None, lines=lines, note=note)


def scene_strings(scene: Scene, target_lang: str | None = None) -> list[StringUnit]:
    """One unit per type layer with text, bottom to top."""
    return [layer_unit(layer, scene.source, target_lang) for layer in scene.layers
            if layer.text is not None and layer.text.text.strip()]


def with_targets(units: Iterable[StringUnit], translations: Mapping[str, Translation]
                 ) -> list[StringUnit]:
    """Units carrying the targets (and states) of `translations`, by id."""
    out = []
    for unit in units:
        tr = translations.get(unit.id)
        out.append(replace(unit, target=tr.target, state=tr.state) if tr else unit)
    return out


def apply_translations(strings: Scene | Iterable[StringUnit],
                       translations: Mapping[str, Translation], require_complete: bool = False
                       ) -> tuple[dict[int, str], list[Finding]]:
    """{layer id: target text} for every layer whose translation is current, and findings:
    a stale translation (its source is not the layer's text any more) is a warning and the layer
    is left as is; a layer without a translation is a warning (an error with
    `require_complete`)."""
    units = scene_strings(strings) if isinstance(strings, Scene) else list(strings)
    applied: dict[int, str] = {}
    findings: list[Finding] = []
    missing: Severity = "error" if require_complete else "warning"
    for unit in units:
        tr = translations.get(unit.id)
        current = unicodedata.normalize("NFC", unit.source)
        if tr is None or not tr.target.strip():
            findings.append(Finding("localize.untranslated", missing,
                                    f"no translation for {_quote(current)} (id {unit.id})",
                                    source=unit.document, layer=unit.resname))
        elif unicodedata.normalize("NFC", tr.source) != current:
            findings.append(Finding(
                "localize.stale-translation", "warning",
                f"the translation of {unit.id} was made for {_quote(tr.source)} but the layer "
                f"now says {_quote(current)}; layer left as is", source=unit.document,
                layer=unit.resname))
        else:
            applied[unit.layer_id] = unicodedata.normalize("NFC", tr.target)
    return applied, findings


def _quote(text: str, limit: int = 60) -> str:
    flat = to_file_text(text).replace("\n", " / ").replace(_LINE_SEPARATOR, " ")
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
