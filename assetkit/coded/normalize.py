"""Copy normalisation, pure: the facts a piece of copy states (percentages, prices, dates and
ranges, counts) in one canonical form, so the image's text and the platform's coded text can be
compared; and the folded form phrases and headlines are matched on."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

FactKind = Literal["percent", "price", "until", "from", "count", "bundle"]
_WORD = {"만": 10_000, "천": 1_000}
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_DATE = r"(\d{1,2})\s*(?:[/.]|월)\s*(\d{1,2})\s*일?"
_TILDE = r"[~〜∼-]"


@dataclass(frozen=True, order=True)
class Fact:
    """One stated value: `kind` and its canonical text (`50`, `10000원`, `12/31`, `1+1`)."""

    kind: FactKind
    value: str

    def __str__(self) -> str:
        return {"percent": f"{self.value}%", "until": f"until {self.value}",
                "from": f"from {self.value}"}.get(self.kind, self.value)


def canonical(text: str) -> str:
    """NFKC (full-width digits and signs become ASCII: `５０％` -> `50%`, `～` -> `~`)."""
    return unicodedata.normalize("NFKC", text)


def fold(text: str) -> str:
    """What phrases and headlines are matched on: canonical, case-folded, without spaces or
    punctuation (`무료 배송!` and `무료배송` fold alike)."""
    return "".join(ch for ch in canonical(text).casefold()
                   if not (ch.isspace() or unicodedata.category(ch)[0] in "PZ"))


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _fmt(value: float) -> str:
    return f"{value:.10g}"


def _korean_amount(match: re.Match) -> str:
    """`1만 2천` -> `12000` (a number followed by 만/천, optionally twice)."""
    total = 0.0
    for num, word in re.findall(rf"({_NUM})\s*([만천])", match[0]):
        total += _number(num) * _WORD[word]
    return _fmt(total)


def _expand_words(text: str) -> str:
    return re.sub(rf"(?:{_NUM}\s*[만천]\s*)+(?=원)", _korean_amount, text)


def _date(month: str, day: str) -> str:
    return f"{int(month)}/{int(day)}"


def _dates(text: str) -> tuple[list[Fact], str]:
    facts: list[Fact] = []
    ranged = rf"{_DATE}\s*{_TILDE}\s*{_DATE}"
    for m in re.finditer(ranged, text):
        facts += [Fact("from", _date(m[1], m[2])), Fact("until", _date(m[3], m[4]))]
    text = re.sub(ranged, " ", text)
    for m in re.finditer(rf"{_TILDE}\s*{_DATE}|{_DATE}\s*까지", text):
        month, day = (m[1], m[2]) if m[1] else (m[3], m[4])
        facts.append(Fact("until", _date(month, day)))
    text = re.sub(rf"{_TILDE}\s*{_DATE}|{_DATE}\s*까지", " ", text)
    for m in re.finditer(rf"{_DATE}\s*부터", text):
        facts.append(Fact("from", _date(m[1], m[2])))
    return facts, re.sub(rf"{_DATE}\s*부터", " ", text)


def facts(text: str) -> frozenset[Fact]:
    """Every percentage, price, date bound and count `text` states, canonical."""
    text = _expand_words(canonical(text))
    found, text = _dates(text)
    found += [Fact("bundle", f"{m[1]}+{m[2]}") for m in re.finditer(r"(\d+)\s*\+\s*(\d+)", text)]
    found += [Fact("percent", _fmt(_number(m[1]))) for m in re.finditer(rf"({_NUM})\s*%", text)]
    found += [Fact("price", _fmt(_number(m[1])) + "원")
              for m in re.finditer(rf"({_NUM})\s*원", text)]
    found += [Fact("price", _fmt(_number(m[1])) + "원")
              for m in re.finditer(rf"₩\s*({_NUM})", text)]
    found += [Fact("price", "$" + _fmt(_number(m[1])))
              for m in re.finditer(rf"\$\s*({_NUM})", text)]
    found += [Fact("count", f"{int(m[1])}{m[2]}")
              for m in re.finditer(r"(\d+)\s*(개|매|장|팩|병|입|종)", text)]
    return frozenset(found)


def conflicts(image: str, coded: str) -> list[tuple[FactKind, frozenset[Fact], frozenset[Fact]]]:
    """(kind, image's facts, coded facts) of each kind both state but with no value in common."""
    mine, theirs = facts(image), facts(coded)
    out = []
    for kind in sorted({f.kind for f in mine} & {f.kind for f in theirs}):
        a = frozenset(f for f in mine if f.kind == kind)
        b = frozenset(f for f in theirs if f.kind == kind)
        if not a & b:
            out.append((kind, a, b))
    return out


def repeats(headline: str, title: str, min_chars: int = 4) -> bool:
    """The headline says the title again: equal when folded, or one holds the other whole
    (both at least `min_chars` folded characters, so `50%` alone is no repeat)."""
    a, b = fold(headline), fold(title)
    if min(len(a), len(b)) < min_chars:
        return False
    return a == b or a in b or b in a
