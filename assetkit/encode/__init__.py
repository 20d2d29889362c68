"""Image -> bytes under a weight cap: one small module per format, registered in ENCODERS."""
from __future__ import annotations

from .registry import ENCODERS, Encoder
from .settings import MIN_QUALITY, PLAIN, EncodeSettings, settings_for
from .solver import fit_under_cap

__all__ = ["ENCODERS", "MIN_QUALITY", "PLAIN", "EncodeSettings", "Encoder", "fit_under_cap",
           "settings_for"]
