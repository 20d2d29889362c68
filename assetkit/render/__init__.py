"""Variant pixels: the walking skeleton flattens and cover-resizes (layer recomposition later)."""
