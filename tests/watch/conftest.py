"""A real `assetkit watch --json` process over a generated campaign, and its events read line by
line with a deadline each (never a sleep: every wait is on an event or a condition)."""
from __future__ import annotations

import json
import queue
import signal
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from assetkit.document.writer import PixelLayer, write_layered_psd
from assetkit.samples import make_test_psd
from assetkit.store.records import iter_records
from tests.store.conftest import cli

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="process tests use Linux process semantics")
DEADLINE = 60.0  # seconds for any one event
SLOT = "google-display/300x250"


def campaign(folder: Path, targets: tuple[str, ...] = (SLOT,)) -> Path:
    """`folder/assetkit.yaml` with sources in `folder/input/` (the drop folder), outputs in
    `folder/out/`."""
    (folder / "input").mkdir(parents=True, exist_ok=True)
    (folder / "assetkit.yaml").write_text(
        "sources: [input]\nsource_root: input\noutput: out\n"
        f"targets: [{', '.join(targets)}]\nformats: [jpeg]\n", encoding="utf-8")
    return folder


def tiny(path: Path, seed: int = 0) -> Path:
    """A small real PSD; `seed` changes its pixels (so its bytes)."""
    return make_test_psd(path, size=(160 + seed % 7, 120))


def noise_psd(path: Path, size: tuple[int, int]) -> Path:
    """A large real PSD that does not compress: 2800 x 2400 noise is ~41 MB."""
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    return write_layered_psd(path, size, [PixelLayer("noise", Image.fromarray(pixels, "RGB"))])


@pytest.fixture(scope="session")
def big_psd(tmp_path_factory) -> Path:
    """A ~41 MB PSD (seconds to build for many slots)."""
    return noise_psd(tmp_path_factory.mktemp("big") / "big.psd", (2800, 2400))


def truncated(path: Path, seed: int = 0) -> Path:
    """A PSD cut in half: its header is whole, its data is not."""
    data = tiny(path, seed).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


class Watcher:
    """`assetkit watch --json ARGS` in `folder`; its events, as dicts, in arrival order."""

    def __init__(self, folder: Path, *args: str, env: dict | None = None) -> None:
        self.folder = folder
        self.proc = cli(folder, "watch", "--json", *args, env=env, wait=False)
        self.lines: queue.Queue[dict | None] = queue.Queue()
        self.seen: list[dict] = []
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))
        self.lines.put(None)

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line)

    def next(self, deadline: float = DEADLINE) -> dict | None:
        """The next event (None: the process ended); fails after `deadline` seconds."""
        try:
            event = self.lines.get(timeout=deadline)
        except queue.Empty:
            raise AssertionError(f"no event within {deadline} s; seen {self.seen}; stderr "
                                 f"{''.join(self.stderr)}") from None
        if event is not None:
            event["_at"] = time.monotonic()
            self.seen.append(event)
        return event

    def until(self, name: str, count: int = 1, deadline: float = DEADLINE) -> list[dict]:
        """Events up to the `count`-th `name` event (from here on), each within `deadline`."""
        got: list[dict] = []
        while sum(e["event"] == name for e in got) < count:
            event = self.next(deadline)
            assert event is not None, (f"the watcher ended before {count} {name}: {got}; "
                                       f"stderr {''.join(self.stderr)}")
            got.append(event)
        return got

    def stop(self, sig: int = signal.SIGTERM, deadline: float = DEADLINE) -> int:
        """Send `sig`, read the events to the end; the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.ended(deadline)

    def ended(self, deadline: float = DEADLINE) -> int:
        """Read the events to the end (each within `deadline`); the exit code."""
        while self.next(deadline) is not None:
            pass
        return self.proc.wait(timeout=deadline)

    def said(self, text: str, deadline: float = DEADLINE) -> None:
        """Until a stderr line holds `text` (a condition with a deadline)."""
        end = time.monotonic() + deadline
        while not any(text in line for line in self.stderr):
            assert time.monotonic() < end, f"no {text!r} on stderr: {self.stderr}"
            time.sleep(0.02)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=DEADLINE)


@pytest.fixture
def watchers():
    """Start watchers with `watchers(folder, *args)` (each once it says `watching`, unless
    `ready=False`: then the test waits for it, so several start at once); any left running are
    killed."""
    started: list[Watcher] = []

    def start(folder: Path, *args: str, env: dict | None = None, ready: bool = True) -> Watcher:
        # -j 1 unless a test says otherwise (a later -j wins): no worker start-up per batch
        started.append(Watcher(folder, "-j", "1", *args, env=env))
        if ready:
            started[-1].until("watching")
        return started[-1]

    yield start
    for watcher in started:
        watcher.kill()


def side_by_side(watchers, root: Path, modes: dict[str, tuple[str, ...]],
                 *args: str) -> dict[str, tuple[Path, Watcher]]:
    """One campaign folder and one watcher (`input ARGS MODE-ARGS`) per mode, started at once
    (the modes' cases run side by side, not one after another); each once it says `watching`."""
    runs = {}
    for mode, extra in modes.items():
        folder = campaign(root / mode)
        runs[mode] = (folder, watchers(folder, "input", *args, *extra, ready=False))
    for _, watcher in runs.values():
        watcher.until("watching")
    return runs


def named(events: list[dict], name: str) -> list[dict]:
    return [e for e in events if e["event"] == name]


def record_ids(out: Path) -> list[str]:
    return sorted(r.id for r in iter_records(out))
