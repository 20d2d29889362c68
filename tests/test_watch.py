"""The drop-folder service: the Debouncer with a fake clock, the loop with a fake observer (no
sleeps), one run with watchdog's real PollingObserver and the real build, and the CLI door."""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from click.testing import CliRunner

from assetkit import pipeline
from assetkit.cli import cli
from assetkit.commands.watch import (
    Debouncer,
    FileEvent,
    WatchWorld,
    build_fn_for,
    default_watch_dir,
    is_candidate,
    run_watch,
    watch,
    watchdog_observer,
)
from assetkit.config import load_campaign
from assetkit.errors import ExitCode, UsageError
from assetkit.model import Campaign, Finding
from assetkit.samples import make_garbage_psd, make_test_psd
from assetkit.store.manifest import read_manifest

STAMP = "12:00:00"


def grow(path: Path, data: bytes = b"x" * 100) -> Path:
    """Append to `path`; a new file starts with a PSD signature (the settle check reads it)."""
    if not path.exists():
        data = b"8BPS\0\1" + data
    with open(path, "ab") as handle:
        handle.write(data)
    return path


# ---------------------------------------------------------------- Debouncer

@pytest.mark.parametrize("name, ok", [
    ("banner.psd", True), ("BANNER.PSB", True), ("sub/hero.psd", True),
    (".banner.psd", False), ("._banner.psd", False), ("~banner.psd", False),
    (".~lock.banner.psd", False), ("banner.psd.tmp", False), ("banner.psd.part", False),
    ("banner.psd.crdownload", False), ("banner.png", False), ("notes.txt", False),
])
def test_candidates_are_psds_not_temp_files(name, ok):
    assert is_candidate(Path(name)) is ok


def test_a_stable_file_is_ready_once_after_settle_seconds(tmp_path):
    psd = grow(tmp_path / "a.psd")
    deb = Debouncer(settle=2.0)
    deb.touch(psd, now=0.0)
    assert deb.ready(1.0) == []
    assert deb.ready(1.9) == []
    assert deb.ready(2.0) == [psd]
    assert deb.ready(10.0) == []  # once
    assert deb.pending == ()


def test_a_file_still_growing_is_not_ready(tmp_path):
    psd = grow(tmp_path / "a.psd")
    deb = Debouncer(settle=2.0)
    deb.touch(psd, now=0.0)
    for now in (1.5, 3.0, 4.5, 6.0):  # the copy goes on: every check sees a new size
        grow(psd)
        assert deb.ready(now) == []
    assert deb.ready(7.9) == []  # last change seen at 6.0
    assert deb.ready(8.0) == [psd]


def test_an_event_resets_the_timer(tmp_path):
    psd = grow(tmp_path / "a.psd")
    deb = Debouncer(settle=2.0)
    deb.touch(psd, now=0.0)
    deb.touch(psd, now=1.5)
    assert deb.ready(3.0) == []
    assert deb.ready(3.5) == [psd]


def test_an_unchanged_mtime_with_a_new_size_still_counts_as_a_change():
    sizes = {"a.psd": (10, 5)}
    deb = Debouncer(settle=1.0, stat=lambda p: sizes.get(p.name), looks_whole=lambda p: True)
    deb.touch(Path("a.psd"), now=0.0)
    sizes["a.psd"] = (20, 5)
    assert deb.ready(1.0) == []
    assert deb.ready(2.0) == [Path("a.psd")]


def test_temp_names_are_ignored_and_vanished_files_dropped(tmp_path):
    deb = Debouncer(settle=1.0)
    for name in (".a.psd", "~a.psd", "a.psd.tmp", "a.psd.part", "a.psd.crdownload", "a.png"):
        deb.touch(grow(tmp_path / name), now=0.0)
    assert deb.pending == ()
    gone = grow(tmp_path / "gone.psd")
    deb.touch(gone, now=0.0)
    gone.unlink()
    assert deb.ready(5.0) == []
    assert deb.pending == ()


def test_several_settled_files_come_back_sorted(tmp_path):
    b, a = grow(tmp_path / "b.psd"), grow(tmp_path / "a.psd")
    deb = Debouncer(settle=1.0)
    deb.touch(b, 0.0)
    deb.touch(a, 0.5)
    assert deb.ready(1.0) == [b]
    assert deb.ready(1.5) == [a]


# ---------------------------------------------------------------- run_watch, faked world

