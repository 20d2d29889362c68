"""Source: no text layer spells the brand name or wordmark (the logo must be the master artwork)."""
from __future__ import annotations

import unicodedata

from ..errors import NotApplicable
from ..model import Finding
from .base import AppliesTo, CheckContext, SourceFile

ID = "logo-text"
APPLIES_TO: AppliesTo = "source"
NEEDS_SLOT = False
CODES = ("logo.typed-as-text",)


def normalise(text: str) -> str:
    """NFC, casefolded, every whitespace and control character (\\r, \\x03) removed."""
    text = unicodedata.normalize("NFC", text).casefold()
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cc")


def run(asset: SourceFile, ctx: CheckContext) -> list[Finding]:
    brand = ctx.brand
    names = {normalise(n): n for n in (brand.name, brand.wordmark) if n} if brand else {}
    names.pop("", None)
    if not names:
        raise NotApplicable("the brand rules name no brand name or wordmark")
    findings = []
    for layer in asset.document.scene.layers:
        if layer.text is None:
            continue
        hit = names.get(normalise(layer.text.text))
        if hit is not None:
            findings.append(Finding(
                "logo.typed-as-text", "error",
                f"text layer '{layer.path_str}' spells '{hit}': place the logo master, "
                "not typed text", source=asset.stem, layer=layer.path_str))
    return findings
