"""The HTML report: an index page and one page per source, made from the output store's
records (views: records -> page data; render: page data -> HTML; pages: which files to write)."""
from __future__ import annotations

from .i18n import LANGS, Lang, default_lang
from .pages import PagesWritten, ReportSettings, page_name, settings_for, write_pages
from .views import SlotView, slot_views

__all__ = ["LANGS", "Lang", "PagesWritten", "ReportSettings", "SlotView", "default_lang",
           "page_name", "settings_for", "slot_views", "write_pages"]
