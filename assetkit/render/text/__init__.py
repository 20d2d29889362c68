"""The text engine: Korean-aware line breaking, re-set type layers, fitting to a box."""
from __future__ import annotations

from .engine import FontUnavailable, Line, TextRender, set_text
from .fit import FitResult, fit_text
from .linebreak import keep_all_units, syllable_units, wrap

__all__ = ["FitResult", "FontUnavailable", "Line", "TextRender", "fit_text", "keep_all_units",
           "set_text", "syllable_units", "wrap"]
