"""Machine translation behind one Protocol, providers registered in one plain dict."""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..errors import TranslationError, UsageError
from ..model import BrandRules
from .memory import NEEDS_REVIEW
from .protect import protect, restore
from .provider import PartialTranslation, ProviderOptions, Translator, translate_cached
from .units import StringUnit, Translation, from_file_text, source_language, to_file_text

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


def _network(name: str) -> Callable[[ProviderOptions], Translator]:
    def build(options: ProviderOptions) -> Translator:
        # Imported on use: requests (and deep-translator's tables) load only when MT is asked for.
        from .mt_providers import network_provider

        return network_provider(name, options)

    return build


PROVIDERS: dict[str, Callable[[ProviderOptions], Translator]] = {
    "libre": _network("libre"),
    "deepl": _network("deepl"),
    "papago": _network("papago"),
    "google": _network("google"),
    "microsoft": _network("microsoft"),
    "offline": OfflineTranslator,
}
# deep-translator has clients for these; none is wired (see the README's status table).
NOT_WIRED = ("mymemory", "yandex", "baidu", "chatgpt")


def make_translator(name: str, options: ProviderOptions = ProviderOptions()) -> Translator:
    """The provider called `name`, built with `options`."""
    if name in NOT_WIRED:
        raise UsageError(f"MT provider '{name}' is not wired in assetkit yet; use one of "
                         f"{', '.join(PROVIDERS)}")
    if name not in PROVIDERS:
        raise UsageError(f"unknown MT provider '{name}'; use one of {', '.join(PROVIDERS)}")
    return PROVIDERS[name](options)


@dataclass(frozen=True)
class MachineOutput:
    """What machine translation gave: a Translation per unit id (needs review), and the units
    kept in the source language because the engine dropped a protected number or term (unit
    id -> why)."""

    translations: dict[str, Translation]
    lost: dict[str, str]


def in_script_of(text: str, lang: str) -> bool:
    """At least half of the text's letters are in `lang`'s script (Hangul for ko, kana or Han
    for ja, Han for zh): there is nothing to translate into `lang`."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(source_language(c) == lang for c in letters) * 2 >= len(letters)


def machine_translate(units: Iterable[StringUnit], translator: Translator, source: str | None,
                      target: str) -> MachineOutput:
    """A needs-review-translation Translation per unit. A unit at least half in the target's
    script is kept as it is, never sent; without a `source` language each other unit is sent
    from its own (units.source_language); a unit whose protected terms the engine dropped stays
    in the source language (MachineOutput.lost), the rest go on."""
    groups: dict[str, list[StringUnit]] = {}
    for unit in units:
        lang = target if in_script_of(unit.source, target) else (
            source or source_language([unit.source]))
        groups.setdefault(lang, []).append(unit)
    found: dict[str, Translation] = {}
    lost: dict[str, str] = {}
    for lang, members in groups.items():
        texts = [to_file_text(u.source) for u in members]
        try:
            outputs = texts if lang == target else translator.translate(texts, lang, target)
        except PartialTranslation as partial:
            outputs = partial.outputs
            lost.update({members[i].id: why for i, why in partial.lost.items()})
        found.update({u.id: Translation(source=u.source, target=from_file_text(out),
                                        state=NEEDS_REVIEW)
                      for u, out in zip(members, outputs, strict=True)})
    return MachineOutput(found, lost)


@dataclass(frozen=True)
class MachineTranslation:
    """A machine-translation provider to build (README, "Machine translation"): its name, the
    server's URL, the timeout per request and the environment variables holding the API key and
    the second credential (Papago's client id, Microsoft's resource region)."""

    provider: str
    url: str | None = None
    timeout: float = 10.0
    key_env: str = "ASSETKIT_MT_KEY"
    id_env: str = "ASSETKIT_MT_ID"


def machine_translator(mt: MachineTranslation, brand: BrandRules | None) -> Translator:
    """The provider `mt` names, with a translation memory and the brand's protected terms."""
    from .memory import TranslationMemory
    from .protect import Terms

    return make_translator(mt.provider, ProviderOptions(
        url=mt.url, memory=TranslationMemory(), terms=Terms.from_rules(brand),
        timeout=mt.timeout, key_env=mt.key_env, id_env=mt.id_env))
