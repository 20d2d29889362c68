"""Persistent translation memory (SQLite) keyed by provider, languages and source text."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

NEEDS_REVIEW = "needs-review-translation"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tm (
  provider TEXT NOT NULL, source_lang TEXT NOT NULL, target_lang TEXT NOT NULL,
  text_sha256 TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
  state TEXT NOT NULL, created REAL NOT NULL,
  PRIMARY KEY (provider, source_lang, target_lang, text_sha256))
"""


@dataclass(frozen=True)
class Entry:
    provider: str
    source: str
    target: str
    state: str


def default_memory_path(env: Mapping[str, str] = os.environ) -> Path:
    """translation-memory.sqlite3 in assetkit's cache dir ($ASSETKIT_CACHE_DIR honoured)."""
    from ..fonts.index import default_cache_dir

    return default_cache_dir(env) / "translation-memory.sqlite3"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslationMemory:
    """Machine output is stored as needs-review; one short connection per call, so threads and
    processes can share the file."""

    def __init__(self, path: Path | None = None, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path) if path else default_memory_path()
        self._clock = clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def get(self, provider: str, source_lang: str, target_lang: str, text: str) -> Entry | None:
        with closing(self._connect()) as db:
            row = db.execute(
                "SELECT provider, source, target, state FROM tm WHERE provider=? AND "
                "source_lang=? AND target_lang=? AND text_sha256=?",
                (provider, source_lang, target_lang, _sha(text))).fetchone()
        return Entry(*row) if row else None

    def get_any(self, source_lang: str, target_lang: str, text: str) -> Entry | None:
        """The newest entry from any provider (what the offline provider reuses)."""
        with closing(self._connect()) as db:
            row = db.execute(
                "SELECT provider, source, target, state FROM tm WHERE source_lang=? AND "
                "target_lang=? AND text_sha256=? ORDER BY created DESC LIMIT 1",
                (source_lang, target_lang, _sha(text))).fetchone()
        return Entry(*row) if row else None

    def put(self, provider: str, source_lang: str, target_lang: str, text: str, target: str,
            state: str = NEEDS_REVIEW) -> None:
        with closing(self._connect()) as db, db:
            db.execute("INSERT OR REPLACE INTO tm VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (provider, source_lang, target_lang, _sha(text), text, target, state,
                        self._clock()))
