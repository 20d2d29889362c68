"""WCAG 2 contrast, pure: relative luminance of sRGB colours and the contrast ratio of two."""
from __future__ import annotations

import numpy as np


def luminance(rgb: np.ndarray | tuple) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB values 0..255 (last axis: R, G, B)."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


# 8-bit level -> each channel's share of relative luminance (columns R, G, B)
_TABLE = luminance(np.eye(3)[None, :, :] * np.arange(256)[:, None, None])


def luminance8(rgb: np.ndarray) -> np.ndarray:
    """`luminance` of 8-bit pixels (uint8, last axis R, G, B) by table: the same values, without
    a power per pixel."""
    return _TABLE[rgb[..., 0], 0] + _TABLE[rgb[..., 1], 1] + _TABLE[rgb[..., 2], 2]


def luminance_ratio(la: np.ndarray | float, lb: np.ndarray | float) -> np.ndarray:
    """(L1 + 0.05) / (L2 + 0.05), the lighter over the darker: 1 (none) to 21 (black on white)."""
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


def contrast_ratio(a: np.ndarray | tuple, b: np.ndarray | tuple) -> np.ndarray:
    """The WCAG 2 contrast ratio of two sRGB colours."""
    return luminance_ratio(luminance(a), luminance(b))
