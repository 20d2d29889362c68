"""Strings out and translations in (XLIFF, CSV), machine translation, text fitting, pages."""
