"""Placeholder until the lock branch lands."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def hold(out_dir: Path, command: str, *, wait: float | None = None, beat: float = 10.0
         ) -> Iterator[None]:
    yield None
