"""The output folder's lock: one writing run per OUT at a time, across processes and machines.

`OUT/.assetkit/lock` is created with O_CREAT|O_EXCL, the way filelock's SoftFileLock does it:
`fcntl`/`flock` locks do not hold across machines on SMB and many NFS setups, while an exclusive
create does. The file is JSON naming the holder (host, pid, command, start time) and a
heartbeat its thread rewrites every `beat` seconds (atomically: temp file + os.replace), so a
waiter can tell a live holder from a dead one's leftover without talking to it.

Stale, and so taken over, is a lock whose heartbeat is older than 3 of its holder's beats (30 s
by default: a foreign host's lock goes after 31 s without a beat, not before), or whose pid is
gone on this host (at once). A file that is not readable JSON (empty: its writer was killed
between create and write, or is writing right now) is stale only 30 s after its mtime.

Why a second file. Creating is race-free (O_EXCL: one creator wins), but replacing or deleting
an existing lock is check-then-act, and the file system has no compare-and-swap. Two waiters
that both judged one lock stale could each delete "it": the second deletes the lock the first
just made, and both hold. Renaming the stale file away first (only one rename finds it) does not
cure it: a waiter late by a few microseconds renames the new live lock, and while it puts it
back the path is empty for a third to create (8 threads on one stale lock did this within 20
tries). So every change to an existing lock file - a takeover's delete, a beat's replace, a
release's delete - happens under `OUT/.assetkit/lock.guard`, a mutex made the same way (O_EXCL)
and held for milliseconds. Under it the lock is read, judged and changed with nobody else
changing it: other guard holders wait, and a creator cannot create over an existing file. Two
waiters racing for one stale lock: one deletes it under the guard, the other finds it gone (or
new and live); then both compete for the O_EXCL create and exactly one wins.

The guard can be left behind by a process killed while holding it (a beat is mid-write once
in ~10,000 moments). A guard is stale when its pid is gone from this host, or after 5 s; it is
removed by renaming it to a name of one's own (one rename wins), checking the moved file is the
one judged (bytes and mtime) and else putting it back. That leaves a narrow window (a live guard
moved and, while it is put back, a third process creating one), but only right after a crash
inside a guard, and its worst outcome is one racy change, which the next rule catches.

The holder re-reads the lock at each beat: its own token -> beat; another token -> it stalled
for 3 beats (a suspended laptop) and was taken over: it stops beating, never writes over the new
holder, and sets `Holder.lost`; no file (removed by hand, or by a waiter while it stalled) -> it
re-creates it with O_EXCL (a waiter's create and this one: one wins); unreadable -> someone's
create is mid-write: judge at the next beat. Release deletes the lock only if its token is ours.

Staleness compares the holder's epoch heartbeat with the waiter's clock: machines sharing an
output folder need clocks within a few seconds (NTP). A host name must name one pid namespace
(containers sharing a folder need their own host names).

filelock (>= 3.30) has a heartbeat lease too, but measures expiry on the waiter's own monotonic
clock, so a waiter must watch an abandoned lock for the whole lease before taking it, and its
record has no command or start time for the busy message; this module is small enough to own.
"""
from __future__ import annotations

import json
import math
import os
import random
import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import OutputBusy
from ..fsutil import display_path, write_atomic

LOCK = Path(".assetkit") / "lock"  # under the output folder
BEAT = 10.0  # seconds between heartbeats
MISSED_BEATS = 3  # a heartbeat older than this many beats is stale
UNREADABLE_GRACE = 30.0  # seconds an unreadable lock file (being written) is left alone
GUARD_GRACE = 5.0  # a guard is held for milliseconds: one this old was left by a killed process
POLL = 0.25  # mean seconds between tries while waiting (jittered, so waiters do not move in step)
NAMING = 1.0  # seconds a busy waiter re-reads a lock still being written, to name its holder


@dataclass(frozen=True)
class LockInfo:
    """What the lock file says: who holds the output folder, since when, last seen alive when."""

    host: str
    pid: int
    command: str  # the run holding it: "build", "localize", "manifest rebuild", "watch"
    started: float  # epoch seconds the lock was taken
    heartbeat: float  # epoch seconds of the last beat
    beat: float = BEAT  # the holder's seconds between beats (staleness is measured in beats)
    token: str = ""  # random per hold: tells this hold from a later one by the same process

    def encode(self) -> bytes:
        return json.dumps(self.__dict__, sort_keys=True).encode("utf-8")

    @classmethod
    def decode(cls, data: bytes) -> LockInfo:
        """Parse a lock file's bytes; ValueError when they are not a whole, sane record (a
        pid <= 0 would make os.kill signal a process group)."""
        try:
            raw = json.loads(data)
            info = cls(host=str(raw["host"]), pid=int(raw["pid"]), command=str(raw["command"]),
                       started=float(raw["started"]), heartbeat=float(raw["heartbeat"]),
                       beat=float(raw.get("beat", BEAT)), token=str(raw.get("token", "")))
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"not a lock record: {error}") from error
        if info.pid <= 0 or not 0 < info.beat < math.inf or not math.isfinite(info.heartbeat):
            raise ValueError("not a lock record: pid, beat or heartbeat out of range")
        return info

    def is_stale(self, now: float | None = None) -> bool:
        """True when the holder missed 3 beats, or its process is gone from this host."""
        now = time.time() if now is None else now
        if now - self.heartbeat > MISSED_BEATS * self.beat:
            return True
        return self.host == socket.gethostname() and not _pid_alive(self.pid)

    def describe(self) -> str:
        """The holder in one phrase: "`build` (pid 123 on host X since 12:03:04)"."""
        return f"`{self.command}` (pid {self.pid} on host {self.host} since {_clock(self.started)})"


