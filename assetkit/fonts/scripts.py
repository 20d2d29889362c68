"""The writing system of each character (a small part of Unicode's Script property: the scripts
e-commerce text is set in), for choosing a fallback face per run of text."""
from __future__ import annotations

import unicodedata
from bisect import bisect_right

# (first, last, script), sorted; code points outside these ranges count as "Common" (digits,
# punctuation, symbols, spaces), which take the script of the text around them.
_RANGES = (
    (0x0041, 0x005A, "Latin"), (0x0061, 0x007A, "Latin"), (0x00AA, 0x00AA, "Latin"),
    (0x00BA, 0x00BA, "Latin"), (0x00C0, 0x00D6, "Latin"), (0x00D8, 0x00F6, "Latin"),
    (0x00F8, 0x024F, "Latin"), (0x0250, 0x02AF, "Latin"), (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"), (0x0530, 0x058F, "Armenian"), (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"), (0x0900, 0x097F, "Devanagari"), (0x0E00, 0x0E7F, "Thai"),
    (0x1100, 0x11FF, "Hangul"), (0x1C80, 0x1C8F, "Cyrillic"), (0x1E00, 0x1EFF, "Latin"),
    (0x1F00, 0x1FFF, "Greek"), (0x2C60, 0x2C7F, "Latin"), (0x2DE0, 0x2DFF, "Cyrillic"),
    (0x2E80, 0x2FDF, "Han"), (0x3005, 0x3005, "Han"), (0x3007, 0x3007, "Han"),
    (0x3021, 0x3029, "Han"), (0x3038, 0x303B, "Han"), (0x3041, 0x3096, "Kana"),
    (0x309D, 0x309F, "Kana"), (0x30A1, 0x30FA, "Kana"), (0x30FD, 0x30FF, "Kana"),
    (0x3131, 0x318E, "Hangul"), (0x31F0, 0x31FF, "Kana"), (0x3200, 0x321E, "Hangul"),
    (0x3260, 0x327E, "Hangul"), (0x32D0, 0x32FE, "Kana"), (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"), (0xA640, 0xA69F, "Cyrillic"), (0xA720, 0xA7FF, "Latin"),
    (0xA960, 0xA97F, "Hangul"), (0xAB30, 0xAB6F, "Latin"), (0xAC00, 0xD7A3, "Hangul"),
    (0xD7B0, 0xD7FF, "Hangul"), (0xF900, 0xFAFF, "Han"), (0xFB00, 0xFB06, "Latin"),
    (0xFF21, 0xFF3A, "Latin"), (0xFF41, 0xFF5A, "Latin"), (0xFF66, 0xFF9D, "Kana"),
    (0xFFA0, 0xFFDC, "Hangul"), (0x1B000, 0x1B16F, "Kana"), (0x20000, 0x3134F, "Han"),
)
_STARTS = [r[0] for r in _RANGES]
COMMON = "Common"


def script_of(char: str) -> str:
    """The script of one character: Latin, Hangul, Han, Kana, Cyrillic, Greek... or Common."""
    code = ord(char)
    i = bisect_right(_STARTS, code) - 1
    if i >= 0 and _RANGES[i][0] <= code <= _RANGES[i][1]:
        return _RANGES[i][2]
    return COMMON


def scripts(text: str) -> list[str]:
    """The script of every character of `text`; Common characters and combining marks take the
    script before them (else the one after), as UAX #24 script runs do."""
    out = [script_of(c) for c in text]
    last = next((s for s in out if s != COMMON), COMMON)
    for i, char in enumerate(text):
        if out[i] == COMMON or unicodedata.category(char).startswith("M"):
            out[i] = last
        else:
            last = out[i]
    return out


def main_scripts(text: str) -> tuple[str, ...]:
    """The scripts of `text` other than Common, in order of first use."""
    return tuple(dict.fromkeys(s for s in map(script_of, text) if s != COMMON))


_SHAPED = frozenset({"Arabic", "Hebrew", "Devanagari", "Thai"})


def shaped(char: str) -> bool:
    """Whether a shaper may join, reorder or reposition `char` with its neighbours: right-to-
    left text, the scripts above that shape (Arabic, Hebrew, Devanagari, Thai), and a letter
    of a script not listed here (Bengali, Khmer, Syriac...), which may too. A combining mark
    goes with its letter (U+0301 after an e is Latin)."""
    if unicodedata.bidirectional(char) in ("R", "AL"):
        return True
    script = script_of(char)
    return script in _SHAPED or (script == COMMON and unicodedata.category(char)[0] == "L")

