"""Fault points for crash tests (placeholder until the crash-safety branch lands)."""
from __future__ import annotations

import os


def fault(point: str) -> None:
    if os.environ.get("ASSETKIT_FAULT") == point:
        os._exit(137)