@dataclass(frozen=True)
class Holder:
    """This process's hold on an output folder. `lost` turns True if the heartbeat found another
    run's lock in its place (this one stalled for 3 beats and was taken over): stop writing."""

    path: Path  # the lock file
    info: LockInfo  # as written when taken (the heartbeat field is not updated here)
    _lost: threading.Event = field(default_factory=threading.Event, repr=False, compare=False)

    @property
    def lost(self) -> bool:
        return self._lost.is_set()

    def ensure(self, shown: str) -> None:
        """OutputBusy when the lock was taken over: nothing more may be written (its records,
        index or manifest would overwrite the new holder's). `shown`: the folder, as shown."""
        if self.lost:
            raise OutputBusy(f"{shown}: this {self.info.command} stalled and another run took "
                             "over the folder's lock; it stopped there: run it again")


def lock_path(out_dir: Path) -> Path:
    return Path(out_dir) / LOCK


def holder(out_dir: Path) -> LockInfo | None:
    """Who holds `out_dir`'s lock, live or stale (`LockInfo.is_stale` tells); None when there is
    no lock, or its file is not readable yet (being written, or left empty by a killed writer)."""
    seen = _read(lock_path(out_dir))
    return seen.info if seen else None


@contextmanager
def hold(out_dir: Path, command: str, *, wait: float | None = None,
         beat: float = BEAT) -> Iterator[Holder]:
    """Hold `out_dir`'s lock for the block, beating every `beat` seconds; released on exit.

    Busy: `wait=None` raises OutputBusy at once, naming the holder; `wait=S` tries again every
    ~0.25 s for up to S seconds, then raises; `wait=math.inf` waits as long as it takes. A stale
    lock is taken over (see the module's docstring). Take it per run, not for a process's life:
    a long-lived holder (a watcher) keeps others out between its batches."""
    if not 0 < beat < math.inf:
        raise ValueError(f"beat must be a positive number of seconds, got {beat!r}")
    lock = lock_path(out_dir)
    lock.parent.mkdir(parents=True, exist_ok=True)
    taken = Holder(lock, _acquire(lock, command, wait, beat))
    stop = threading.Event()
    thread = threading.Thread(target=_beat_until, args=(taken, stop), daemon=True,
                              name=f"assetkit-lock-heartbeat {lock}")
    try:
        thread.start()
        yield taken
    finally:
        stop.set()
        if thread.ident is not None:
            thread.join()  # no beat may re-create the file after it is removed
        _release(lock, taken.info)


# ---- acquiring and releasing


def _acquire(lock: Path, command: str, wait: float | None, beat: float) -> LockInfo:
    """Create the lock exclusively, taking over a stale one, until done or the wait is over."""
    deadline = time.monotonic() + (wait or 0.0)
    naming = time.monotonic() + NAMING
    while True:
        mine = _record(command, beat)
        if _create(lock, mine.encode()):
            return mine
        seen = _read(lock)
        if seen is None:
            continue  # released since the create: try again at once
        if seen.stale(time.time()):
            _take_over(lock)
            continue
        now = time.monotonic()
        if seen.info is None and now < naming:
            time.sleep(0.01)  # its holder is writing it: read again so the message names them
        elif now >= deadline:
            raise OutputBusy(_busy_message(lock, seen, wait), seen.info)
        else:
            time.sleep(min(deadline - now, POLL * random.uniform(0.6, 1.4)))


def _record(command: str, beat: float) -> LockInfo:
    now = time.time()
    return LockInfo(host=socket.gethostname(), pid=os.getpid(), command=command,
                    started=now, heartbeat=now, beat=beat, token=secrets.token_hex(16))


def _take_over(lock: Path) -> None:
    """Delete the lock if it is (still) stale, judged again under the guard: between the
    caller's read and now, its holder may have beaten or another waiter replaced it."""
    with _guard(lock) as guarded:
        seen = _read(lock)
        if guarded and seen is not None and seen.stale(time.time()):
            lock.unlink(missing_ok=True)


