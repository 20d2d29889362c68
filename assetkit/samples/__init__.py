"""Deterministic sample PSDs for the fictitious brand HANEUL: campaign, benchmark and test files."""
from __future__ import annotations

from .campaign import (
    CTA,
    DETAIL_WIDTH,
    FEATURES,
    FOOTER,
    HEADLINE,
    INGREDIENTS,
    INTRO,
    LOGO_HEIGHT,
    SUB,
    banner_layers,
    detail_layers,
    make_bench_workload,
    make_brand_assets,
    make_detail_page,
    make_master_banner,
    make_sample_campaign,
)
from .draw import (
    CORAL,
    NAVY,
    SEED,
    SKY,
    SUPERSAMPLE,
    WHITE,
    Box,
    Colour,
    Size,
    cylinder,
    ellipse,
    font,
    gaussian,
    mix,
    paint,
    paste,
    rectangle,
    rounded,
    shape_mask,
    soft,
    text_image,
    trimmed,
    vertical,
    wrap,
)
from .pictures import (
    FOOT,
    button_image,
    feature_image,
    logo_image,
    product_image,
    studio_backdrop,
)
from .testing import make_corrupt_psd, make_garbage_psd, make_test_psd

__all__ = [
    "CORAL", "CTA", "DETAIL_WIDTH", "FEATURES", "FOOT", "FOOTER", "HEADLINE", "INGREDIENTS",
    "INTRO", "LOGO_HEIGHT", "NAVY", "SEED", "SKY", "SUB", "SUPERSAMPLE", "WHITE", "Box", "Colour",
    "Size", "banner_layers", "button_image", "cylinder", "detail_layers", "ellipse",
    "feature_image", "font", "gaussian", "logo_image", "make_bench_workload", "make_brand_assets",
    "make_corrupt_psd", "make_detail_page", "make_garbage_psd", "make_master_banner",
    "make_sample_campaign", "make_test_psd", "mix", "paint", "paste", "product_image",
    "rectangle", "rounded", "shape_mask", "soft", "studio_backdrop", "text_image", "trimmed",
    "vertical", "wrap",
]
