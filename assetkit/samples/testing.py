"""Small, fast PSDs for tests: a well-formed one, a truncated one and random bytes."""
from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from ..document.writer import PixelLayer, write_layered_psd
from .campaign import CTA, HEADLINE, SUB
from .draw import NAVY, SEED, Size, text_image, trimmed
from .pictures import button_image, logo_image, product_image, studio_backdrop


def make_test_psd(
    path: Path, size: Size = (600, 400), *, product: bool = True, logo: bool = True,
    text: bool = True,
) -> Path:
    """A small, fast PSD with the role naming convention, for tests."""
    w, h = size
    u = min(w, h) / 400

    def px(value: float) -> int:  # at least 1, so tiny documents still get every layer
        return max(1, round(value * u))

    layers = [PixelLayer("@bg", studio_backdrop(size, glow=(w * 0.7, h * 0.45)))]
    if product:
        bottle = product_image(max(1, round(h * 0.8)))
        left = round(w * 0.7 - bottle.width / 2)
        layers.append(trimmed("@product", bottle, left, round(h * 0.12)))
    if logo:
        layers.append(PixelLayer("@logo", logo_image(px(24)), px(20), px(20)))
    if text:
        layers += [
            PixelLayer("@headline", text_image(HEADLINE, "Bold", px(36), NAVY), px(20), px(110)),
            PixelLayer("@sub", text_image([SUB], "Regular", px(13), NAVY), px(20), px(230)),
            PixelLayer("@cta", button_image(CTA, (px(130), px(38))), px(20), px(270)),
        ]
    return write_layered_psd(Path(path), size, layers)


def make_corrupt_psd(path: Path) -> Path:
    """make_test_psd() cut off halfway through its merged pixel data: opens, but zero-fills."""
    path = make_test_psd(Path(path))
    data = path.read_bytes()
    channels, height = struct.unpack(">HI", data[12:18])
    table_end = _image_data_offset(data) + 2 + channels * height * 2  # compression, row lengths
    path.write_bytes(data[: table_end + (len(data) - table_end) // 2])
    return path


def _image_data_offset(data: bytes) -> int:
    offset = 26  # the header; then colour mode data, image resources, layer and mask info
    for _ in range(3):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        offset += 4 + length
    return offset


def make_garbage_psd(path: Path) -> Path:
    """Random bytes with a .psd name."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(np.random.default_rng(SEED).bytes(4096))
    return path
