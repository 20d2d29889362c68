"""Image comparison for tests: luma SSIM (7x7 box window, data range 255), with evidence on failure."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image


def _luma(image: Image.Image) -> np.ndarray:
    rgb = np.asarray(image.convert("RGB"), dtype=np.float64)
    return rgb @ np.array([0.299, 0.587, 0.114])


def _box(a: np.ndarray, k: int) -> np.ndarray:
    c = np.cumsum(np.cumsum(np.pad(a, ((1, 0), (1, 0))), axis=0), axis=1)
    return (c[k:, k:] - c[:-k, k:] - c[k:, :-k] + c[:-k, :-k]) / (k * k)


def ssim(a: Image.Image, b: Image.Image, window: int = 7) -> float:
    """Mean luma SSIM of two same-size images."""
    assert a.size == b.size, (a.size, b.size)
    x, y = _luma(a), _luma(b)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = _box(x, window), _box(y, window)
    vx = _box(x * x, window) - mx * mx
    vy = _box(y * y, window) - my * my
    cov = _box(x * y, window) - mx * my
    s = ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return float(s.mean())


def assert_similar(actual: Image.Image, expected_path: Path, tmp_path: Path,
                   min_ssim: float = 0.98) -> float:
    """SSIM against a golden PNG; on failure both images are written side by side to tmp_path."""
    with Image.open(expected_path) as expected:
        expected = expected.convert("RGB")
    score = ssim(actual, expected) if actual.size == expected.size else 0.0
    if score < min_ssim:
        side = Image.new("RGB", (actual.width + expected.width, max(actual.height, expected.height)),
                         "white")
        side.paste(actual.convert("RGB"), (0, 0))
        side.paste(expected, (actual.width, 0))
        evidence = tmp_path / f"{expected_path.stem}-actual-vs-expected.png"
        side.save(evidence)
        raise AssertionError(f"SSIM {score:.4f} < {min_ssim} for {expected_path.name}; "
                             f"see {evidence}")
    return score
