"""What agencies call their layers and what their banners say: name pools per role (some that
no heuristic may match) and Korean and English copy."""
from __future__ import annotations

import numpy as np

# Names no heuristic may match: Photoshop's defaults and a designer's shouting.
BLIND = ("Layer {n}", "레이어 {n}", "Rectangle {n} copy", "타원 {n}", "Layer {n} copy",
         "사각형 {n}", "Ellipse {n}", "SUMMER", "Shape {n}", "작업 {n}", "final", "수정본")
GROUP_BLIND = ("그룹 {n}", "Group {n}", "그룹 {n} 복사", "Group {n} copy")

# Names that suggest the role, as agencies write them.
HINTS = {
    "bg": ("배경", "bg", "BG", "back", "photo"),
    "product": ("제품", "product", "누끼", "item"),
    "shadow": ("shadow", "그림자", "쉐도우"),
    "logo": ("로고", "logo", "LOGO", "BI"),
    "headline": ("타이틀", "title", "메인카피", "헤드"),
    "sub": ("카피", "sub copy", "txt", "서브", "설명"),
    "price": ("가격", "price", "할인가"),
    "cta": ("버튼", "btn", "button", "CTA"),
    "badge": ("badge", "할인", "뱃지", "sticker"),
    "legal": ("유의사항", "legal", "주석"),
    "other": ("말풍선", "tooltip", "tag"),
}

BRANDS = ("HANEUL", "MORNI", "BLOOM&CO", "SOYU", "Aster", "PINO")

COPY = {
    "ko": {
        "headline": (["여름을 위한", "수분 충전 세럼"], ["하루 한 번,", "피부 속까지 촉촉하게"],
                     ["신제품 런칭"], ["올여름 단 한 번의 특가"], ["맑은 피부의 시작"]),
        "sub": (["가볍게 스며드는 고보습 포뮬러"], ["민감한 피부도 안심하고 매일 사용하세요"],
                ["피부과 테스트 완료", "저자극 데일리 케어"], ["하루 10초, 빛나는 피부 결"]),
        "eyebrow": (["NEW ARRIVAL"], ["단독 기획전"], ["BEST 1위"]),
        "price": ("29,900원", "19,800원", "45,000원", "12,900원"),
        "was": ("39,900원", "25,000원", "58,000원"),
        "cta": ("지금 구매하기", "자세히 보기", "쿠폰 받기", "구매하러 가기"),
        "badge": ("1+1", "SALE", "-30%", "특가", "NEW"),
        "legal": ("*이미지는 연출된 것으로 실제와 다를 수 있습니다.",
                  "*행사 기간: 7.1 - 7.31, 조기 품절 시 종료될 수 있습니다."),
        "tip": ("무료배송", "오늘출발", "한정수량"),
    },
    "en": {
        "headline": (["Summer glow,", "all day long"], ["Hydration you", "can feel"],
                     ["New launch"], ["The season's best deal"], ["Clean skin starts here"]),
        "sub": (["A light serum that sinks right in"], ["Gentle enough for every day"],
                ["Dermatologist tested", "for sensitive skin"], ["Ten seconds to brighter skin"]),
        "eyebrow": (["NEW ARRIVAL"], ["ONLINE EXCLUSIVE"], ["BEST SELLER"]),
        "price": ("$19.99", "$24.00", "$39.90", "$12.50"),
        "was": ("$29.99", "$34.00", "$49.90"),
        "cta": ("Shop now", "Learn more", "Get the deal", "Buy now"),
        "badge": ("SALE", "-30%", "1+1", "NEW", "HOT"),
        "legal": ("*Images for illustration only. Offer ends July 31.",
                  "*While supplies last. Terms apply."),
        "tip": ("Free shipping", "Ships today", "Limited"),
    },
}


class Namer:
    """Layer names for one file, drawn at random; every layer path stays unique."""

    def __init__(self, rng: np.random.Generator, hint_rate: float) -> None:
        self.rng, self.hint_rate, self.used, self.n = rng, hint_rate, set(), 1

    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def layer(self, role: str, group: str | None = None, text: str | None = None) -> str:
        """A blind name, a role hint, or (type layers, as Photoshop names them) the text."""
        roll = self.rng.random()
        if text is not None and roll < 0.35:
            name = text[:30]
        elif role in HINTS and roll < 0.35 + self.hint_rate:
            name = self.pick(HINTS[role])
        else:
            name = self.pick(BLIND)
        return self._unique(name, group)

    def group(self, role: str) -> str:
        if role in HINTS and self.rng.random() < self.hint_rate:
            return self._unique(self.pick(HINTS[role]), None)
        return self._unique(self.pick(GROUP_BLIND), None)

    def _unique(self, name: str, group: str | None) -> str:
        while True:
            self.n += int(self.rng.integers(1, 4))
            candidate = name.format(n=self.n)
            path = f"{group}/{candidate}" if group else candidate
            if path not in self.used:
                self.used.add(path)
                return candidate
            name = name if "{n}" in name else name + " {n}"
