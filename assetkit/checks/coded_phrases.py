"""Variant: the slot's and the brand's phrase rules on every type layer's text and every coded
string: a forbidden phrase found, a required one missing (Korean spacing variants match)."""
from __future__ import annotations

import re

from ..coded import PhraseRule, phrases_of
from ..coded.normalize import canonical, fold
from ..errors import NotApplicable
from ..findings import on_layer
from ..model import Finding
from .base import AppliesTo, CheckContext
from .coded_copy import coded_pairs, image_copy
from .rendered import VariantContext

ID = "coded.phrases"
APPLIES_TO: AppliesTo = "variant"
NEEDS_SLOT = False
CODES = ("coded.forbidden-phrase", "coded.missing-phrase")


def matches(rule: PhraseRule, text: str) -> bool:
    """Plain text on folded text (spacing, case, punctuation aside); a regex on the canonical
    text, and on it without spaces."""
    if not rule.regex:
        return fold(rule.pattern) in fold(text)
    plain = canonical(text)
    return bool(re.search(rule.pattern, plain) or re.search(rule.pattern, re.sub(r"\s", "", plain)))


def _why(rule: PhraseRule) -> str:
    return f"{rule.pattern!r}" + (f" ({rule.reason})" if rule.reason else "")


def run(asset: VariantContext, ctx: CheckContext) -> list[Finding]:
    rules = phrases_of(asset.slot.phrases, asset.brand.phrases if asset.brand else None)
    if not rules.forbid and not rules.require:
        raise NotApplicable("neither the slot nor the brand has phrase rules")
    texts: list[tuple[str | None, str, str]] = [(c.layer, f"layer '{c.layer}'", c.text) for c in image_copy(asset)]
    texts += [(None, f"coded '{a.name}'", t) for a, t in coded_pairs(asset)]
    findings = []
    for rule in rules.forbid:
        for layer, what, text in texts:
            if matches(rule, text):
                where = on_layer(asset.where, layer) if layer else asset.where
                findings.append(Finding("coded.forbidden-phrase", "error",
                                        f"{what} says forbidden {_why(rule)}", **where))
    for rule in rules.require:
        if not any(matches(rule, text) for _, _, text in texts):
            findings.append(Finding("coded.missing-phrase", "warning",
                                    f"no text or coded string says required {_why(rule)}",
                                    **asset.where))
    return findings
