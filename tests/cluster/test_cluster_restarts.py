"""A worker that dies is replaced fast (issue 23, the bench's 0.3 % deaths): nannies fork its
successor from a forkserver that has Dask and the task's modules imported, so no slot waits
1-2.5 s for a new interpreter's imports; libvips is never in the forked server."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import REPO

# In a fresh interpreter: the fork server is one per process and takes the preload of whoever
# starts it first (a -j build's pool in the same process preloads other modules).
SCRIPT = """
import json, os, sys, time
from distributed import Client
from tests.cluster.conftest import start_cluster

def seen_by_worker(nanny):
    return {"parent is the nanny's process": os.getppid() == nanny,
            "task module imported": "assetkit.cluster.task" in sys.modules,
            "pyvips imported": "pyvips" in sys.modules}

with start_cluster(workers=1) as local, Client(local, set_as_default=False) as client:
    first = client.run(seen_by_worker, os.getpid())
    client.run(os._exit, 1, on_error="ignore")  # its nanny starts another
    deadline = time.monotonic() + 30
    while set(client.scheduler_info()["workers"]) in (set(), set(first)):
        if time.monotonic() > deadline:
            sys.exit("no worker replaced the dead one in 30 s")
        time.sleep(0.05)
    again = client.run(seen_by_worker, os.getpid())
print(json.dumps([first, again]))
"""


def test_a_worker_is_forked_with_the_task_modules_and_without_libvips():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(REPO), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])}
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, env=env, timeout=240,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    first, again = json.loads(done.stdout.strip().splitlines()[-1])
    expected = {"parent is the nanny's process": False, "task module imported": True,
                "pyvips imported": False}
    assert list(first.values()) == list(again.values()) == [expected]
    assert list(first) != list(again)
