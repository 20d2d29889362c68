"""`python -m bench.watch`: the drop folder as a long-running service. N real drops of a tiny
generated PSD (one slot), one at a time into a running `assetkit watch --json`, each waited for
by its `done` event; the watcher's RSS after drop 50 and after the last (within 10 %), its CPU
time, and every drop built exactly once (one `done` per source id, no `failed`, N records)."""
from __future__ import annotations

import argparse
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from assetkit.samples import make_test_psd
from assetkit.store.records import iter_records

REPO = Path(__file__).resolve().parents[1]
SLOT = "google-display/300x250"
GROWTH_MAX = 0.10  # RSS at the last drop over RSS at drop 50


def rss_kib(pid: int) -> int:
    """Resident set size of one process (Linux /proc), KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far (Linux /proc): comparable across runs on a
    shared machine, where wall time is not."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def setup(work: Path) -> tuple[Path, bytes]:
    """A campaign over `work/input` with one slot, and the bytes of the PSD to drop."""
    (work / "input").mkdir(parents=True)
    (work / "assetkit.yaml").write_text(
        f"sources: [input]\nsource_root: input\noutput: out\ntargets: [{SLOT}]\n"
        "formats: [jpeg]\n", encoding="utf-8")
    return work, make_test_psd(work / "tiny.psd", size=(160, 120)).read_bytes()


def start(work: Path, settle: float) -> tuple[subprocess.Popen, queue.Queue]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "assetkit", "watch", "input", "--json",
                             "--settle", str(settle), "-j", "1"], cwd=work, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    events: queue.Queue = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            events.put(json.loads(line))

    threading.Thread(target=read, daemon=True).start()
    return proc, events


def await_event(events: queue.Queue, name: str, deadline: float, seen: list[dict]) -> dict:
    while True:
        event = events.get(timeout=deadline)
        seen.append(event)
        if event["event"] == name:
            return event


def run(drops: int, settle: float, work: Path, sample_at: int = 50) -> dict:
    work, psd = setup(work)
    proc, events = start(work, settle)
    seen: list[dict] = []
    rss: dict[int, int] = {}
    began = time.monotonic()
    try:
        await_event(events, "watching", 60, seen)
        for i in range(1, drops + 1):
            staged = work / f"drop{i:04}.psd"
            staged.write_bytes(psd)
            staged.rename(work / "input" / staged.name)  # a real drop: written, moved in
            await_event(events, "done", 60, seen)
            if i in (min(sample_at, drops), drops):
                rss[i] = rss_kib(proc.pid)
        cpu = cpu_seconds(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    wall = time.monotonic() - began
    done = [e["source"] for e in seen if e["event"] == "done"]
    first, last = rss[min(sample_at, drops)], rss[drops]
    growth = (last - first) / first
    once = sorted(done) == sorted(f"drop{i:04}.psd" for i in range(1, drops + 1))
    return {"drops": drops, "settle_s": settle, "wall_s": round(wall, 1),
            "s_per_drop": round(wall / drops, 3), "watcher_cpu_s": round(cpu, 1),
            f"rss_kib_at_{min(sample_at, drops)}": first,
            f"rss_kib_at_{drops}": last, "rss_growth": round(growth, 4),
            "failed": sum(e["event"] == "failed" for e in seen),
            "records": sum(1 for _ in iter_records(work / "out")),
            "floors": {"rss_growth_within_10pc": growth <= GROWTH_MAX,
                       "every_drop_built_once": once}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.watch", description=__doc__)
    parser.add_argument("--drops", type=int, default=500)
    parser.add_argument("--settle", type=float, default=0.1)
    parser.add_argument("--work", type=Path, help="an empty folder (default: a temporary one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.drops, args.settle, Path(args.work or tmp) / "watch")
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>22}  {value}")
    return 0 if all(result["floors"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
