"""Role words in layer names (English, Korean, Chinese, Japanese) and role patterns in copy.

Agency layer names are free text: `sub copy`, `서브카피`, `가격`, `按钮`, `コピー`. Photoshop's
duplicate suffixes (`Rectangle 2 copy`, `레이어 1 복사`, `图层 1 拷贝`, `のコピー`) are not
role words and are stripped first. Korean, Chinese and Japanese words match inside a name (they
are written without spaces); Latin words match whole."""
from __future__ import annotations

import re

# role -> words; Latin words match as whole words, the others as substrings
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "bg": ("background", "bg", "backdrop", "배경", "背景"),
    "logo": ("logo", "logotype", "brand", "bi", "ci", "wordmark", "로고", "브랜드", "标志",
             "商标", "ロゴ"),
    "product": ("product", "packshot", "item", "bottle", "제품", "상품", "产品", "商品", "製品"),
    "headline": ("headline", "title", "heading", "head", "main copy", "maincopy", "main title",
                 "헤드",
                 "타이틀", "제목", "메인카피", "메인 카피", "标题", "主标题", "タイトル", "見出し"),
    "sub": ("sub", "subline", "subtitle", "subcopy", "sub copy", "ad copy", "copy", "desc",
            "description", "body", "text", "txt",
            "카피", "서브", "설명", "문구", "副标题", "文案", "说明", "コピー", "説明", "サブ"),
    "price": ("price", "가격", "판매가", "할인가", "정가", "价格", "価格", "値段", "売価"),
    "badge": ("badge", "sale", "discount", "sticker", "할인", "뱃지", "배지", "스티커",
              "徽章", "折扣", "バッジ", "割引", "セール"),
    "cta": ("button", "btn", "cta", "버튼", "구매", "按钮", "ボタン"),
    "legal": ("legal", "disclaimer", "notice", "terms", "유의사항", "유의", "주의", "고지",
              "免责", "注意", "注意事項"),
}
# the order in which a name with several role words is read: the most specific first
PRECEDENCE = ("logo", "price", "badge", "cta", "legal", "product", "headline", "sub", "bg")
_DUPLICATE = re.compile(r"(\s+(copy|복사|拷贝|副本)(\s*\d+)?|\s*のコピー(\s*\d+)?)+\s*$",
                        re.IGNORECASE)
_LATIN = re.compile(r"[a-z]+")

PRICE = re.compile(r"(\d[\d,.]*\s*(원|₩|円|元|won|krw|usd|\$|€|£|¥))|([$€£¥₩]\s*\d)",
                   re.IGNORECASE)
BADGE = re.compile(r"^\s*([-+]?\d+\s*%|\d\s*\+\s*\d|sale|new|hot|best|free|only|단독|특가|"
                   r"신상|한정|무료|증정|HIT)\s*(off|할인|↓)?\s*!?\s*$", re.IGNORECASE)


def base_name(name: str) -> str:
    """A layer name without Photoshop's duplicate suffixes, lower case."""
    return _DUPLICATE.sub("", name).strip().lower()


def name_role(name: str) -> tuple[str, str] | None:
    """(role, the word that says so) for a layer name holding a role word, else None. Phrases
    (`main copy`) are read before the duplicate suffixes are stripped, single words after."""
    raw = " ".join(name.lower().split())
    for role in PRECEDENCE:
        phrase = next((w for w in ROLE_WORDS[role] if " " in w and _holds(raw, w)), None)
        if phrase is not None:
            return role, phrase
    name = base_name(name)
    latin = set(_LATIN.findall(name))
    for role in PRECEDENCE:
        for word in ROLE_WORDS[role]:
            found = (word in latin) if word.isascii() else (word in name)
            if found and " " not in word:
                return role, word
    return None


def _holds(name: str, phrase: str) -> bool:
    """Whether `name` holds `phrase`, Latin phrases as whole words."""
    if not phrase.isascii():
        return phrase in name
    return re.search(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", name) is not None


def copy_role(text: str) -> str | None:
    """price or badge when the copy itself says so (`29,900원`, `$19.99`, `1+1`, `-30%`)."""
    short = " ".join(text.split())
    if BADGE.match(short):
        return "badge"
    if PRICE.search(short) and len(short) <= 24:
        return "price"
    return None
