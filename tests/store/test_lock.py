"""The output folder's lock: real processes started together through a barrier file, stale
locks written by hand with chosen timestamps (no 31 s sleeps), and waits on conditions with a
deadline instead of fixed sleeps."""
from __future__ import annotations

import json
import math
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assetkit.errors import ExitCode, OutputBusy
from assetkit.fsutil import write_atomic
from assetkit.store import lock as lockmod
from assetkit.store.lock import LockInfo, hold, holder, lock_path
from tests.conftest import REPO

HOST = socket.gethostname()

# One contender: waits for the go file (so contenders start together), takes the lock, proves
# nobody else is inside (an O_EXCL marker), says it holds, and keeps it until told to release.
WORKER = r"""
import os, sys, time
from pathlib import Path
from assetkit.errors import OutputBusy
from assetkit.store.lock import hold

out, ctl, name, wait = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]

def until(path):
    deadline = time.monotonic() + 20
    while not path.exists():
        if time.monotonic() > deadline:
            sys.exit(9)
        time.sleep(0.001)

(ctl / f"ready.{name}").touch()
until(ctl / "go")
try:
    with hold(out, name, wait=None if wait == "none" else float(wait)):
        try:
            os.close(os.open(ctl / "inside", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            sys.exit(5)  # two holders at once
        (ctl / f"held.{name}").touch()
        until(ctl / "release")
        os.unlink(ctl / "inside")
except OutputBusy as error:
    print(error)
    sys.exit(int(error.exit_code))
"""


