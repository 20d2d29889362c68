"""Fonts: where font files live, what faces they hold, and the index from PSD font names to faces
(the only fontTools importer: fonts/faces.py)."""
