"""The HANEUL sample campaign: master banner, detail page, logo master and benchmark sources."""
from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from ..document.writer import PixelLayer, write_layered_psd
from ..fsutil import write_atomic
from .draw import CORAL, NAVY, SEED, WHITE, Size, ellipse, paint, paste, text_image, trimmed, wrap
from .pictures import (
    FOOT,
    button_image,
    feature_image,
    logo_image,
    product_image,
    studio_backdrop,
)

DETAIL_WIDTH = 860  # the width Korean malls show detail pages at
LOGO_HEIGHT = 96  # the master banner's logo; haneul-logo.png holds exactly these pixels

HEADLINE = ("촉촉한", "하늘빛 세럼")
SUB = "72시간 보습 지속 · 신제품 20% 할인"
CTA = "지금 구매하기"
INTRO = ("하늘을 닮은 수분",
         "구름 한 점 없는 하늘처럼 맑고 투명한 피부를 위해, 하늘은 가장 순한 수분만을 담았습니다.")
FEATURES = (
    ("72시간 수분 지속",
     "히알루론산 5종이 피부 속 빈틈을 겹겹이 채워 아침부터 밤까지 촉촉함을 지켜 줍니다. "
     "건조한 사무실에서도 당김 없이 편안한 피부를 느껴 보세요."),
    ("저자극 비건 포뮬러",
     "동물성 원료와 인공 색소, 합성 향료를 넣지 않았습니다. 민감한 피부도 안심하고 "
     "매일 사용할 수 있도록 피부 자극 테스트를 마쳤습니다."),
    ("빠른 흡수, 산뜻한 마무리",
     "물처럼 가벼운 텍스처가 바르는 즉시 스며들어 끈적임 없이 마무리됩니다. "
     "메이크업 전에 사용해도 밀리지 않습니다."),
)
INGREDIENTS = (
    "히알루론산 5종 — 겹겹이 채우는 수분",
    "판테놀 — 거칠어진 피부 진정",
    "나이아신아마이드 — 맑고 균일한 피부 톤",
    "병풀 추출물 — 건강한 피부 장벽",
)
FOOTER = ("HANEUL · 하늘빛 수분 세럼 30 ml · 고객센터 1588-0000",
          "이 페이지의 브랜드와 제품은 예시용 가상 제작물입니다.")


# --- the master banner and the detail page --------------------------------------------------


def banner_layers(size: Size, *, grain: float = 0.0, seed: int = SEED) -> list[PixelLayer]:
    """The master banner's role layers (@bg @product @logo @headline @sub @cta), bottom to top."""
    w, h = size
    u = min(w, h) / 2000  # every measure below is for a 2000 px square, then scaled
    cx, floor = w * 0.685, h * 0.78
    podium = (cx - 420 * u, floor - 85 * u, cx + 420 * u, floor + 85 * u)
    bg = studio_backdrop(size, glow=(cx, h * 0.45), podium=podium, grain=grain, seed=seed)
    product = product_image(round(1300 * u))
    headline = text_image(HEADLINE, "Bold", round(150 * u), NAVY, leading=1.3)
    sub_px = round(52 * u)
    sub = text_image(wrap(SUB, "Regular", sub_px, round(840 * u)), "Regular", sub_px, NAVY)
    left, top = round(140 * u), round(h / 2 - headline.height / 2 - 180 * u)
    return [
        PixelLayer("@bg", bg),
        trimmed("@product", product, round(cx - product.width / 2),
                round(floor - FOOT * product.height)),
        PixelLayer("@logo", logo_image(round(LOGO_HEIGHT * u)), left, round(130 * u)),
        PixelLayer("@headline", headline, left, top),
        PixelLayer("@sub", sub, left, top + headline.height + round(70 * u)),
        PixelLayer("@cta", button_image(CTA, (round(480 * u), round(132 * u))),
                   left, top + headline.height + sub.height + round(160 * u)),
    ]


def detail_layers(features: int) -> tuple[Size, list[PixelLayer]]:
    """An 860 px wide detail page with `features` feature blocks; returns (size, layers).

    Sections: hero 1500 px, intro 500, 1000 per feature, ingredients 600, footer 400.
    """
    size = (DETAIL_WIDTH, 1500 + 500 + features * 1000 + 600 + 400)
    cx, ingredients = DETAIL_WIDTH / 2, 2000 + features * 1000
    layers = [PixelLayer("@bg", _detail_background(size, features)), *_detail_hero(cx)]
    layers += _stacked([("intro-heading", text_image(INTRO[:1], "Bold", 48, NAVY)),
                        ("intro-body", _paragraph(INTRO[1]))], cx, 1670, 40)
    for index in range(features):
        layers += _feature(index, 2000 + index * 1000)
    items = [f"•  {item}" for item in INGREDIENTS]
    layers += _stacked([("ingredients-heading", text_image(["주요 성분"], "Bold", 44, NAVY)),
                        ("ingredients-list", text_image(items, "Regular", 30, NAVY, leading=1.9))],
                       cx, ingredients + 150, 60)
    footer = text_image(FOOTER, "Regular", 20, WHITE, align="center")
    layers += _stacked([("footer-logo", logo_image(44, WHITE)), ("footer-text @legal", footer)],
                       cx, size[1] - 268, 44)
    return size, layers


