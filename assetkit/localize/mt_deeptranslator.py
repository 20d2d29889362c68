"""deep-translator's language tables: what assetkit takes from it (the only deep_translator importer).

Its clients do not send assetkit's requests: they call module-level `requests` with no timeout,
retry policy or session to hand in (only patching its modules would change that, which we never
do), and on the wire three are out of date: DeepL's sends `auth_key` as a query parameter,
refused (403) since DeepL's November 2025 change; Papago's posts to the retired Naver Developers
endpoint; Microsoft's constructor downloads the language list from the internet. Its Google
client scrapes translate.google.com, not the paid Cloud Translation API. So each provider's
request is built in mt_providers and sent through mt_http; the language codes LibreTranslate,
Papago and Google accept come from here, checked before any request."""
from __future__ import annotations

from deep_translator.constants import (
    GOOGLE_LANGUAGES_TO_CODES,
    LIBRE_LANGUAGES_TO_CODES,
    PAPAGO_LANGUAGE_TO_CODE,
)

from ..errors import TranslationError

# provider -> (codes the service accepts, the client deep-translator knows them from). Not DeepL:
# deep-translator's DeepL table predates Korean (2023), so DeepL and Microsoft judge codes.
TABLES: dict[str, tuple[frozenset[str], str]] = {
    "libre": (frozenset(LIBRE_LANGUAGES_TO_CODES.values()), "LibreTranslator"),
    "papago": (frozenset(PAPAGO_LANGUAGE_TO_CODE), "PapagoTranslator"),  # code -> name there
    "google": (frozenset(GOOGLE_LANGUAGES_TO_CODES.values()), "GoogleTranslator"),
}


def language_code(provider: str, lang: str) -> str | None:
    """`lang` ('ko', 'ko-KR', 'zh_CN') as `provider` spells it, or None when it has no such
    language: the full tag first, then its primary subtag ('ko-KR' -> 'ko')."""
    codes, _ = TABLES[provider]
    by_lower = {c.lower(): c for c in codes}
    tag = lang.replace("_", "-").lower()
    primary = tag.split("-")[0]
    for candidate in (tag, primary, f"{primary}-cn"):  # Papago and Google say zh-CN for zh
        if candidate in by_lower:
            return by_lower[candidate]
    return None


def language_pair(provider: str, source: str, target: str) -> tuple[str, str]:
    """Both codes of a translation for `provider`; a language deep-translator does not list
    for it is a TranslationError before any request."""
    src, tgt = language_code(provider, source), language_code(provider, target)
    if src is None or tgt is None:
        raise TranslationError(f"{provider}: language pair {source}->{target} is not supported "
                               f"(deep-translator's {TABLES[provider][1]} does not list "
                               f"{source if src is None else target})")
    return src, tgt
