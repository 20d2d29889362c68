"""Where an image's detail is (numpy only): the centroid of its edge energy."""
from __future__ import annotations

import numpy as np
from PIL import Image


def saliency_centre(image: Image.Image) -> tuple[float, float]:
    """Edge-energy centroid of a small grey copy, pulled halfway to the centre."""
    small = image.convert("L")
    small.thumbnail((128, 128))
    grey = np.asarray(small, dtype=np.float32)
    if grey.shape[0] < 3 or grey.shape[1] < 3:
        return 0.5, 0.5
    energy = np.abs(np.diff(grey, axis=0))[:, :-1] + np.abs(np.diff(grey, axis=1))[:-1, :]
    total = float(energy.sum())
    if total <= 0:
        return 0.5, 0.5
    ys, xs = np.mgrid[0:energy.shape[0], 0:energy.shape[1]]
    cx = float((xs * energy).sum() / total + 0.5) / energy.shape[1]
    cy = float((ys * energy).sum() / total + 0.5) / energy.shape[0]
    return 0.5 + (cx - 0.5) / 2, 0.5 + (cy - 0.5) / 2