class FakeWorld:
    """A clock, a sleep that advances it and plays scripted file events, and an observer."""

    def __init__(self, script: dict[float, Callable[[], list[FileEvent]]],
                 until: float = 30.0) -> None:
        self.now = 0.0
        self.script = dict(sorted(script.items()))
        self.until = until
        self.stop = threading.Event()
        self.sink: Callable[[FileEvent], None] | None = None
        self.started = self.stopped = False
        self.sleeps = 0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.now += seconds
        for at in [t for t in self.script if t <= self.now]:
            for event in self.script.pop(at)():
                self.sink(event)
        if self.now >= self.until:
            self.stop.set()

    def observer_factory(self, folder: Path, sink):
        self.sink = sink
        world = self

        class Observer:
            def start(self) -> None:
                world.started = True

            def stop(self) -> None:
                world.stopped = True

            def join(self, timeout=None) -> None:
                pass

        return Observer()


def fake_result(paths, written=3, findings=(), failures=()):
    return SimpleNamespace(written=written, skipped=0, findings=tuple(findings),
                           failures=tuple(failures))


def run(world: FakeWorld, folder: Path, build_fn, **kw) -> tuple[int, list[tuple[str, bool]]]:
    lines: list[tuple[str, bool]] = []
    batches = run_watch(folder, build_fn=build_fn, world=WatchWorld(
        clock=world.clock, sleep=world.sleep, observer_factory=world.observer_factory,
        stop_event=world.stop, echo=lambda text, err=False: lines.append((text, err)),
        stamp=lambda: STAMP), **kw)
    return batches, lines


def test_a_copy_is_built_once_after_it_settles(tmp_path):
    psd = tmp_path / "banner.psd"

    def copy_chunk():
        grow(psd)
        return [FileEvent("changed", psd)]

    # a slow copy: created, then written for 3 s; must be built once, 2 s after the last write
    world = FakeWorld({0.5: copy_chunk, 1.5: copy_chunk, 2.5: copy_chunk, 3.5: copy_chunk},
                      until=12.0)
    calls: list[tuple[float, list[Path]]] = []

    def build(paths, tell=None):
        calls.append((world.now, paths))
        return fake_result(paths, findings=[Finding("x.y", "warning", "w"),
                                            Finding("x.z", "info", "i")])

    batches, lines = run(world, tmp_path, build)
    assert batches == 1
    assert [paths for _, paths in calls] == [[psd.resolve()]]
    assert 5.5 <= calls[0][0] <= 6.0
    assert lines == [(f"{STAMP}  1 file (banner.psd): 3 written, 0 up to date; findings: "
                      "0 errors, 1 warnings, 1 info; 0 failed", False)]
    assert world.started and world.stopped


@pytest.mark.parametrize("settle, at, built_by", [(0.2, 0.3, 0.3 + 0.2 + 0.05),
                                                  (2.0, 0.3, 0.3 + 2.0 + 0.25 + 0.25)])
def test_a_settled_file_is_built_within_a_quarter_of_its_settle_time(tmp_path, settle, at,
                                                                    built_by):
    """The loop looks four times a settle period (at most every 0.25 s): a short --settle is
    not stretched by the loop's own pace (0.2 s would build at 0.75 s, not 0.5 s)."""
    psd = tmp_path / "banner.psd"
    world = FakeWorld({at: lambda: [FileEvent("changed", grow(psd))]}, until=built_by + 1)
    calls: list[float] = []
    run(world, tmp_path, lambda paths, tell=None: calls.append(world.now) or fake_result(paths),
        settle=settle)
    assert len(calls) == 1 and at + settle <= calls[0] <= built_by + 1e-6


def test_a_settle_of_zero_does_not_spin(tmp_path):
    world = FakeWorld({}, until=1.0)
    run(world, tmp_path, lambda paths, tell=None: fake_result(paths), settle=0)
    assert world.sleeps <= 1.0 / 0.02 + 1  # every 20 ms at most


def test_files_settling_together_are_one_batch_and_temp_files_are_never_built(tmp_path):
    sub = tmp_path / "week2"
    sub.mkdir()
    a, b = tmp_path / "a.psd", sub / "b.psd"
    temp = tmp_path / "a.psd.tmp"

    def drop():
        for p in (a, b, temp, tmp_path / "~b.psd", tmp_path / ".c.psd"):
            grow(p)
        return [FileEvent("changed", p) for p in (a, b, temp, tmp_path / "~b.psd",
                                                    tmp_path / ".c.psd")]

    world = FakeWorld({0.25: drop}, until=5.0)
    calls = []
    batches, lines = run(world, tmp_path, lambda paths, tell=None: calls.append(paths) or fake_result(paths))
    assert calls == [[a.resolve(), b.resolve()]]
    assert lines[0][0].startswith(f"{STAMP}  2 files (a.psd, {Path('week2', 'b.psd')}): ")