def _release(lock: Path, mine: LockInfo) -> None:
    """Delete the lock if it is still ours. Without the guard (a stuck one) it is left: stale
    at once for this host once the process exits, and for everyone after 3 missed beats."""
    with _guard(lock) as guarded:
        seen = _read(lock)
        if guarded and seen is not None and seen.info is not None and seen.info.token == mine.token:
            lock.unlink(missing_ok=True)


def _busy_message(lock: Path, seen: _Seen, wait: float | None) -> str:
    out = display_path(lock.parent.parent)
    who = seen.info.describe() if seen.info else "another run (its lock file is being written)"
    then = "use --wait to queue" if wait is None else f"still busy after waiting {wait:g} s"
    return f"{out} is being built by {who}; {then}"


# ---- the lock and guard files


@dataclass(frozen=True)
class _Seen:
    """One read of a lock or guard file: its bytes and mtime (together they tell the file judged
    from a new one: an old empty file and one being written now have equal bytes), record."""

    raw: bytes
    mtime_ns: int
    info: LockInfo | None  # None: not readable (being written, or its writer was killed)

    def stale(self, now: float, unreadable_grace: float = UNREADABLE_GRACE) -> bool:
        if self.info is None:
            return now - self.mtime_ns / 1e9 > unreadable_grace
        return self.info.is_stale(now)


def _read(path: Path) -> _Seen | None:
    try:
        with open(path, "rb") as handle:
            mtime_ns = os.fstat(handle.fileno()).st_mtime_ns
            raw = handle.read()
    except FileNotFoundError:
        return None
    try:
        info: LockInfo | None = LockInfo.decode(raw)
    except ValueError:
        info = None
    return _Seen(raw, mtime_ns, info)


def _create(path: Path, data: bytes) -> bool:
    """Create `path` holding `data` if no file is there; False if one is. A write that fails
    or is interrupted removes the file, so it never blocks others for the unreadable grace."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return True


@contextmanager
def _guard(lock: Path) -> Iterator[bool]:
    """Hold `lock.guard`, the mutex for changing an existing lock file (see the module's
    docstring); yields False when it could not be had in twice its grace (a stuck share)."""
    guard = lock.with_name(f"{lock.name}.guard")
    mine = _record("guard", GUARD_GRACE / MISSED_BEATS)
    deadline = time.monotonic() + 2 * GUARD_GRACE
    while not (guarded := _create(guard, mine.encode())):
        seen = _read(guard)
        if seen is not None and seen.stale(time.time(), GUARD_GRACE):
            _remove_if(guard, seen.__eq__)
        elif time.monotonic() > deadline:
            break
        else:
            time.sleep(0.002)
    try:
        yield guarded
    finally:
        if guarded:
            _remove_if(guard, lambda seen: seen.info is not None and seen.info.token == mine.token)


def _remove_if(path: Path, wanted: Callable[[_Seen], bool]) -> bool:
    """Remove `path` if `wanted` holds for the file actually removed, else put it back: a
    rename moves exactly one file (only one of several renamers finds it), which is then checked
    at leisure. A put-back is an exclusive create, dropped if the path was taken meanwhile."""
    moved = path.with_name(f"{path.name}.{secrets.token_hex(8)}.stale")
    try:
        os.rename(path, moved)
    except FileNotFoundError:
        return False
    try:
        seen = _read(moved)
        if seen is None or wanted(seen):
            return seen is not None
        _create(path, seen.raw)
        return False
    finally:
        moved.unlink(missing_ok=True)


# ---- holding


def _beat_until(taken: Holder, stop: threading.Event) -> None:
    """The heartbeat thread: beat every `beat` seconds until stopped or the lock is lost. A
    failed beat (a network share's hiccup) is retried at the next one; 3 in a row lose it."""
    while not stop.wait(taken.info.beat):
        try:
            ours = _beat(taken.path, taken.info)
        except OSError:
            continue
        if not ours:
            taken._lost.set()
            return


def _beat(lock: Path, mine: LockInfo) -> bool:
    """One heartbeat; False when another run's lock is in place of ours (see the docstring)."""
    with _guard(lock) as guarded:
        seen = _read(lock)
        fresh = replace(mine, heartbeat=time.time()).encode()
        if not guarded:
            return True  # try again at the next beat
        if seen is None:
            _create(lock, fresh)
        elif seen.info is None:
            pass  # someone's create is mid-write: judge at the next beat
        elif seen.info.token != mine.token:
            return False
        else:
            write_atomic(lock, fresh)
        return True


def _pid_alive(pid: int) -> bool:
    """Whether `pid` runs on this host. On Windows os.kill(pid, 0) would terminate the process,
    so there a holder is judged by its heartbeat alone."""
    if sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


def _clock(epoch: float) -> str:
    """A start time as the busy message shows it: the time of day, with the date if not today."""
    when, today = time.localtime(epoch), time.localtime()
    same_day = (when.tm_year, when.tm_yday) == (today.tm_year, today.tm_yday)
    return time.strftime("%H:%M:%S" if same_day else "%Y-%m-%d %H:%M:%S", when)
