"""CPU seconds per build stage, per process, for the bench's profile: with ASSETKIT_PROFILE set
to a folder, each process of a build writes its totals to FOLDER/<parent|worker>-<pid>.json.

A stage's time is its own: a stage entered inside another (a layer decoded while a unit is
composited) is taken out of the outer one. Times are process CPU time (every thread: libvips',
and in the parent the hashing thread's while it runs)."""
from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, ParamSpec, TypeVar

ENV = "ASSETKIT_PROFILE"
Stage = Literal["decode", "understand", "composite", "layout", "resample", "checks", "encode",
                "write"]
STAGES: tuple[Stage, ...] = ("decode", "understand", "composite", "layout", "resample",
                             "checks", "encode", "write")

Args = ParamSpec("Args")
Result = TypeVar("Result")

# This process's totals and the stages it is in (innermost last: [name, start, inner seconds]);
# a forked worker starts its own (it inherits its parent's).
_SECONDS: dict[str, float] = {}
_OPEN: list[list] = []
_OWNER = [os.getpid()]


def _mine() -> None:
    if _OWNER[0] != os.getpid():
        _OWNER[0] = os.getpid()
        _SECONDS.clear()
        _OPEN.clear()


@contextmanager
def stage(name: Stage) -> Iterator[None]:
    """Count the CPU time of the block (less that of the stages inside it) to `name`."""
    _mine()
    entry: list = [name, time.process_time(), 0.0]
    _OPEN.append(entry)
    try:
        yield
    finally:
        _OPEN.pop()
        spent = time.process_time() - entry[1]
        _SECONDS[name] = _SECONDS.get(name, 0.0) + spent - entry[2]
        if _OPEN:
            _OPEN[-1][2] += spent


def timed(name: Stage, fn: Callable[Args, Result]) -> Callable[Args, Result]:
    """`fn`, each call counted to `name`."""
    def call(*args: Args.args, **kwargs: Args.kwargs) -> Result:
        with stage(name):
            return fn(*args, **kwargs)
    return call


def dump() -> None:
    """Write this process's totals (and its whole CPU time) when ASSETKIT_PROFILE is set."""
    folder = os.environ.get(ENV)
    if not folder:
        return
    _mine()
    role = "worker" if multiprocessing.parent_process() is not None else "parent"
    path = Path(folder) / f"{role}-{os.getpid()}.json"
    data = {"role": role, "cpu": time.process_time(), "stages": dict(_SECONDS)}
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temp, path)
