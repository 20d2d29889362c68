"""Role words in agency layer names, in four languages, and roles read from the copy."""
from __future__ import annotations

import pytest

from assetkit.understand.words import base_name, copy_role, name_role


@pytest.mark.parametrize("name, role", [
    ("sub copy", "sub"), ("서브카피", "sub"), ("카피", "sub"), ("상품 설명", "product"),
    ("가격", "price"), ("판매가 텍스트", "price"), ("할인 뱃지", "badge"), ("버튼", "cta"),
    ("Shop Now btn", "cta"), ("文案", "sub"), ("价格", "price"), ("按钮", "cta"),
    ("コピー", "sub"), ("価格", "price"), ("ロゴ", "logo"), ("로고 복사", "logo"),
    ("Main Title", "headline"), ("main copy", "headline"), ("Main Copy 2", "headline"),
    ("메인 카피", "headline"), ("sub copy", "sub"), ("head copy", "headline"), ("legal", "legal"), ("유의사항", "legal"), ("배경", "bg")])
def test_role_words_in_four_languages(name, role):
    found = name_role(name)
    assert found is not None and found[0] == role, (name, found)


@pytest.mark.parametrize("name", ["Layer 12", "레이어 7", "그룹 3", "Rectangle 2 copy",
                                  "타원 1", "Layer 4", "SUMMER", "Group 1 copy 2",
                                  "图层 1 拷贝", "レイヤー 1のコピー", "Subtract"])
def test_names_no_heuristic_may_read(name):
    assert name_role(name) is None, name


def test_duplicate_suffixes_are_not_role_words():
    assert base_name("Rectangle 2 copy 3") == "rectangle 2"
    assert base_name("레이어 1 복사") == "레이어 1"
    assert base_name("カピ のコピー") == "カピ"


@pytest.mark.parametrize("text, role", [
    ("29,900원", "price"), ("$19.99", "price"), ("₩ 12,000", "price"), ("1,980円", "price"),
    ("1+1", "badge"), ("-30%", "badge"), ("30% OFF", "badge"), ("SALE", "badge"),
    ("지금 구매하기", None), ("Summer breeze in a bottle", None),
    ("Free shipping on orders over $50 for members of the club", None)])
def test_copy_that_says_its_role(text, role):
    assert copy_role(text) == role
