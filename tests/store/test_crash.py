"""Crash safety with real processes: workers die with their coordinator under every start
method and under `assetkit build`; ASSETKIT_FAULT ends a process at an atomic write's fault
points, and sweep_temps removes exactly the temp files such a death leaves."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from assetkit.fsutil import TEMP_NAME, open_atomic, sweep_temps, write_atomic
from assetkit.samples import make_test_psd
from assetkit.store import faults
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs /proc")

GONE_WITHIN = 1.5  # seconds from the coordinator's kill -9 to its last worker's end


# ---------------------------------------------------------------- processes, via /proc

def stat(pid: int) -> tuple[str, int, int] | None:
    """(state, ppid, start time) of a live process, None once it is gone or a zombie."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text.rpartition(")")[2].split()  # after "pid (comm)": comm may hold spaces
    state, ppid, start = fields[0], int(fields[1]), int(fields[19])
    return None if state in "ZX" else (state, ppid, start)


def descendants(root: int) -> dict[int, int]:
    """Every live process below `root`: pid -> start time (a reused pid has another)."""
    children: dict[int, list[int]] = {}
    starts: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (info := stat(int(entry.name))) is not None:
            children.setdefault(info[1], []).append(int(entry.name))
            starts[int(entry.name)] = info[2]
    found, pending = {}, list(children.get(root, []))
    while pending:
        pid = pending.pop()
        found[pid] = starts[pid]
        pending += children.get(pid, [])
    return found


def alive(processes: dict[int, int]) -> list[int]:
    return [pid for pid, start in processes.items() if (s := stat(pid)) and s[2] == start]


