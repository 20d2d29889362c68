"""Text layout engine facts (Pillow's basic layout or libraqm for complex scripts/kerning)."""
from __future__ import annotations

from PIL import features


def layout_engine() -> str:
    if features.check("raqm"):
        return f"raqm {features.version('raqm') or ''} (shaping, kerning, bidi)".replace("  ", " ")
    return "basic (Pillow without libraqm: no kerning or complex shaping)"
