"""Deterministic sample PSDs for the fictitious brand HANEUL: campaign, benchmark and test files.

The drawing helpers live in `samples.draw` and `samples.pictures`; this package exports what
callers use: the campaign, benchmark and test-file makers and the brand's navy."""
from __future__ import annotations

from .campaign import (
    banner_layers,
    detail_layers,
    make_bench_workload,
    make_brand_assets,
    make_detail_page,
    make_master_banner,
    make_sample_campaign,
)
from .draw import NAVY
from .testing import make_corrupt_psd, make_garbage_psd, make_test_psd

__all__ = [
    "NAVY", "banner_layers", "detail_layers", "make_bench_workload", "make_brand_assets",
    "make_corrupt_psd", "make_detail_page", "make_garbage_psd", "make_master_banner",
    "make_sample_campaign", "make_test_psd",
]
