"""Stopping the watcher: SIGTERM or a first SIGINT asks it to stop after the source being built
(committed); a second SIGINT stops it at once (that source is redone on the next start)."""
from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Reason = Callable[[], "str | None"]


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[Reason]:
    """Within: the signals set `stop`; yields a function saying why it stopped (terminate |
    interrupt | None). Outside the main thread (a test's watcher) signals are left alone."""
    got: list[str] = []

    def asked(reason: str) -> None:
        got.append(reason)
        stop.set()
        # os.write, not print: a buffered write may be under way in the code interrupted
        os.write(sys.stderr.fileno(), b"Stopping after the source being built (Ctrl-C again "
                 b"stops at once).\n")

    def on_term(_signum: int, _frame: Any) -> None:
        asked("terminate")

    def on_int(_signum: int, _frame: Any) -> None:
        if "interrupt" in got:
            raise KeyboardInterrupt
        asked("interrupt")

    if threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    old = {signal.SIGTERM: signal.signal(signal.SIGTERM, on_term),
           signal.SIGINT: signal.signal(signal.SIGINT, on_int)}
    try:
        yield lambda: got[0] if got else None
    finally:
        for number, handler in old.items():
            signal.signal(number, handler)