def _detail_background(size: Size, features: int) -> Image.Image:
    w, h = size
    page = Image.new("RGB", size, WHITE)
    page.paste(studio_backdrop((w, 1500), glow=(w / 2, 760),
                               podium=(w / 2 - 260, 1290, w / 2 + 260, 1390)))
    draw = ImageDraw.Draw(page)
    for top in range(2000, 2000 + features * 1000, 2000):  # every other feature block is tinted
        draw.rectangle((0, top, w, top + 999), fill=(243, 248, 253))
    ingredients = 2000 + features * 1000
    draw.rectangle((0, ingredients, w, ingredients + 599), fill=(228, 240, 251))
    draw.rectangle((0, h - 400, w, h), fill=NAVY)
    return page


def _detail_hero(cx: float) -> list[PixelLayer]:
    product = product_image(900)
    titles = [("@logo", logo_image(52)),
              ("@headline", text_image([" ".join(HEADLINE)], "Bold", 64, NAVY)),
              ("@sub", text_image([SUB], "Regular", 30, NAVY))]
    return [trimmed("@product", product, round(cx - product.width / 2),
                    round(1340 - FOOT * product.height)),
            *_stacked(titles, cx, 80, 36)]


def _feature(index: int, top: int) -> list[PixelLayer]:
    heading, body = FEATURES[index % len(FEATURES)]
    name = f"feature-{index + 1}"
    return _stacked(
        [(f"{name}-image", feature_image((DETAIL_WIDTH - 120, 420), index)),
         (f"{name}-number", text_image([f"POINT {index + 1:02d}"], "Bold", 28, CORAL, tracking=4)),
         (f"{name}-heading", text_image([heading], "Bold", 44, NAVY)),
         (f"{name}-body", _paragraph(body))],
        DETAIL_WIDTH / 2, top + 140, 40)


def _paragraph(text: str) -> Image.Image:
    lines = wrap(text, "Regular", 28, DETAIL_WIDTH - 180)
    return text_image(lines, "Regular", 28, NAVY, leading=1.7, align="center")


def _stacked(items: Sequence[tuple[str, Image.Image]], cx: float, top: int, gap: int,
             ) -> list[PixelLayer]:
    """Layers stacked from `top` down, `gap` px apart, each centred on `cx`."""
    layers, y = [], top
    for name, image in items:
        layers.append(PixelLayer(name, image, round(cx - image.width / 2), y))
        y += image.height + gap
    return layers


# --- public generators ----------------------------------------------------------------------


def make_master_banner(path: Path, size: Size = (2000, 2000)) -> Path:
    """Write the master banner (six role layers) as a PSD of `size`."""
    return write_layered_psd(Path(path), size, banner_layers(size))


def make_detail_page(path: Path, *, features: int = 3) -> Path:
    """Write the 860 px wide detail page; 3 feature blocks make it 6000 px tall, 9 make 12000."""
    size, layers = detail_layers(features)
    return write_layered_psd(Path(path), size, layers)


def make_logo_master(path: Path) -> Path:
    """Write the logo master (the banner's @logo pixels, trimmed) as a PNG at `path`."""
    buffer = io.BytesIO()
    logo_image(LOGO_HEIGHT).save(buffer, format="PNG", optimize=True)
    write_atomic(Path(path), buffer.getvalue())
    return Path(path)


# The sample campaign's files by their place in a campaign folder (`assetkit init --sample`;
# this repository's input/ and brand_rules/ hold them), each with its maker.
SAMPLE_FILES: dict[str, Callable[[Path], Path]] = {
    "input/haneul-serum-launch.psd": make_master_banner,
    "input/haneul-detail-page.psd": make_detail_page,
    "brand_rules/haneul-logo.png": make_logo_master,
}


def make_bench_workload(dest_dir: Path) -> list[Path]:
    """Write the benchmark sources: a 3000x3000 8-layer banner with grain, an 860x12000 page."""
    dest_dir = Path(dest_dir)
    layers = banner_layers((3000, 3000), grain=2.0, seed=SEED + 1) + _bench_extras()
    banner = write_layered_psd(dest_dir / "bench-banner-3000.psd", (3000, 3000), layers)
    return [banner, make_detail_page(dest_dir / "bench-detail-12000.psd", features=9)]


def _bench_extras() -> list[PixelLayer]:
    badge = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    paint(badge, CORAL, ellipse(badge.size, (0, 0, 300, 300)))
    paste(badge, text_image(["NEW"], "Bold", 88, WHITE), (150, 150))
    price = text_image(["₩32,000  →  ₩25,600"], "Bold", 70, CORAL)
    return [PixelLayer("@badge", badge, 2550, 180), PixelLayer("price", price, 210, 2130)]
