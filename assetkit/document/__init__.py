"""PSD/PSB documents: the only package that imports psd_tools (reader and writer adapters)."""
from __future__ import annotations

import logging

from .reader import DocumentLimits, SourceDocument, open_document

# psd-tools logs what it skips or patches up ("Unknown key", a channel "replaced with black")
# through `logging`; with no handler set up, Python prints those lines on the user's stderr.
# They stay here: what matters of them assetkit says itself, as an UnreadableDocument (read
# errors, truncated or undecodable pixels) or a finding.
_PSD_TOOLS_LOG = logging.getLogger("psd_tools")
_PSD_TOOLS_LOG.addHandler(logging.NullHandler())
_PSD_TOOLS_LOG.propagate = False

__all__ = ["DocumentLimits", "SourceDocument", "open_document"]
