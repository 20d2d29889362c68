"""Fonts: where font files live, what faces they hold, and the one resolver from PSD font names
to faces (resolve.py: brand folders and aliases, bundled faces, the substitution table, per-script
fallbacks); the only fontTools importer is fonts/faces.py."""
