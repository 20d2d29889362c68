"""Shield glossary terms, do-not-translate terms, numbers, prices and units from MT."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import TranslationError

# Prices (₩25,600  $9.99  25,600원), amounts with units (50ml, 1.5 kg, 30%), bare numbers.
_CURRENCY = r"[₩$€£¥]"
_NUMBER = r"\d+(?:[.,]\d+)*"
_UNITS = (r"fl\.?\s?oz|ml|mL|ML|l|L|kg|mg|g|cm|mm|km|m|oz|lb|lbs|in|ft|px|pcs|ea|EA|"
          r"%|원|개|매|g/㎡|㎖|㎏|㎎|㎝|㎜")
_AMOUNTS = re.compile(
    rf"{_CURRENCY}\s?{_NUMBER}|{_NUMBER}\s?(?:{_UNITS})(?![A-Za-z])|{_NUMBER}", re.UNICODE)
_TOKEN = re.compile(r"⟦\s*(\d+)\s*⟧")


@dataclass(frozen=True)
class Masked:
    """A text with protected spans replaced by ⟦n⟧ and what each token stands for."""

    text: str
    slots: tuple[str, ...]  # what to put back for token n

    @property
    def only_tokens(self) -> bool:
        """Nothing left to translate (e.g. a price or a brand name alone)."""
        return not any(c.isalpha() for c in _TOKEN.sub("", self.text))


@dataclass(frozen=True)
class Terms:
    """What must survive MT: glossary (source term -> required target) and do-not-translate."""

    glossary: Mapping[str, str]
    keep: Sequence[str] = ()

    @classmethod
    def from_rules(cls, rules: object | None) -> Terms:
        """From BrandRules (glossary, do_not_translate), or nothing."""
        if rules is None:
            return cls({}, ())
        return cls(dict(getattr(rules, "glossary", {}) or {}),
                   tuple(getattr(rules, "do_not_translate", ()) or ()))


def _term_pattern(terms: Terms) -> re.Pattern | None:
    # Longest first, so "HANEUL Serum" wins over "HANEUL"; whole words only.
    words = sorted({*terms.keep, *terms.glossary}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words if w))


def protect(text: str, terms: Terms) -> Masked:
    """Replace protected spans by ⟦n⟧ tokens; glossary terms come back as their target."""
    slots: list[str] = []
    lower_glossary = {k.lower(): v for k, v in terms.glossary.items()}

    def token(value: str) -> str:
        slots.append(value)
        return f"⟦{len(slots) - 1}⟧"

    def term(match: re.Match) -> str:
        found = match.group()
        if found in terms.keep:
            return token(found)
        return token(terms.glossary.get(found, lower_glossary.get(found.lower(), found)))

    pattern = _term_pattern(terms)
    masked = pattern.sub(term, text) if pattern else text
    # Numbers inside tokens (⟦0⟧) must not be tokenised again: split them out first.
    parts = re.split(r"(⟦\d+⟧)", masked)
    masked = "".join(p if _TOKEN.fullmatch(p) else _AMOUNTS.sub(lambda m: token(m.group()), p)
                     for p in parts)
    return Masked(masked, tuple(slots))


def restore(translated: str, masked: Masked, provider: str = "") -> str:
    """Put the protected spans back; a token the provider dropped is an error, unless the span
    is in the output anyway."""
    seen: set[int] = set()

    def back(match: re.Match) -> str:
        index = int(match.group(1))
        if index >= len(masked.slots):
            return match.group()
        seen.add(index)
        return masked.slots[index]

    out = _TOKEN.sub(back, translated)
    lost = [s for i, s in enumerate(masked.slots) if i not in seen and s not in out]
    if lost:
        raise TranslationError(f"{provider or 'MT'}: the translation lost protected term(s) "
                               f"{', '.join(repr(s) for s in lost)} in {translated!r}")
    return out
