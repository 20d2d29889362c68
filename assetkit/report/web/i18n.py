"""The report's words in Korean and English: interface strings, finding titles, the default."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

Lang = Literal["ko", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)

UI: Mapping[str, Mapping[Lang, str]] = {
    "sources": {"en": "Sources", "ko": "소스"},
    "source": {"en": "Source", "ko": "소스"},
    "outputs": {"en": "outputs", "ko": "출력"},
    "errors": {"en": "errors", "ko": "오류"},
    "warnings": {"en": "warnings", "ko": "경고"},
    "findings": {"en": "Findings", "ko": "검사 결과"},
    "no_findings": {"en": "No findings.", "ko": "검사 결과 없음."},
    "failures_only": {"en": "Failures only", "ko": "문제 있는 것만"},
    "units": {"en": "Unit boxes", "ko": "유닛 상자"},
    "zones": {"en": "Overlay zones", "ko": "오버레이 영역"},
    "margins": {"en": "Safe margins", "ko": "안전 여백"},
    "shopper": {"en": "Shopper's view", "ko": "구매자 화면"},
    "plain": {"en": "Output", "ko": "출력 이미지"},
    "of_cap": {"en": "of", "ko": "/"},
    "cap": {"en": "cap", "ko": "한도"},
    "score": {"en": "layout score", "ko": "레이아웃 점수"},
    "slices": {"en": "slices", "ko": "조각"},
    "slice": {"en": "slice", "ko": "조각"},
    "cut": {"en": "cut at y", "ko": "자르는 선 y"},
    "mobile": {"en": "Mobile view (390 CSS px)", "ko": "모바일 화면 (390 CSS px)"},
    "index": {"en": "All sources", "ko": "전체 소스"},
    "ok": {"en": "ok", "ko": "정상"},
    "sponsored": {"en": "Sponsored", "ko": "광고"},
    "learn_more": {"en": "Learn more", "ko": "더 알아보기"},
    "product_name": {"en": "Product name", "ko": "상품명"},
    "cropped": {"en": "cropped", "ko": "잘림"},
    "show": {"en": "Show", "ko": "표시"},
    "source_findings": {"en": "Source findings", "ko": "소스 검사 결과"},
    "page": {"en": "page", "ko": "페이지"},
}

ROLE_NAMES: Mapping[str, Mapping[Lang, str]] = {
    "product": {"en": "product", "ko": "상품"}, "logo": {"en": "logo", "ko": "로고"},
    "headline": {"en": "headline", "ko": "헤드라인"}, "sub": {"en": "sub", "ko": "서브 카피"},
    "cta": {"en": "CTA", "ko": "CTA 버튼"}, "badge": {"en": "badge", "ko": "배지"},
    "price": {"en": "price", "ko": "가격"}, "legal": {"en": "legal", "ko": "고지 문구"},
    "other": {"en": "other", "ko": "기타"}, "focus": {"en": "focus", "ko": "초점"},
}

# Titles of the finding codes a reviewer meets most; any other code is shown as itself.
TITLES: Mapping[str, Mapping[Lang, str]] = {
    "encode.cap-unreachable": {"en": "Cannot fit the weight cap", "ko": "용량 한도 초과 (압축 불가)"},
    "encode.no-format": {"en": "No allowed format", "ko": "허용된 형식 없음"},
    "file.over-cap": {"en": "Heavier than the cap", "ko": "용량 한도 초과"},
    "file.size-mismatch": {"en": "Wrong pixel size", "ko": "픽셀 크기 불일치"},
    "file.format-not-allowed": {"en": "Format not allowed", "ko": "허용되지 않는 형식"},
    "file.extension-mismatch": {"en": "Extension does not match", "ko": "확장자 불일치"},
    "file.not-srgb": {"en": "Not sRGB", "ko": "sRGB 아님"},
    "file.cmyk": {"en": "CMYK file", "ko": "CMYK 파일"},
    "layout.upscaled": {"en": "Scaled up", "ko": "확대됨"},
    "layout.unit-dropped": {"en": "Unit left out", "ko": "유닛 생략됨"},
    "layout.no-product": {"en": "No product", "ko": "상품 없음"},
    "layout.no-room": {"en": "No room", "ko": "공간 부족"},
    "layout.cut": {"en": "Cut by the frame or a zone", "ko": "프레임/영역에 잘림"},
    "layout.covered": {"en": "Covered by another unit", "ko": "다른 유닛에 가려짐"},
    "logo.too-small": {"en": "Logo too small", "ko": "로고가 너무 작음"},
    "logo.missing": {"en": "Logo missing", "ko": "로고 없음"},
    "logo.mismatch": {"en": "Logo differs from the master", "ko": "로고가 원본과 다름"},
    "logo.clear-space": {"en": "Logo clear space", "ko": "로고 여백 부족"},
    "zones.overlap": {"en": "Inside an overlay zone", "ko": "오버레이 영역 침범"},
    "legibility.text-too-small": {"en": "Text too small", "ko": "글자가 너무 작음"},
    "legibility.mobile": {"en": "Too small on mobile", "ko": "모바일에서 너무 작음"},
    "fonts.missing": {"en": "Font missing", "ko": "글꼴 없음"},
    "fonts.substituted": {"en": "Font substituted", "ko": "대체 글꼴 사용"},
    "main.product-fill": {"en": "Product fill", "ko": "상품 비율"},
    "main.border-not-white": {"en": "Border not white", "ko": "테두리가 흰색 아님"},
    "palette.off-brand": {"en": "Off-brand colour", "ko": "브랜드 외 색상"},
    "roles.heuristic": {"en": "Roles guessed", "ko": "역할 추정"},
}


def word(key: str, lang: Lang) -> str:
    return UI[key][lang]


def title(code: str, lang: Lang) -> str:
    found = TITLES.get(code)
    return found[lang] if found else code


def default_lang(configured: str | None, environ: Mapping[str, str]) -> Lang:
    """The campaign's `report_lang`, else Korean when the locale (LC_ALL, LC_MESSAGES, LANG)
    says Korean, else English."""
    if configured in LANGS:
        return configured
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return "ko" if environ[name].lower().startswith("ko") else "en"
    return "en"
