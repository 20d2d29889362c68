"""`python -m bench.launch RESULT.json CMD...`: run CMD, record wall time, exit code and the
peak RSS of its largest process. A small launcher, because a child's peak RSS starts at its
parent's size at fork time, and the bench process itself grows."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main(argv: list[str]) -> None:
    result, cmd = argv[0], argv[1:]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    with open(result, "w", encoding="utf-8") as handle:
        json.dump({"wall": wall, "rss_mb": usage.ru_maxrss / 1024,
                   "rc": os.waitstatus_to_exitcode(status)}, handle)


if __name__ == "__main__":
    main(sys.argv[1:])