def until(condition, timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


def record(host: str = HOST, pid: int = 4242, command: str = "build", age: float = 0.0,
           token: str = "theirs") -> LockInfo:
    now = time.time()
    return LockInfo(host=host, pid=pid, command=command, started=now - age - 60,
                    heartbeat=now - age, token=token)


def plant(out: Path, info: LockInfo | bytes) -> Path:
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(info if isinstance(info, bytes) else info.encode())
    return path


@pytest.fixture(scope="module")
def dead_pid() -> int:
    """A pid that ran on this host and is gone (waited for, so not even a zombie)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


class Round:
    """Contenders for one output folder, started together; the test says when holders let go."""

    def __init__(self, root: Path, names: tuple[str, ...], wait: str) -> None:
        self.root, self.out, self.ctl = root, root / "out", root / "ctl"
        self.ctl.mkdir(parents=True)
        script = root / "worker.py"
        script.write_text(WORKER)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
        self.procs = {name: subprocess.Popen(
            [sys.executable, str(script), str(self.out), str(self.ctl), name, wait],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for name in names}

    def go(self) -> None:
        until(lambda: all((self.ctl / f"ready.{n}").exists() for n in self.procs), what="ready")
        (self.ctl / "go").touch()

    def holding(self) -> list[str]:
        return [n for n in self.procs if (self.ctl / f"held.{n}").exists()]

    def finished(self) -> list[str]:
        return [n for n, p in self.procs.items() if p.poll() is not None]

    def release(self) -> dict[str, tuple[int, str]]:
        (self.ctl / "release").touch()
        results = {}
        for name, proc in self.procs.items():
            out, err = proc.communicate(timeout=15)
            results[name] = (proc.returncode, out.strip() + err.strip())
        return results

    def kill(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


def busy_message(info: LockInfo) -> str:
    return f"out is being built by {info.describe()}; use --wait to queue"


def one_wins(rnd: Round) -> None:
    """Exactly one contender holds; each other exits 4 naming it; the lock is gone after."""
    until(lambda: len(rnd.finished()) == len(rnd.procs) - 1 and rnd.holding(), what="losers")
    [winner] = rnd.holding()
    info = holder(rnd.out)
    assert (info.command, info.pid, info.host) == (winner, rnd.procs[winner].pid, HOST)
    results = rnd.release()
    assert results.pop(winner) == (0, "")
    assert set(results.values()) == {(ExitCode.BUSY, busy_message(info))}
    assert list(lock_path(rnd.out).parent.iterdir()) == []  # released, nothing left behind


@pytest.mark.parametrize("attempt", range(5))
def test_two_processes_without_wait_one_is_busy_naming_the_other(tmp_path, attempt):
    rnd = Round(tmp_path, ("build", "localize"), "none")
    try:
        rnd.go()
        one_wins(rnd)
    finally:
        rnd.kill()


@pytest.mark.parametrize("attempt", range(5))
def test_two_processes_with_wait_both_finish_one_after_the_other(tmp_path, attempt):
    rnd = Round(tmp_path, ("build", "localize"), "10")
    try:
        rnd.go()
        until(lambda: len(rnd.holding()) == 1, what="a holder")
        assert rnd.finished() == []  # the other queues
        results = rnd.release()  # exit 5 would mean both held at once
        assert results == {"build": (0, ""), "localize": (0, "")}
        assert sorted(rnd.holding()) == ["build", "localize"]
        assert not lock_path(rnd.out).exists()
    finally:
        rnd.kill()


@pytest.mark.parametrize("attempt", range(10))
def test_two_processes_racing_for_one_stale_lock_exactly_one_wins(tmp_path, attempt, dead_pid):
    stale = [record(pid=dead_pid), record(host="build-02.example", age=31.0), b""][attempt % 3]
    rnd = Round(tmp_path, ("build", "localize"), "none")
    try:
        path = plant(rnd.out, stale)
        old = time.time() - 31
        os.utime(path, (old, old))  # the empty one: a writer killed 31 s ago
        rnd.go()
        one_wins(rnd)
    finally:
        rnd.kill()


def contend(out: Path, name: str, start: threading.Barrier, done: threading.Event,
            results: list[str]) -> None:
    start.wait()
    try:
        with hold(out, name):
            results.append("won")
            done.wait(10)
    except OutputBusy:
        results.append("busy")


@pytest.mark.parametrize("attempt", range(20))
def test_threads_racing_for_a_stale_lock_exactly_one_wins(tmp_path, attempt):
    """The takeover under heavier contention: 8 contenders on one stale lock."""
    plant(tmp_path, record(host="build-02.example", age=31.0))
    start, done, results = threading.Barrier(8), threading.Event(), []
    threads = [threading.Thread(target=contend, args=(tmp_path, f"t{i}", start, done, results))
               for i in range(8)]
    for thread in threads:
        thread.start()
    until(lambda: len(results) == 8, what="all contenders")
    done.set()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["busy"] * 7 + ["won"]
    assert list(lock_path(tmp_path).parent.iterdir()) == []


def test_a_dead_pid_on_this_host_is_taken_at_once(tmp_path, dead_pid):
    plant(tmp_path, record(pid=dead_pid))
    with hold(tmp_path, "build") as held:
        assert holder(tmp_path) == held.info
        assert held.info.pid == os.getpid()


def test_a_live_pid_on_this_host_is_busy_until_its_heartbeat_is_3_beats_old(tmp_path):
    plant(tmp_path, record(pid=os.getpid(), age=29.0))
    with pytest.raises(OutputBusy):
        with hold(tmp_path, "build"):
            pass
    plant(tmp_path, record(pid=os.getpid(), age=31.0))  # a reused pid: the heartbeat decides
    with hold(tmp_path, "build"):
        pass


def test_a_foreign_hosts_lock_is_busy_at_29_s_and_taken_at_31_s(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path.parent)
    theirs = record(host="build-02.example", age=29.0)
    plant(tmp_path, theirs)
    with pytest.raises(OutputBusy) as busy:
        with hold(tmp_path, "build"):
            pass
    assert busy.value.exit_code == ExitCode.BUSY == 4
    assert busy.value.holder == theirs
    # the time of day; with the date when the run crossed midnight since the lock was taken
    when = time.localtime(theirs.started)
    today = time.localtime()[:3] == when[:3]
    since = time.strftime("%H:%M:%S" if today else "%Y-%m-%d %H:%M:%S", when)
    assert str(busy.value) == (f"{tmp_path.name} is being built by `build` (pid 4242 "
                               f"on host build-02.example since {since}); use --wait to queue")
    plant(tmp_path, record(host="build-02.example", age=31.0))
    with hold(tmp_path, "localize") as held:
        assert holder(tmp_path) == held.info


def test_an_unreadable_lock_is_left_alone_for_30_s_of_its_mtime(tmp_path):
    path = plant(tmp_path, b"")  # a writer between create and write
    with pytest.raises(OutputBusy, match="another run [(]its lock file is being written[)]"):
        with hold(tmp_path, "build"):
            pass
    old = time.time() - 31
    os.utime(path, (old, old))  # ... or one killed there 31 s ago
    with hold(tmp_path, "build"):
        pass


def test_wait_gives_up_after_its_seconds_naming_the_holder(tmp_path):
    plant(tmp_path, record(host="build-02.example"))
    began = time.monotonic()
    with pytest.raises(OutputBusy, match=r"`build` .* still busy after waiting 0.3 s$"):
        with hold(tmp_path, "build", wait=0.3):
            pass
    assert time.monotonic() - began >= 0.3


def test_wait_forever_takes_the_lock_when_it_is_released(tmp_path):
    holding, let_go, got = threading.Event(), threading.Event(), []

    def first() -> None:
        with hold(tmp_path, "build"):
            holding.set()
            let_go.wait(10)

    def second() -> None:
        with hold(tmp_path, "localize", wait=math.inf) as held:
            got.append(held.info.command)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    until(holding.is_set, what="the first holder")
    threads[1].start()
    assert got == []  # not while the first holds it
    let_go.set()
    for thread in threads:
        thread.join(10)
    assert got == ["localize"]


def test_the_heartbeat_advances(tmp_path):
    with hold(tmp_path, "build", beat=0.05) as held:
        first = holder(tmp_path)
        assert first == held.info and first.beat == 0.05
        until(lambda: holder(tmp_path).heartbeat > first.heartbeat, what="a beat")
        second = holder(tmp_path).heartbeat
        until(lambda: holder(tmp_path).heartbeat > second, what="another beat")
        assert holder(tmp_path).token == held.info.token and not held.lost


def test_a_deleted_lock_is_recreated_by_its_holder(tmp_path):
    """Removed by hand, or by a waiter while this holder stalled for 3 beats (and nobody has
    made a new one yet): the holder takes it back at its next beat."""
    with hold(tmp_path, "build", beat=0.05) as held:
        lock_path(tmp_path).unlink()
        until(lambda: holder(tmp_path) is not None, what="the lock back")
        assert holder(tmp_path).token == held.info.token
    assert not lock_path(tmp_path).exists()


def test_release_deletes_only_our_own_lock_and_a_lost_lock_is_not_written_over(tmp_path):
    with hold(tmp_path, "build", beat=0.05) as held:
        theirs = record(host="build-02.example").encode()
        write_atomic(lock_path(tmp_path), theirs)  # we stalled, they took over
        until(lambda: held.lost, what="the heartbeat to notice")
    assert lock_path(tmp_path).read_bytes() == theirs
    assert [p.name for p in lock_path(tmp_path).parent.iterdir()] == ["lock"]


def test_release_deletes_the_lock(tmp_path):
    with hold(tmp_path / "out", "build") as held:
        assert json.loads(lock_path(tmp_path / "out").read_bytes())["command"] == "build"
        assert not held.lost
    assert holder(tmp_path / "out") is None
    assert list(lock_path(tmp_path / "out").parent.iterdir()) == []


def test_a_takeover_judges_the_lock_again_under_the_guard(tmp_path):
    """A waiter read a stale lock, but its holder beat (or another waiter replaced it) before
    the waiter got the guard: the live lock stays."""
    path = plant(tmp_path, record(host="build-02.example"))
    lockmod._take_over(path)
    assert LockInfo.decode(path.read_bytes()).token == "theirs"
    plant(tmp_path, record(host="build-02.example", age=31.0))
    lockmod._take_over(path)
    assert list(path.parent.iterdir()) == []


@pytest.mark.parametrize("left", ["dead pid", "foreign, 6 s old", "empty, 6 s old"])
def test_a_guard_left_by_a_killed_process_does_not_block(tmp_path, dead_pid, left):
    guard = lock_path(tmp_path).with_name("lock.guard")
    guard.parent.mkdir(parents=True)
    info = {"dead pid": record(pid=dead_pid, command="guard"),
            "foreign, 6 s old": LockInfo(host="build-02.example", pid=1, command="guard",
                                         started=time.time() - 6, heartbeat=time.time() - 6,
                                         beat=lockmod.GUARD_GRACE / lockmod.MISSED_BEATS),
            "empty, 6 s old": None}[left]
    guard.write_bytes(info.encode() if info else b"")
    old = time.time() - 6
    os.utime(guard, (old, old))
    plant(tmp_path, record(host="build-02.example", age=31.0))
    began = time.monotonic()
    with hold(tmp_path, "build"):
        assert time.monotonic() - began < 1
    assert list(guard.parent.iterdir()) == []


def test_removing_a_stale_guard_puts_back_one_that_changed_since_it_was_judged(tmp_path):
    """Between a judge's read and its rename, another removed the stale guard and made its own:
    the judge moved a live guard, and puts it back instead of deleting it."""
    guard = tmp_path / "lock.guard"
    guard.write_bytes(record(command="guard", age=31.0).encode())
    judged = lockmod._read(guard)
    live = record(command="guard", token="live").encode()
    guard.write_bytes(live)
    assert lockmod._remove_if(guard, judged.__eq__) is False
    assert guard.read_bytes() == live and [p.name for p in tmp_path.iterdir()] == ["lock.guard"]
    assert lockmod._remove_if(guard, lockmod._read(guard).__eq__) is True
    assert list(tmp_path.iterdir()) == []


def test_beat_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="beat must be a positive number of seconds"):
        with hold(tmp_path, "build", beat=0):
            pass
