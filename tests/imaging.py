"""Image comparison for tests: luma SSIM (7x7 box window, data range 255), with evidence on failure."""
from __future__ import annotations

from pathlib import Path

from PIL import Image

from assetkit.measure.similarity import ssim

__all__ = ["assert_similar", "ssim"]


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
