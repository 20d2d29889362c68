"""What the watcher tells, one event per source step (`--json` prints each as a JSON line)."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Literal

EventName = Literal["watching", "queued", "started", "done", "skipped", "failed", "stopped"]


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


@dataclass(frozen=True)
class WatchEvent:
    """`event` at `time` (UTC, ISO 8601) for the source `source` (its id) at `path`; done and
    failed name the source's `record`, its `outputs` and the `worst` severity of its findings
    (or None), failed the `error`; stopped says `reason` (terminate | interrupt | stop)."""

    event: EventName
    time: str
    source: str | None = None
    path: str | None = None
    record: str | None = None
    outputs: int | None = None
    worst: str | None = None
    error: str | None = None
    reason: str | None = None

    def to_json(self) -> str:
        """One line; keys that do not apply to the event are left out."""
        return json.dumps({k: v for k, v in self.__dict__.items() if v is not None},
                          ensure_ascii=False)
