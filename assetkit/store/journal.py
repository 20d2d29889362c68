"""The run journal, `OUT/.assetkit/journal.json`: written before a run changes anything under
OUT (a record, a removal), removed once its index and manifest are written. Found at the
start of the next run, it says the last run died: the index is re-made from the records
before anything is decided, and `assetkit check OUT` reports the sources it left without a
commit (`build.incomplete`)."""
from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..fsutil import write_atomic
from .records import STORE_DIR

JOURNAL_NAME = "journal.json"


@dataclass(frozen=True)
class Journal:
    started: float
    command: str
    pending: tuple[str, ...]  # source ids the run set out to build


def journal_path(out_dir: Path) -> Path:
    return out_dir / STORE_DIR / JOURNAL_NAME


def read_journal(out_dir: Path) -> Journal | None:
    try:
        data = json.loads(journal_path(out_dir).read_bytes())
        return Journal(float(data["started"]), str(data["command"]),
                       tuple(str(i) for i in data["pending"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):  # a journal cut short is a run that died too
        return Journal(os.stat(journal_path(out_dir)).st_mtime, "?", ())


def open_journal(out_dir: Path, command: str, pending: Sequence[str]) -> None:
    data = {"started": time.time(), "command": command, "pid": os.getpid(),
            "pending": list(pending)}
    write_atomic(journal_path(out_dir), json.dumps(data, ensure_ascii=False).encode("utf-8"))


def close_journal(out_dir: Path) -> None:
    journal_path(out_dir).unlink(missing_ok=True)
