"""How a source's targets go to the pool: slots of one output size together (one worker makes
what they share once), each target with its own future."""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol, TypeVar

from ..geometry import output_size
from ..model import Target

Chosen = TypeVar("Chosen", bound=tuple)  # (index, target, inputs key)


class Pool(Protocol):
    def submit(self, fn: Callable[[Any], Any], task: Any) -> Future: ...


def size_of(source: tuple[int, int], target: Target) -> tuple[int, int]:
    """The target's output size from a source of size `source` (its area orders the
    dispatch, biggest first)."""
    return output_size(target.slot, source)[0]


def same_size(source: tuple[int, int], chosen: list[Chosen], workers: int
              ) -> list[list[Chosen]]:
    """The targets by output size, in the order of each size's first: slots of one size (many
    malls' 1000x1000 main images) go to one worker, which makes what they share (units at a
    size, renders, encodes: per-process caches) once. No group is more than its share of the
    workers (six 1000x1000 slots at -j 2: two groups of three, both workers busy)."""
    groups: dict[tuple[int, int], list[Chosen]] = {}
    for chosen_target in chosen:
        groups.setdefault(size_of(source, chosen_target[1]), []).append(chosen_target)
    share = max(1, -(-len(chosen) // max(1, workers)))
    return [group[i:i + share] for group in groups.values() for i in range(0, len(group), share)]


def submitted(pool: Pool, one: Callable, many: Callable, tasks: tuple) -> list[Future]:
    """A future per task: `one(task)` as a pool task for one, `many(tasks)` for a group (each
    task's outcome set on its own future as the group ends)."""
    if len(tasks) == 1:
        return [pool.submit(one, tasks[0])]
    ours: list[Future] = [Future() for _ in tasks]

    def settle(group: Future) -> None:
        if group.cancelled():  # the build stops (^C, the watcher's stop): so do its targets
            for future in ours:
                future.cancel()
        elif (failed := group.exception()) is not None:
            for future in ours:
                future.set_exception(failed)
        else:
            for future, outcome in zip(ours, group.result(), strict=True):
                future.set_result(outcome)
    pool.submit(many, tasks).add_done_callback(settle)
    return ours
