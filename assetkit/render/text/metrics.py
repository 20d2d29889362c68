"""Font loading and the few face metrics Photoshop's layout uses, cached per face and size."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont, features

from ...fonts.index import vertical_metrics

AUTO_LEADING = 1.2  # Photoshop's default auto leading: 120 % of the type size


def layout_engine() -> ImageFont.Layout:
    """raqm (shaping, kerning) when Pillow can load it, else Pillow's basic layout."""
    return ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


def engine_name() -> str:
    return "raqm" if layout_engine() == ImageFont.Layout.RAQM else "basic"


@lru_cache(maxsize=256)
def load_font(path: Path, index: int, size: float) -> ImageFont.FreeTypeFont:
    """One face at a size in pixels (Pillow takes fractional sizes)."""
    return ImageFont.truetype(str(path), max(size, 0.5), index=index, layout_engine=layout_engine())


@dataclass(frozen=True)
class FaceMetrics:
    """In ems: `ascent` = the height of 'd' (where Photoshop/InDesign put the first baseline of a
    paragraph box, below its top), `descent` = the em box below the baseline."""

    ascent: float
    descent: float


@lru_cache(maxsize=64)
def face_metrics(path: Path, index: int) -> FaceMetrics:
    ascent, descent = vertical_metrics(path, index)
    return FaceMetrics(ascent, descent)
