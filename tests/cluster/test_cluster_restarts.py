"""A worker that dies is replaced fast (issue 23, the bench's 0.3 % deaths): nannies fork its
successor from a forkserver that has Dask and the task's modules imported, so no slot waits
1-2.5 s for a new interpreter's imports; libvips is never in the forked server."""
from __future__ import annotations

import os
import sys
import time

from .conftest import start_cluster


def _seen_by_worker(nanny: int) -> dict[str, object]:
    return {"parent is the nanny's process": os.getppid() == nanny,
            "task module imported": "assetkit.cluster.task" in sys.modules,
            "pyvips imported": "pyvips" in sys.modules}


def test_a_worker_is_forked_with_the_task_modules_and_without_libvips():
    from distributed import Client

    with start_cluster(workers=1) as local, Client(local, set_as_default=False) as client:
        first = client.run(_seen_by_worker, os.getpid())
        client.run(os._exit, 1, on_error="ignore")  # its nanny starts another
        deadline = time.monotonic() + 30
        while set(client.scheduler_info()["workers"]) in (set(), set(first)):
            assert time.monotonic() < deadline, "no worker replaced the dead one in 30 s"
            time.sleep(0.05)
        again = client.run(_seen_by_worker, os.getpid())
    expected = {"parent is the nanny's process": False, "task module imported": True,
                "pyvips imported": False}
    assert list(first.values()) == list(again.values()) == [expected]
    assert list(first) != list(again)
