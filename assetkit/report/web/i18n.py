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
    "preview": {"en": "Coded text preview", "ko": "코딩 문구 미리보기"},
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

# Every finding code's title, short and for a designer (tests/report/test_titles.py finds the
# codes in the package and fails on one without a title here).
TITLES: Mapping[str, Mapping[Lang, str]] = {
    "build.failed": {"en": "Build failed", "ko": "빌드 실패"},
    "build.incomplete": {"en": "Build interrupted", "ko": "빌드 중단됨"},
    "build.changed-output": {"en": "Output file changed since the build",
                             "ko": "빌드 후 변경된 출력 파일"},
    "build.missing-output": {"en": "Output file missing", "ko": "출력 파일 없음"},
    "build.unexpected-file": {"en": "Unlisted file in the folder", "ko": "목록에 없는 파일"},
    "check.error": {"en": "Check could not run", "ko": "검사 실행 실패"},
    "coded.conflict": {"en": "Image and coded text disagree", "ko": "이미지와 코딩 문구 불일치"},
    "coded.covered": {"en": "Content under the coded text", "ko": "코딩 문구 영역에 내용 겹침"},
    "coded.duplicate": {"en": "Headline repeats the coded text", "ko": "헤드라인과 코딩 문구 중복"},
    "coded.forbidden-phrase": {"en": "Forbidden phrase", "ko": "금지 문구 사용"},
    "coded.image-text-unknown": {"en": "Image text not readable", "ko": "이미지 속 문구 확인 불가"},
    "coded.low-contrast": {"en": "Coded text hard to read", "ko": "코딩 문구 대비 부족"},
    "coded.missing-phrase": {"en": "Required phrase missing", "ko": "필수 문구 누락"},
    "coded.too-long": {"en": "Coded text will be cut", "ko": "코딩 문구가 잘림"},
    "colour.assumed-profile": {"en": "Colour profile assumed", "ko": "색상 프로파일 추정"},
    "colour.clipped": {"en": "32-bit colour reduced", "ko": "32비트 색상 축소"},
    "encode.cap-unreachable": {"en": "Cannot fit the weight cap", "ko": "용량 한도 초과 (압축 불가)"},
    "encode.no-format": {"en": "No allowed format", "ko": "허용된 형식 없음"},
    "file.truncated": {"en": "File cut short", "ko": "잘린 파일"},
    "file.cmyk": {"en": "CMYK file", "ko": "CMYK 파일"},
    "file.exif-camera": {"en": "Camera data in the file", "ko": "카메라 정보 포함"},
    "file.exif-gps": {"en": "GPS location in the file", "ko": "GPS 위치 정보 포함"},
    "file.extension-mismatch": {"en": "Extension does not match", "ko": "확장자 불일치"},
    "file.format-not-allowed": {"en": "Format not allowed", "ko": "허용되지 않는 형식"},
    "file.not-srgb": {"en": "Not sRGB", "ko": "sRGB 아님"},
    "file.over-cap": {"en": "Heavier than the cap", "ko": "용량 한도 초과"},
    "file.size-mismatch": {"en": "Wrong pixel size", "ko": "픽셀 크기 불일치"},
    "fonts.fallback-raster": {"en": "Text kept as pixels", "ko": "텍스트를 이미지로 유지"},
    "fonts.faux-style": {"en": "Faux bold or italic", "ko": "포 볼드/이탤릭"},
    "fonts.missing": {"en": "Font missing", "ko": "글꼴 없음"},
    "fonts.missing-glyph": {"en": "Characters missing from the font", "ko": "글꼴에 없는 글자"},
    "fonts.not-allowed": {"en": "Font not allowed", "ko": "허용되지 않은 글꼴"},
    "fonts.raster-limited": {"en": "Text pixels enlarged", "ko": "텍스트 이미지 확대 제한"},
    "fonts.substituted": {"en": "Font substituted", "ko": "대체 글꼴 사용"},
    "layout.covered": {"en": "Covered by another unit", "ko": "다른 유닛에 가려짐"},
    "layout.cut": {"en": "Cut by the frame or a zone", "ko": "프레임/영역에 잘림"},
    "layout.left-out": {"en": "Text left out by the crop", "ko": "크롭 밖으로 빠진 텍스트"},
    "layout.no-product": {"en": "No product", "ko": "상품 없음"},
    "layout.no-room": {"en": "No room", "ko": "공간 부족"},
    "layout.slice-through-content": {"en": "Slice cut through content", "ko": "조각 경계가 내용을 자름"},
    "layout.slice-through-text": {"en": "Slice cut through text", "ko": "조각 경계가 글자를 자름"},
    "layout.text-backed": {"en": "Text laid on a panel to read", "ko": "글자 가독성을 위해 배경 패널 추가"},
    "layout.unit-dropped": {"en": "Unit left out", "ko": "유닛 생략됨"},
    "layout.upscaled": {"en": "Scaled up", "ko": "확대됨"},
    "legibility.low-contrast": {"en": "Text does not read on its background",
                                "ko": "배경 위 글자가 읽히지 않음"},
    "legibility.mobile": {"en": "Too small on mobile", "ko": "모바일에서 너무 작음"},
    "legibility.text-too-small": {"en": "Text too small", "ko": "글자가 너무 작음"},
    "localize.approximated": {"en": "Effect approximated", "ko": "효과 근사 처리"},
    "localize.collision": {"en": "Text overlaps other layers", "ko": "번역문이 다른 레이어와 겹침"},
    "localize.hidden-kept": {"en": "Hidden layer left as is", "ko": "숨긴 레이어 원문 유지"},
    "localize.kept-raster": {"en": "Original text kept", "ko": "원문 텍스트 유지"},
    "localize.mt-protection": {"en": "Left untranslated by MT", "ko": "기계 번역 제외 문구"},
    "localize.off-canvas": {"en": "Text runs off the canvas", "ko": "텍스트가 캔버스를 벗어남"},
    "localize.other-psd": {"en": "Translations for another file", "ko": "다른 파일의 번역 포함"},
    "localize.overflow": {"en": "Text does not fit its box", "ko": "텍스트가 상자를 넘침"},
    "localize.psd-unsupported": {"en": "No localized PSD", "ko": "현지화 PSD 미생성"},
    "localize.psd-layer-approximated": {"en": "Localized PSD layer approximated",
                                        "ko": "현지화 PSD 레이어 근사"},
    "localize.raster-text": {"en": "Text drawn as pixels", "ko": "이미지로 된 텍스트"},
    "localize.slot-skipped": {"en": "Slot not localized", "ko": "현지화하지 않은 슬롯"},
    "localize.source-failed": {"en": "Localization failed", "ko": "현지화 실패"},
    "localize.stale-translation": {"en": "Translation out of date", "ko": "원문이 바뀐 번역"},
    "localize.unknown-unit": {"en": "Translation for an unknown layer", "ko": "알 수 없는 레이어의 번역"},
    "localize.untranslated": {"en": "Not translated", "ko": "번역 없음"},
    "logo.aspect": {"en": "Logo stretched or cropped", "ko": "로고 비율 왜곡"},
    "logo.clear-space": {"en": "Logo clear space", "ko": "로고 여백 부족"},
    "logo.mismatch": {"en": "Logo differs from the master", "ko": "로고가 원본과 다름"},
    "logo.missing": {"en": "Logo missing", "ko": "로고 없음"},
    "logo.too-small": {"en": "Logo too small", "ko": "로고가 너무 작음"},
    "logo.typed-as-text": {"en": "Logo typed as text", "ko": "로고를 텍스트로 입력"},
    "main.border-not-white": {"en": "Border not white", "ko": "테두리가 흰색 아님"},
    "main.forbidden-content": {"en": "Not allowed on a main image", "ko": "대표이미지 금지 요소"},
    "main.product-fill": {"en": "Product too small in frame", "ko": "상품 비율 부족"},
    "palette.off-brand": {"en": "Off-brand colour", "ko": "브랜드 외 색상"},
    "render.effect-approximated": {"en": "Effect approximated", "ko": "효과 근사 처리"},
    "roles.heuristic": {"en": "Roles guessed", "ko": "역할 추정"},
    "roles.off-canvas": {"en": "Tagged layer off the canvas", "ko": "캔버스 밖 태그 레이어"},
    "roles.hidden": {"en": "Tagged layer hidden", "ko": "숨겨진 태그 레이어"},
    "zones.overlap": {"en": "Inside an overlay zone", "ko": "오버레이 영역 침범"},
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