def test_a_failing_source_prints_its_error_and_the_watcher_goes_on(tmp_path):
    bad, good = tmp_path / "bad.psd", tmp_path / "good.psd"
    world = FakeWorld({0.25: lambda: [FileEvent("changed", grow(bad))],
                       5.0: lambda: [FileEvent("changed", grow(good))]}, until=10.0)
    failure = pipeline.Failure("bad", "unreadable", f"{bad}: not a PSD file")

    def build(paths, tell=None):
        return fake_result(paths, written=0, failures=[failure] if paths == [bad.resolve()]
                           else [])

    batches, lines = run(world, tmp_path, build)
    assert batches == 2
    assert lines == [
        (f"{STAMP}  1 file (bad.psd): 0 written, 0 up to date; findings: 0 errors, 0 warnings, "
         "0 info; 1 failed", False),
        (f"  Error: {bad}: not a PSD file", True),
        (f"{STAMP}  1 file (good.psd): 0 written, 0 up to date; findings: 0 errors, 0 warnings, "
         "0 info; 0 failed", False),
    ]


def test_a_batch_level_error_is_one_line_and_the_watcher_goes_on(tmp_path):
    a = tmp_path / "a.psd"
    world = FakeWorld({0.25: lambda: [FileEvent("changed", grow(a))],
                       4.0: lambda: [FileEvent("changed", grow(a))]}, until=8.0)
    calls = []

    def build(paths, tell=None):
        calls.append(paths)
        if len(calls) == 1:
            raise UsageError("unknown target 'nope'")
        return fake_result(paths)

    batches, lines = run(world, tmp_path, build)
    assert batches == 2
    assert lines[0] == (f"{STAMP}  a.psd: Error: unknown target 'nope'", True)
    assert lines[1][0].startswith(f"{STAMP}  1 file (a.psd): 3 written")


def test_a_bug_in_build_propagates(tmp_path):
    a = tmp_path / "a.psd"
    world = FakeWorld({0.25: lambda: [FileEvent("changed", grow(a))]}, until=8.0)

    def build(paths, tell=None):
        raise ZeroDivisionError("bug")

    with pytest.raises(ZeroDivisionError):
        run(world, tmp_path, build)
    assert world.stopped  # the observer is stopped on the way out


def test_deleted_sources_are_logged_and_their_outputs_kept(tmp_path):
    a = grow(tmp_path / "a.psd")
    b = tmp_path / "b.psd"

    def delete_a():
        a.unlink()
        return [FileEvent("deleted", a)]

    def half_copied_then_deleted():
        grow(b)
        return [FileEvent("changed", b)]

    def delete_b():
        b.unlink()
        return [FileEvent("deleted", b)]

    world = FakeWorld({0.25: delete_a, 1.0: half_copied_then_deleted, 1.5: delete_b}, until=6.0)
    calls = []
    batches, lines = run(world, tmp_path, lambda paths, tell=None: calls.append(paths))
    assert batches == 0 and calls == []
    assert lines == [
        (f"{STAMP}  a.psd removed from the folder; its outputs are kept (a full `assetkit "
         "build --prune` removes them)", False),
        (f"{STAMP}  b.psd removed from the folder; its outputs are kept (a full `assetkit "
         "build --prune` removes them)", False),
    ]


def test_events_under_the_output_folder_are_ignored(tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    inside = grow(out / "localized.psd")
    world = FakeWorld({0.25: lambda: [FileEvent("changed", inside)]}, until=5.0)
    calls = []
    batches, _ = run(world, tmp_path, lambda paths, tell=None: calls.append(paths), ignore=[out])
    assert batches == 0 and calls == []


def test_no_campaign_and_no_out_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="pass -o OUT"):
        watch(tmp_path, campaign=None, out=None)


def test_a_missing_folder_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such folder to watch"):
        watch(tmp_path / "nope", campaign=None, out=tmp_path / "out")


@pytest.mark.parametrize("sources, expected", [
    (("input/*.psd",), "input"), (("art/2026/**/*.psd",), "art/2026"), (("src",), "src"),
    (("src/one.psd", "other/*.psd"), "src"), ((), "input"),
])
def test_default_folder_is_the_first_source_patterns_folder(tmp_path, sources, expected):
    campaign = Campaign(root=tmp_path, sources=sources)
    assert default_watch_dir(campaign) == tmp_path / expected


