"""Machine translation behind one Protocol, providers registered in one plain dict."""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence

from ..errors import TranslationError, UsageError
from .memory import NEEDS_REVIEW
from .protect import protect, restore
from .provider import ProviderOptions, Translator, translate_cached
from .units import StringUnit, Translation, from_file_text, to_file_text

__all__ = ["PROVIDERS", "OfflineTranslator", "ProviderOptions", "Translator", "machine_translate",
           "make_translator", "translate_cached"]


class OfflineTranslator:
    """No network: known strings only (a dictionary, the glossary, the translation memory of any
    provider); strings with nothing to translate pass through; anything else is an error."""

    name = "offline"

    def __init__(self, options: ProviderOptions = ProviderOptions()) -> None:
        self.entries = {unicodedata.normalize("NFC", k): v for k, v in options.entries.items()}
        self.memory = options.memory
        self.terms = options.terms
        self._glossary = {k.lower(): v for k, v in options.terms.glossary.items()}

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        out, unknown = [], []
        for text in (unicodedata.normalize("NFC", t) for t in texts):
            found = self._lookup(text, source, target)
            if found is None:
                unknown.append(text)
            out.append(found or "")
        if unknown:
            shown = ", ".join(repr(t) for t in list(dict.fromkeys(unknown))[:3])
            raise TranslationError(
                f"offline: no translation known for {len(set(unknown))} string(s) ({shown}); "
                f"add them to a translations file, the glossary or use --mt libre")
        return out

    def _lookup(self, text: str, source: str, target: str) -> str | None:
        if text in self.entries:
            return self.entries[text]
        if text.lower() in self._glossary:
            return self._glossary[text.lower()]
        hit = self.memory.get_any(source, target, text) if self.memory else None
        if hit is not None:
            return hit.target
        masked = protect(text, self.terms)
        return restore(masked.text, masked, self.name) if masked.only_tokens else None


def _libre(options: ProviderOptions) -> Translator:
    # Imported on use: deep-translator (and requests) load only when MT is asked for.
    from .mt_deeptranslator import LibreTranslate

    return LibreTranslate(options)


PROVIDERS: dict[str, Callable[[ProviderOptions], Translator]] = {
    "libre": _libre,
    "offline": OfflineTranslator,
}
# deep-translator has classes for these; none is wired (see the README's status table).
NOT_WIRED = ("google", "deepl", "papago", "microsoft", "mymemory", "yandex", "baidu", "chatgpt")


def make_translator(name: str, options: ProviderOptions = ProviderOptions()) -> Translator:
    """The provider called `name`, built with `options`."""
    if name in NOT_WIRED:
        raise UsageError(f"MT provider '{name}' is not wired in assetkit yet; use one of "
                         f"{', '.join(PROVIDERS)}")
    if name not in PROVIDERS:
        raise UsageError(f"unknown MT provider '{name}'; use one of {', '.join(PROVIDERS)}")
    return PROVIDERS[name](options)


def machine_translate(units: Iterable[StringUnit], translator: Translator, source: str,
                      target: str) -> dict[str, Translation]:
    """{unit id: Translation} from the machine, state needs-review-translation."""
    units = list(units)
    outputs = translator.translate([to_file_text(u.source) for u in units], source, target)
    return {u.id: Translation(source=u.source, target=from_file_text(out), state=NEEDS_REVIEW)
            for u, out in zip(units, outputs, strict=True)}
