"""Deterministic sample PSDs for the fictitious brand HANEUL: campaign, benchmark and test files.

The drawing helpers live in `samples.draw` and `samples.pictures`; this package exports what
callers use: the campaign's files (`assetkit init --sample` writes them), the benchmark and
test-file makers and the brand's navy."""
from __future__ import annotations

from .campaign import (
    SAMPLE_FILES,
    banner_layers,
    detail_layers,
    make_bench_workload,
    make_detail_page,
    make_logo_master,
    make_master_banner,
)
from .draw import NAVY
from .testing import make_corrupt_psd, make_garbage_psd, make_test_psd

__all__ = [
    "NAVY", "SAMPLE_FILES", "banner_layers", "detail_layers", "make_bench_workload",
    "make_corrupt_psd", "make_detail_page", "make_garbage_psd", "make_logo_master",
    "make_master_banner", "make_test_psd",
]
