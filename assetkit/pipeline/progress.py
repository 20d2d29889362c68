"""Progress of a run: variants done of its total, reported as each finishes."""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future


class Progress:
    """Variants done of a run's total (up-to-date ones count as done), reported to
    `callback(done, total, what)` as each finishes, from whichever thread finishes it."""

    def __init__(self, total: int, callback: Callable[[int, int, str], None] | None) -> None:
        self.total, self.callback, self.done = total, callback, 0
        self._lock = threading.Lock()

    def add(self, count: int, what: str) -> None:
        if self.callback is None or count <= 0:
            return
        with self._lock:
            self.done += count
            self.callback(self.done, self.total, what)

    def on_done(self, what: str) -> Callable[[Future], None]:
        """A future's done-callback that counts one variant."""
        return lambda _future: self.add(1, what)

    def reach(self, done: int, what: str) -> None:
        """At least `done` (a source that failed counts its variants at its end)."""
        self.add(done - self.done, what)
