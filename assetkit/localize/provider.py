"""What a machine-translation provider is (a Protocol), the options it is built with, and the
flow every network provider shares (memory, protected terms, de-duplication)."""
from __future__ import annotations

import os
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..errors import TranslationError
from .memory import NEEDS_REVIEW, TranslationMemory
from .protect import Terms, protect, restore


class PartialTranslation(TranslationError):
    """Some texts came back without a protected number or term: `outputs` has every text, those
    left in the source language; `lost` says why, by index."""

    def __init__(self, outputs: list[str], lost: Mapping[int, str]) -> None:
        super().__init__(f"{len(lost)} text(s) lost protected terms: " + "; ".join(lost.values()))
        self.outputs, self.lost = outputs, dict(lost)


class Translator(Protocol):
    """Translates plain texts ("\\n" line breaks); one output per input, in order."""

    name: str

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]: ...


@dataclass(frozen=True)
class ProviderOptions:
    """Everything a provider may need; each provider takes what applies to it."""

    url: str | None = None
    memory: TranslationMemory | None = None
    terms: Terms = field(default_factory=lambda: Terms({}, ()))
    timeout: float = 10.0  # seconds per connect / read
    retries: int = 3  # extra attempts after a retryable failure (mt_http: one policy for all)
    backoff: float = 0.5  # first delay; doubles each retry; a longer Retry-After wins
    key_env: str = "ASSETKIT_MT_KEY"  # the variable holding the API key, read at call time
    id_env: str = "ASSETKIT_MT_ID"  # Papago's client id; Microsoft's resource region (optional)
    env: Mapping[str, str] = field(default_factory=lambda: os.environ)
    sleep: Callable[[float], None] = time.sleep
    entries: Mapping[str, str] = field(default_factory=dict)  # offline: source -> target


def translate_cached(call: Callable[[list[str], str, str], list[str]], provider: str,
                     texts: Sequence[str], source: str, target: str,
                     memory: TranslationMemory | None, terms: Terms) -> list[str]:
    """The shared flow of a network provider: NFC, de-duplicate, answer from the translation
    memory, shield protected terms, `call` for the rest, restore, remember (needs review). A
    text whose protected terms did not come back stays in the source language, the others go
    on: PartialTranslation carries them all."""
    texts = [unicodedata.normalize("NFC", t) for t in texts]
    done: dict[str, str] = {}
    todo = []
    for text in dict.fromkeys(texts):
        hit = memory.get(provider, source, target, text) if memory else None
        masked = protect(text, terms)
        if hit is not None:
            done[text] = hit.target
        elif masked.only_tokens:  # a price, a brand name, an emoji: nothing to send
            done[text] = restore(masked.text, masked, provider)
        else:
            todo.append((text, masked))
    lost: dict[str, str] = {}
    if todo:
        outputs = call([m.text for _, m in todo], source, target)
        for (text, masked), out in zip(todo, outputs, strict=True):
            try:
                done[text] = restore(unicodedata.normalize("NFC", out), masked, provider)
            except TranslationError as exc:  # this text only: it stays in the source language
                done[text], lost[text] = text, str(exc)
                continue
            if memory:
                memory.put(provider, source, target, text, done[text], NEEDS_REVIEW)
    if lost:
        raise PartialTranslation([done[t] for t in texts],
                                 {i: lost[t] for i, t in enumerate(texts) if t in lost})
    return [done[t] for t in texts]
