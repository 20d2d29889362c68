"""The offline provider, term protection and the translation memory, with no network at all."""
from __future__ import annotations

import pytest

from assetkit.errors import TranslationError
from assetkit.localize.memory import TranslationMemory, default_memory_path
from assetkit.localize.protect import Terms, protect, restore
from assetkit.localize.translators import (
    PROVIDERS,
    OfflineTranslator,
    ProviderOptions,
    machine_translate,
)
from assetkit.localize.units import StringUnit
from assetkit.model import BrandRules, frozen_map

RULES = BrandRules(glossary=frozen_map({"serum": "세럼"}), do_not_translate=("HANEUL",))


def test_providers_are_one_plain_dict():
    assert list(PROVIDERS) == ["libre", "deepl", "papago", "google", "microsoft", "offline"]


def test_protection_keeps_brand_names_units_and_prices():
    masked = protect("HANEUL serum 50ml for ₩25,600 (30% off), 2 pcs", Terms.from_rules(RULES))
    assert masked.text == "⟦0⟧ ⟦1⟧ ⟦2⟧ for ⟦3⟧ (⟦4⟧ off), ⟦5⟧"
    assert masked.slots == ("HANEUL", "세럼", "50ml", "₩25,600", "30%", "2 pcs")
    assert restore("⟦0⟧ ⟦1⟧ ⟦2⟧ ⟦3⟧ (⟦ 4 ⟧ 할인), ⟦5⟧", masked) == (
        "HANEUL 세럼 50ml ₩25,600 (30% 할인), 2 pcs")


def test_a_dropped_protected_term_is_an_error():
    masked = protect("HANEUL toner", Terms.from_rules(RULES))
    with pytest.raises(TranslationError, match=r"lost protected term\(s\) 'HANEUL'"):
        restore("토너", masked, "libre")


def test_offline_uses_entries_glossary_and_memory(tmp_path):
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    memory.put("libre", "en", "ko", "Free shipping", "무료 배송")
    offline = OfflineTranslator(ProviderOptions(entries={"Sale": "세일"}, memory=memory,
                                                terms=Terms.from_rules(RULES)))
    assert offline.translate(["Sale", "Serum", "Free shipping", "HANEUL serum 50ml", "🤣"],
                             "en", "ko") == ["세일", "세럼", "무료 배송", "HANEUL 세럼 50ml", "🤣"]


def test_offline_names_what_it_does_not_know():
    with pytest.raises(TranslationError) as caught:
        OfflineTranslator().translate(["Sale", "New", "Sale"], "en", "ko")
    assert str(caught.value) == (
        "offline: no translation known for 2 string(s) ('Sale', 'New'); add them to a "
        "translations file, the glossary or use --mt libre")


def test_machine_translate_maps_paragraphs_and_marks_review():
    unit = StringUnit(id="page#3", resname="Hero", source="Sale\rtoday", layer_id=3,
                      document="page.psd")
    offline = OfflineTranslator(ProviderOptions(entries={"Sale\ntoday": "오늘\n세일"}))
    [(uid, tr)] = machine_translate([unit], offline, "en", "ko").translations.items()
    assert (uid, tr.source, tr.target, tr.state) == (
        "page#3", "Sale\rtoday", "오늘\r세일", "needs-review-translation")


def test_memory_lives_in_the_cache_dir(tmp_path):
    assert default_memory_path({"ASSETKIT_CACHE_DIR": str(tmp_path)}) == (
        tmp_path / "translation-memory.sqlite3")
