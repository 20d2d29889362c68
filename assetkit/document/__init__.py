"""PSD/PSB documents: the only package that imports psd_tools (reader and writer adapters)."""
from __future__ import annotations

from .reader import DocumentLimits, SourceDocument, open_document

__all__ = ["DocumentLimits", "SourceDocument", "open_document"]
