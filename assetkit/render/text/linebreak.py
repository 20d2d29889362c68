"""Korean line breaking: UAX #14 opportunities (uniseg) narrowed to keep-all, plus a per-syllable
fallback for a single word wider than its box; \\r ends a paragraph, \\x03 forces a line break."""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from types import ModuleType

PARAGRAPH = "\r"
FORCED = "\x03"
# UAX #14 classes of letters and digits: keep-all forbids a break between two of them.
LETTERS = frozenset({"ID", "H2", "H3", "JL", "JV", "JT", "AL", "HL", "NU", "AI", "CM"})
# Geumchik (MSDN Korean text guide): never start a line with these, never end one with those.
NO_LINE_START = frozenset("!%),.:;?]}」』’”…>〉》」』】〕｝）．，。、")
NO_LINE_END = frozenset("([{「『‘“<〈《【〔｛（")

Measure = Callable[[int, int], float]


def normalize(text: str) -> str:
    """NFC, with \\r\\n and \\n read as Photoshop's paragraph break \\r."""
    return unicodedata.normalize("NFC", text).replace("\r\n", PARAGRAPH).replace("\n", PARAGRAPH)


@dataclass(frozen=True)
class Span:
    """One laid-out line: text[start:end] (no break characters); `last` = ends its paragraph."""

    start: int
    end: int
    last: bool


def hard_lines(text: str) -> list[Span]:
    """Spans between hard breaks of normalized text: \\r (paragraph) and \\x03 (forced)."""
    out: list[Span] = []
    start = 0
    for i, char in enumerate(text):
        if char in (PARAGRAPH, FORCED):
            out.append(Span(start, i, char == PARAGRAPH))
            start = i + 1
    out.append(Span(start, len(text), True))
    return out


@cache
def _uax14() -> ModuleType:
    """uniseg's line breaking, loaded when the first text is broken into lines (uniseg reads
    its version from the package metadata on import: about 20 ms a process that sets none)."""
    from uniseg import linebreak

    return linebreak


@cache
def _uax29() -> ModuleType:
    """uniseg's grapheme clusters (UAX #29), loaded on first use."""
    from uniseg import graphemecluster

    return graphemecluster


@lru_cache(maxsize=4096)
def graphemes(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every user-perceived character of `text`: a letter with its marks, an
    emoji sequence, a flag, a Hangul syllable in jamo. Remembered per text (uniseg takes about
    1.5 ms a line, and a campaign sets the same lines in every slot)."""
    bounds = list(_uax29().grapheme_cluster_boundaries(text))
    return tuple(zip(bounds, bounds[1:], strict=False))


def _opportunities(text: str) -> list[int]:
    """Offsets (1..len-1) where UAX #14 allows a break before that character."""
    breakables = _uax14().line_break_breakables(text)
    return [i for i, ok in enumerate(breakables) if ok and 0 < i < len(text)]


def _letter(char: str) -> bool:
    return _uax14().line_break(char) in LETTERS


def keep_all_units(text: str) -> list[str]:
    """`text` cut at keep-all opportunities: spaces and punctuation, never inside a word."""
    cuts = [i for i in _opportunities(text) if not (_letter(text[i - 1]) and _letter(text[i]))]
    return _cut(text, cuts)


def _cut(text: str, cuts: list[int]) -> list[str]:
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _geumchik_ok(text: str, i: int) -> bool:
    return text[i] not in NO_LINE_START and text[i - 1] not in NO_LINE_END and not (
        unicodedata.category(text[i]).startswith("M"))


def syllable_units(word: str) -> list[str]:
    """A word cut between every pair of syllables/letters a line may break between: UAX #14's
    opportunities when it has any, else every character boundary allowed by geumchik."""
    cuts = [i for i in _opportunities(word) if _geumchik_ok(word, i)]
    if not cuts:
        cuts = [i for i in range(1, len(word)) if _geumchik_ok(word, i)]
    return _cut(word, cuts)


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\u3000":
        end -= 1
    return end


def _units(text: str, line: Span, width: float, measure: Measure) -> Iterator[tuple[int, int]]:
    """Keep-all units of one hard line as offsets; a unit wider than `width` alone is split
    between syllables (CSS overflow-wrap: anywhere)."""
    pos = line.start
    for unit in keep_all_units(text[line.start:line.end]):
        end = pos + len(unit)
        if measure(pos, _trimmed_end(text, pos, end)) <= width:
            yield pos, end
        else:
            for piece in syllable_units(unit):
                yield pos, pos + len(piece)
                pos += len(piece)
        pos = end


def wrap(text: str, width: float | None, measure: Measure) -> list[Span]:
    """Greedy keep-all lines of normalized `text`; width None = break only at hard breaks.
    `measure(start, end)` is the advance width of text[start:end]; trailing spaces hang."""
    out: list[Span] = []
    for hard in hard_lines(text):
        if width is None or hard.end == hard.start:
            out.append(hard)
            continue
        start = hard.start
        for a, b in _units(text, hard, width, measure):
            if a > start and measure(start, _trimmed_end(text, start, b)) > width:
                out.append(Span(start, a, False))
                start = a
        out.append(Span(start, hard.end, hard.last))
    return out
