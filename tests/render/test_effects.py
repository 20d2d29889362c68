"""Effects assetkit draws itself: the drop shadow, measured against Photoshop's own composite."""
from __future__ import annotations

import numpy as np

from assetkit.document import open_document
from assetkit.document import pixels as pixels_module
from assetkit.geometry import Box
from assetkit.render.compositor import composite
from tests.conftest import real_psd


def _error(doc) -> tuple[float, tuple]:
    scene = doc.scene
    ours = composite(doc, scene, [la for la in scene.layers if la.parent is None],
                     Box(0, 0, scene.width, scene.height))
    a = np.asarray(ours.image, dtype=np.float32)
    mine = a[..., :3] * a[..., 3:4] / 255 + 255 * (1 - a[..., 3:4] / 255)
    ref = np.asarray(doc.flatten().convert("RGB"), dtype=np.float32)
    return float(np.abs(mine - ref).mean()), ours.approximated


def test_drop_shadow_is_drawn_and_brings_us_closer_to_photoshop(monkeypatch):
    path = real_psd("webtoon-example-ko-emoji.psd")
    drawn, approximated = _error(open_document(path))
    assert not any(what == "DropShadow" for _, what in approximated)
    monkeypatch.setattr(pixels_module, "read_shadow", lambda layer: None)
    dropped, _ = _error(open_document(path))
    assert drawn < dropped - 0.1, (drawn, dropped)  # measured: 0.38 against 0.54
    assert drawn < 0.45
