"""Copy normalisation: the facts copy states, canonical, and when two copies disagree."""
from __future__ import annotations

import pytest

from assetkit.coded.normalize import Fact, conflicts, facts, fold, repeats


@pytest.mark.parametrize(("a", "b"), [
    ("50%", "50 %"),
    ("1만원", "10,000원"),
    ("1만 2천원", "12,000 원"),
    ("₩10,000", "10000원"),
    ("１２/３１까지", "~12/31"),
    ("～12/31", "~12/31"),
    ("12월 31일까지", "~12/31"),
    ("５０％", "50%"),
    ("1＋1", "1+1"),
    ("2개", "2 개"),
])
def test_the_same_fact_written_two_ways_normalises_alike(a, b):
    assert facts(a) == facts(b) != frozenset()
    assert conflicts(a, b) == []


def test_percent_price_date_count_facts():
    assert facts("최대 50% 할인 1+1 2개 $9.90 12/1~12/31") == {
        Fact("percent", "50"), Fact("bundle", "1+1"), Fact("count", "2개"),
        Fact("price", "$9.9"), Fact("from", "12/1"), Fact("until", "12/31")}


def test_disagreeing_copy_conflicts_by_kind():
    assert conflicts("최대 50%", "40% 할인") == [
        ("percent", frozenset({Fact("percent", "50")}), frozenset({Fact("percent", "40")}))]
    assert [k for k, _, _ in conflicts("12/31까지", "~1/15")] == ["until"]
    assert conflicts("최대 50% 12/31까지", "가을 세일") == []  # nothing stated twice


def test_fold_and_repeats():
    assert fold("무료 배송!") == fold("무료배송") == "무료배송"
    assert repeats("가을 신상 세일", "가을신상 세일!")
    assert not repeats("50%", "50%")  # too short to be a headline
    assert not repeats("가을 신상 세일", "겨울 코트 특가")
