"""Colour arithmetic (numpy only): 8-bit sRGB -> CIE Lab (D65) and the CIEDE2000 difference."""
from __future__ import annotations

import numpy as np

# sRGB (linear) -> XYZ, D65 white, IEC 61966-2-1.
_RGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
_WHITE = _RGB_TO_XYZ.sum(axis=1)  # XYZ of sRGB white (D65), so white maps to L=100, a=b=0
_EPS, _KAPPA = 216 / 24389, 24389 / 27


def srgb_to_lab(rgb: np.ndarray | tuple) -> np.ndarray:
    """CIE Lab (D65) of 8-bit sRGB values: any shape (..., 3) -> (..., 3) float."""
    c = np.asarray(rgb, dtype=np.float64)[..., :3] / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = linear @ _RGB_TO_XYZ.T / _WHITE
    f = np.where(xyz > _EPS, np.cbrt(xyz), (_KAPPA * xyz + 16) / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]),
                     200 * (f[..., 1] - f[..., 2])], axis=-1)


def _hue(b: np.ndarray, a: np.ndarray) -> np.ndarray:
    return np.where((a == 0) & (b == 0), 0.0, np.degrees(np.arctan2(b, a)) % 360)


def ciede2000(lab1: np.ndarray | tuple, lab2: np.ndarray | tuple) -> np.ndarray:
    """CIEDE2000 colour difference (kL = kC = kH = 1) of Lab arrays (..., 3), broadcast.

    Follows Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula: implementation
    notes, supplementary test data, and mathematical observations"; tested on their table 1."""
    l1, a1, b1 = np.moveaxis(np.asarray(lab1, dtype=np.float64), -1, 0)
    l2, a2, b2 = np.moveaxis(np.asarray(lab2, dtype=np.float64), -1, 0)
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p, h2p = _hue(b1, a1p), _hue(b2, a2p)
    dlp, dcp = l2 - l1, c2p - c1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(c1p * c2p == 0, 0.0, dh)
    dhp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    lbp, cbp = (l1 + l2) / 2, (c1p + c2p) / 2
    hsum = h1p + h2p
    hbp = np.where(np.abs(h1p - h2p) <= 180, hsum / 2,
                   np.where(hsum < 360, (hsum + 360) / 2, (hsum - 360) / 2))
    hbp = np.where(c1p * c2p == 0, hsum, hbp)
    t = (1 - 0.17 * np.cos(np.radians(hbp - 30)) + 0.24 * np.cos(np.radians(2 * hbp))
         + 0.32 * np.cos(np.radians(3 * hbp + 6)) - 0.20 * np.cos(np.radians(4 * hbp - 63)))
    d_theta = 30 * np.exp(-(((hbp - 275) / 25) ** 2))
    rc = 2 * np.sqrt(cbp**7 / (cbp**7 + 25.0**7))
    sl = 1 + 0.015 * (lbp - 50) ** 2 / np.sqrt(20 + (lbp - 50) ** 2)
    sc = 1 + 0.045 * cbp
    sh = 1 + 0.015 * cbp * t
    rt = -np.sin(np.radians(2 * d_theta)) * rc
    return np.sqrt((dlp / sl) ** 2 + (dcp / sc) ** 2 + (dhp / sh) ** 2
                   + rt * (dcp / sc) * (dhp / sh))


def delta_e(rgb1: np.ndarray | tuple, rgb2: np.ndarray | tuple) -> np.ndarray:
    """CIEDE2000 between 8-bit sRGB colours (..., 3)."""
    return ciede2000(srgb_to_lab(rgb1), srgb_to_lab(rgb2))
