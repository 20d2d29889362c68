"""Crash points for tests: `fault(point)` ends this process at once, as `kill -9` would, when
$ASSETKIT_FAULT names that point, and does nothing otherwise.

`ASSETKIT_FAULT=<point>[:K]` ends the process at the K-th call of `fault(<point>)` in it (K >= 1,
default 1) with `os._exit(137)` (128 + SIGKILL, what a shell shows for `kill -9`): no `finally`
blocks, no cleanup, no buffers flushed. The variable is read at each call, so a test sets it in
the environment of the subprocess it kills. The points:

    after-temp-write  fsutil (open_atomic, write_staged): the temp file is written and
                      closed, not yet renamed
    after-rename      fsutil.Staged.put: the temp file has replaced its target; every atomic
                      write counts (outputs, records, index shards, manifest, report), so
                      `after-rename:K` stops a run with its first K-1 renames done and the K-th
                      file in place, the rest not
    before-record     a source's outputs are all in place; its commit record is not yet written
    mid-index         the index is partly written: some shards new, the others old
    mid-prune         a prune has removed some of its files, not all
    coordinator-after a cluster build's coordinator has handed its K-th result to the commit
                      (cluster/coordinator.py); the workers' commits go on without it

Calls are counted per process, and a forked child starts its own count at 0. Under -j 2 workers
write the outputs' temp files (`after-temp-write:K` ends whichever makes its own K-th first);
the parent renames a source's outputs into place once all are made, so `after-rename` counts
them in one process at any -j (a cluster worker renames the sources it builds). A value
naming no point raises ValueError at the first call, so a typo fails the test instead of
silently never firing.
"""
from __future__ import annotations

import os
import re
import threading
from typing import Literal, get_args

Point = Literal["after-temp-write", "after-rename", "before-record", "mid-index", "mid-prune",
                "coordinator-after"]
POINTS: tuple[Point, ...] = get_args(Point)
VARIABLE = "ASSETKIT_FAULT"
KILLED = 137  # 128 + SIGKILL

# Calls so far per point: the only state here, a test hook's, and reset in a forked child so
# "the K-th call in this process" means what it says.
_calls: dict[str, int] = {}
_lock = threading.Lock()
os.register_at_fork(after_in_child=_calls.clear)


def fault(point: Point) -> None:
    """End this process with exit code 137 if $ASSETKIT_FAULT names `point` and this is the
    K-th call for it; otherwise return at the cost of one environment lookup."""
    wanted = os.environ.get(VARIABLE)
    if not wanted:
        return
    name, nth = parse(wanted)
    if name != point:
        return
    with _lock:
        _calls[point] = count = _calls.get(point, 0) + 1
    if count == nth:
        os._exit(KILLED)


def parse(value: str) -> tuple[Point, int]:
    """`after-rename:2` -> ("after-rename", 2); a bare point is its first call."""
    match = re.fullmatch(r"([a-z-]+)(?::([1-9][0-9]*))?", value)
    for point in POINTS:
        if match is not None and match[1] == point:
            return point, int(match[2] or 1)
    raise ValueError(f"{VARIABLE}={value!r}: expected one of {', '.join(POINTS)}, "
                     "optionally followed by :K with K >= 1")