def wait_for(condition: Callable[[], object], timeout: float) -> bool:
    """Poll `condition` until it holds or `timeout` seconds pass; whether it held."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def run_python(code: str, *args: str, fault: str | None = None,
               ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop(faults.VARIABLE, None)
    if fault is not None:
        env[faults.VARIABLE] = fault
    return subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def kill_and_await(coordinator: subprocess.Popen, workers: dict[int, int]) -> None:
    """kill -9 the coordinator and assert that every one of `workers` ends within
    GONE_WITHIN seconds (any left are killed then: they are this test's processes)."""
    coordinator.kill()
    killed = time.monotonic()
    try:
        ended = wait_for(lambda: not alive(workers), GONE_WITHIN)
        took = time.monotonic() - killed
        assert ended, f"alive {GONE_WITHIN} s after kill -9: {alive(workers)}"
        print(f"workers {sorted(workers)} gone {took * 1000:.0f} ms after kill -9")
    finally:
        coordinator.wait()
        for pid in alive(workers):
            os.kill(pid, signal.SIGKILL)


# ---------------------------------------------------------------- workers die with their coordinator

def busy(folder: str) -> None:
    """A variant job that never ends by itself: marks its worker, then keeps writing a file."""
    pid = os.getpid()
    Path(folder, f"{pid}.started").touch()
    for tick in range(3000):
        write_atomic(Path(folder, f"{pid}.out"), str(tick).encode())
        time.sleep(0.02)


POOL_SCRIPT = """
import sys
from assetkit.pipeline.pool import VariantPool
from tests.store.test_crash import busy
with VariantPool(2, sys.argv[1]) as pool:
    for _ in range(6):  # two running, four queued: what a killed build leaves behind
        pool.submit(busy, sys.argv[2])
"""


# What a sitecustomize takes away from the coordinator, the fork server and the workers alike,
# to show each remaining way of noticing the coordinator's death works alone
WITHOUT = {"everything": "",
           "no-pidfd": "del os.pidfd_open\n",  # as off Linux: the parent sentinel
           "ppid-only": "del os.pidfd_open\nmultiprocessing.parent_process = lambda: None\n"}


# a fork server's worker has the server as its parent: there its parent pid says nothing
CASES = [(method, ways) for method in ("fork", "forkserver", "spawn") for ways in WITHOUT
         if (method, ways) != ("forkserver", "ppid-only")]


@pytest.mark.parametrize(("method", "ways"), CASES)
def test_pool_workers_end_when_their_coordinator_is_killed(tmp_path, method, ways):
    path = [str(REPO)]
    if WITHOUT[ways]:
        (tmp_path / "site").mkdir()
        (tmp_path / "site" / "sitecustomize.py").write_text(
            "import multiprocessing\nimport os\n" + WITHOUT[ways])
        path.append(str(tmp_path / "site"))
    work = tmp_path / "work"
    work.mkdir()
    coordinator = subprocess.Popen([sys.executable, "-c", POOL_SCRIPT, method, str(work)],
                                   cwd=REPO, env={**os.environ, "PYTHONPATH": os.pathsep.join(path)})
    started = lambda: {int(p.stem) for p in work.glob("*.started")}  # noqa: E731
    try:
        assert wait_for(lambda: len(started()) == 2, 60), "two workers never started"
    except BaseException:
        coordinator.kill()
        raise
    family = descendants(coordinator.pid)  # the workers, and the fork server and its tracker
    assert started() <= set(family)
    kill_and_await(coordinator, family)


def test_build_workers_end_when_the_build_is_killed(tmp_path):
    sources = [make_test_psd(tmp_path / f"s{i}.psd", (900, 600)) for i in range(8)]
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    build = subprocess.Popen([sys.executable, "-m", "assetkit", "build", *map(str, sources),
                              "-o", str(out), "-j", "2", "-q"], cwd=tmp_path, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def writing() -> bool:  # the pool's workers exist and write outputs (aside, or in place)
        return len(descendants(build.pid)) >= 2 and (
            any(out.rglob("*.jpg")) or any(out.glob(".assetkit/tmp/*.jpg.*.tmp")))
    try:
        assert wait_for(writing, 120), "the build never started writing with two workers"
    except BaseException:
        build.kill()
        raise
    family = descendants(build.pid)
    assert build.poll() is None and len(family) >= 2, "the build ended before its kill"
    kill_and_await(build, family)


# ---------------------------------------------------------------- the fault hook

WRITE = """
import sys
from pathlib import Path
from assetkit.fsutil import write_atomic
for name in sys.argv[1:]:
    write_atomic(Path(name), b"new")
"""


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if TEMP_NAME.fullmatch(p.name))


def test_a_write_killed_after_its_temp_file_leaves_the_old_file_and_one_temp(tmp_path):
    target = tmp_path / "banner.jpg"
    write_atomic(target, b"old")
    run = run_python(WRITE, str(target), fault="after-temp-write")
    assert (run.returncode, run.stderr) == (faults.KILLED, "")
    assert target.read_bytes() == b"old"
    [temp] = temps(tmp_path)
    assert (tmp_path / temp).read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["banner.jpg", temp])
    assert sweep_temps(tmp_path) == [tmp_path / temp]
    assert [p.name for p in tmp_path.iterdir()] == ["banner.jpg"]


@pytest.mark.parametrize(("fault", "renamed", "code"), [
    ("after-rename:2", 2, faults.KILLED), ("after-rename", 1, faults.KILLED),
    ("after-rename:3", 3, faults.KILLED), ("after-rename:4", 3, 0)])
def test_after_rename_k_stops_a_run_after_its_kth_rename(tmp_path, fault, renamed, code):
    files = [tmp_path / f"{name}.png" for name in "abc"]
    for path in files:
        write_atomic(path, b"old")
    run = run_python(WRITE, *map(str, files), fault=fault)
    assert run.returncode == code
    assert [p.read_bytes() for p in files] == [b"new"] * renamed + [b"old"] * (3 - renamed)
    assert temps(tmp_path) == []


FORK = """
import os
import sys
from pathlib import Path
from assetkit.fsutil import write_atomic
a, b, c, d = map(Path, sys.argv[1:])
write_atomic(a, b"new")
child = os.fork()
if child == 0:
    write_atomic(b, b"new")
    write_atomic(c, b"new")
    os._exit(0)
print(os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]), flush=True)
write_atomic(d, b"new")
"""