# ---------------------------------------------------------------- the real thing

def write_campaign(folder: Path) -> Path:
    path = folder / "assetkit.yaml"
    path.write_text(yaml.safe_dump({"name": "watch test", "sources": ["input/*.psd"],
                                    "targets": ["google-display/300x250"],
                                    "output": "output"}), encoding="utf-8")
    (folder / "input").mkdir()
    return path


def test_real_polling_observer_builds_a_dropped_psd_and_survives_garbage(tmp_path):
    campaign = load_campaign(write_campaign(tmp_path))
    inbox = tmp_path / "input"
    stop = threading.Event()
    built: list[list[Path]] = []
    real_build = build_fn_for(campaign, None, jobs=1)

    def build(paths, tell=None):
        result = real_build(paths)
        built.append(paths)
        if len(built) == 2:
            stop.set()
        return result

    lines: list[tuple[str, bool]] = []
    world = WatchWorld(observer_factory=watchdog_observer(poll=True, interval=0.1),
                       stop_event=stop, echo=lambda text, err=False: lines.append((text, err)))
    watcher = threading.Thread(target=run_watch, args=(inbox,), kwargs=dict(
        build_fn=build, world=world, settle=0.3, ignore=[campaign.output], tick=0.05))
    watcher.start()
    try:
        time.sleep(0.3)  # the polling observer takes its first snapshot
        make_garbage_psd(inbox / "garbage.psd")
        while not built and watcher.is_alive() and not stop.wait(0.05):
            pass
        staged = make_test_psd(tmp_path / "staging" / "banner.psd", size=(120, 80))
        staged.rename(inbox / "banner.psd")  # written elsewhere, then moved in
        watcher.join(timeout=20)
    finally:
        stop.set()
        watcher.join(timeout=5)
    assert not watcher.is_alive()
    assert [[p.name for p in paths] for paths in built] == [["garbage.psd"], ["banner.psd"]]
    texts = [text for text, _ in lines]
    assert re.fullmatch(r"\d\d:\d\d:\d\d  1 file \(garbage\.psd\): 0 written, 0 up to date; "
                        r"findings: 0 errors, 0 warnings, 0 info; 1 failed", texts[0]), texts
    assert lines[1][1] and "garbage.psd" in texts[1]
    assert re.fullmatch(r"\d\d:\d\d:\d\d  1 file \(banner\.psd\): 1 written, 0 up to date; "
                        r"findings: .*; 0 failed", texts[-1]), texts
    manifest = read_manifest(tmp_path / "output")
    assert [(o.source, o.platform, o.slot) for o in manifest.outputs] == [
        ("input/banner", "google-display", "300x250")]  # ids under the campaign's folder
    assert (tmp_path / "output" / manifest.outputs[0].path).is_file()
    assert (tmp_path / "output" / "report.html").is_file()


# ---------------------------------------------------------------- the CLI door

@pytest.fixture
def empty_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cli_watch_without_campaign_or_out_exits_2_with_a_hint(empty_cwd):
    (empty_cwd / "input").mkdir()
    result = CliRunner().invoke(cli, ["watch"])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == ("Error: no assetkit.yaml found: pass -o OUT to say where outputs "
                             "go\n")


def test_cli_watch_ctrl_c_exits_130(empty_cwd, monkeypatch):
    write_campaign(empty_cwd)
    seen = {}

    def interrupted(folder, **kw):
        seen.update(folder=folder, **kw)
        raise KeyboardInterrupt

    monkeypatch.setattr("assetkit.commands.watch.run_watch", interrupted)
    result = CliRunner().invoke(cli, ["watch", "--poll", "--settle", "0.5"])
    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stderr == "Interrupted.\n"
    assert seen["folder"] == empty_cwd / "input"
    assert seen["settle"] == 0.5
    assert result.stdout.startswith(f"Watching {empty_cwd / 'input'}")
    assert "polling every 1 s" in result.stdout


def test_default_echo_prints_errors_on_stderr(tmp_path, capsys):
    a = tmp_path / "a.psd"
    world = FakeWorld({0.25: lambda: [FileEvent("changed", grow(a))]}, until=5.0)

    def build(paths, tell=None):
        raise UsageError("broken brand file")

    run_watch(tmp_path, build_fn=build, world=WatchWorld(
        clock=world.clock, sleep=world.sleep, observer_factory=world.observer_factory,
        stop_event=world.stop, stamp=lambda: STAMP))
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"{STAMP}  a.psd: Error: broken brand file\n")
