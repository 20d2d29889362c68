"""Korean line breaking: keep-all between words, syllable fallback, geumchik, hard breaks."""
from __future__ import annotations

from assetkit.render.text.linebreak import keep_all_units, syllable_units, wrap


def _lines(text: str, width: float | None, per_char: float = 10.0) -> list[str]:
    return [text[s.start:s.end] for s in wrap(text, width, lambda a, b: (b - a) * per_char)]


def test_narrow_box_breaks_korean_only_at_spaces():
    text = "촉촉한 하늘빛 세럼을 지금 만나보세요"
    lines = _lines(text, 60)
    assert lines == ["촉촉한 ", "하늘빛 ", "세럼을 지금 ", "만나보세요"]
    words = set(text.split())
    assert all(w in words for line in lines for w in line.split())


def test_single_long_word_breaks_between_syllables():
    assert _lines("가나다라마바사아자차카타파하", 45) == ["가나다라", "마바사아", "자차카타", "파하"]


def test_brackets_and_punctuation_stay_with_their_words():
    units = keep_all_units("주문하세요(무료 배송).")
    assert units == ["주문하세요", "(무료 ", "배송)."]
    assert _lines("주문하세요(무료 배송).", 60) == ["주문하세요", "(무료 ", "배송)."]


def test_syllable_fallback_respects_geumchik():
    pieces = syllable_units("하늘빛(세럼)입니다.")
    assert not any(p[0] in ")." for p in pieces[1:])  # nothing starts a line with ) or .
    assert not any(p.endswith("(") for p in pieces)  # nothing ends a line with (
    assert "".join(pieces) == "하늘빛(세럼)입니다."


def test_latin_word_without_opportunities_breaks_anywhere_but_before_punctuation():
    assert _lines("abcdefgh!", 30) == ["abc", "def", "gh!"]


def test_forced_break_and_paragraphs():
    spans = wrap("첫 줄\x03둘째\r셋째", None, lambda a, b: 0.0)
    text = "첫 줄\x03둘째\r셋째"
    assert [(text[s.start:s.end], s.last) for s in spans] == [
        ("첫 줄", False), ("둘째", True), ("셋째", True)]


def test_empty_paragraphs_are_kept():
    assert _lines("a\r\rb", None) == ["a", "", "b"]