def test_a_forked_child_counts_its_own_calls(tmp_path):
    """The parent renames once, then forks: the child dies at its own 2nd rename (the 3rd in
    all), and the parent at its 2nd, after the child."""
    files = [tmp_path / f"{name}.png" for name in "abcd"]
    run = run_python(FORK, *map(str, files), fault="after-rename:2")
    assert (run.returncode, run.stdout) == (faults.KILLED, f"{faults.KILLED}\n")
    assert [p.read_bytes() for p in files] == [b"new"] * 4


def test_no_fault_and_other_points_do_nothing(monkeypatch):
    monkeypatch.setattr(faults, "_calls", {})
    monkeypatch.delenv(faults.VARIABLE, raising=False)
    faults.fault("after-rename")
    monkeypatch.setenv(faults.VARIABLE, "mid-index")
    for point in faults.POINTS:
        if point != "mid-index":
            faults.fault(point)
    monkeypatch.setenv(faults.VARIABLE, "mid-prune:3")
    faults.fault("mid-prune")
    faults.fault("mid-prune")
    assert faults._calls == {"mid-prune": 2}


@pytest.mark.parametrize("value", ["after-renames", "after-rename:0", "after-rename:x",
                                   "mid-index:", "mid-index:-1", " mid-index", "MID-INDEX"])
def test_a_fault_naming_no_point_is_an_error_not_a_silent_pass(monkeypatch, value):
    monkeypatch.setenv(faults.VARIABLE, value)
    with pytest.raises(ValueError, match=f"ASSETKIT_FAULT={value!r}: expected one of "
                                         "after-temp-write, after-rename, before-record, "
                                         "mid-index, mid-prune, coordinator-after, "
                                         "optionally followed by :K"):
        faults.fault("after-rename")


def test_fault_parses_a_point_and_its_count():
    assert faults.parse("after-rename:12") == ("after-rename", 12)
    assert faults.parse("before-record") == ("before-record", 1)


# ---------------------------------------------------------------- the temp sweep

def test_sweep_temps_removes_open_atomics_temp_files_and_nothing_else(tmp_path):
    keep = [".x.tmp", "a.tmp", ".x.zzzzzzzzzzzz.tmp", ".x.0123456789AB.tmp",
            ".x.0123456789a.tmp", ".x.0123456789abc.tmp", "x.0123456789ab.tmp",
            ".x.0123456789ab.tmp.bak", "..0123456789ab.tmp", ".x.0123456789ab.TMP", "x.jpg"]
    gone = [".x.0123456789ab.tmp", ".banner_meta_feed_1080x1080.jpg.a1b2c3d4e5f6.tmp",
            "..hidden.ffffffffffff.tmp", "sub/deeper/.r.json.000000000000.tmp"]
    for name in keep + gone:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / ".d.0123456789ab.tmp").mkdir()  # a folder with a temp file's name stays
    (tmp_path / ".l.0123456789ab.tmp").symlink_to(tmp_path / "x.jpg")  # so does a symlink
    assert sweep_temps(tmp_path) == sorted(tmp_path / name for name in gone)
    left = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if not p.is_dir()}
    assert left == {*keep, ".l.0123456789ab.tmp"}
    assert sweep_temps(tmp_path) == []


def test_sweep_temps_stays_in_its_folder_unless_recursive(tmp_path):
    (tmp_path / "sub").mkdir()
    top, nested = tmp_path / ".a.jpg.0123456789ab.tmp", tmp_path / "sub" / ".b.0123456789ab.tmp"
    top.touch()
    nested.touch()
    assert sweep_temps(tmp_path, recursive=False) == [top]
    assert nested.exists()
    assert sweep_temps(tmp_path / "missing") == []


def test_the_sweep_knows_the_names_open_atomic_gives(tmp_path):
    with open_atomic(tmp_path / "manifest.json") as handle:
        handle.write(b"{}")
        [temp] = [p for p in tmp_path.iterdir() if p.name != "manifest.json"]
        assert TEMP_NAME.fullmatch(temp.name)
