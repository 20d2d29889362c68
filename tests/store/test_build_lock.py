"""Two real `assetkit build` processes into one output folder (issue 19, "Lock"): without
`--wait` the second exits 4 naming the first; with it both finish and both sources are in the
index. The second starts once the first holds the lock (a condition with a deadline)."""
from __future__ import annotations

import time

import pytest

from assetkit.store.lock import lock_path

from .conftest import cli, index_rows, write_campaign

pytestmark = pytest.mark.skipif(not __import__("sys").platform.startswith("linux"),
                                reason="process tests use Linux process semantics")
# three large sources on 32 slots: seconds of work while holding the lock
LONG = ("input/a1.psd", "input/a2.psd", "input/a3.psd", "--only",
        "google-display,meta,kakao-ads,naver-smartstore", "-j", "1")
FIRST = ["a1.psd", "a2.psd", "a3.psd"]


def _campaign(folder):
    big = {f"a{i}.psd": (1600, 1000) for i in (1, 2, 3)}
    write_campaign(folder, {**big, "b.psd": (300, 200)},
                   targets=("google-display", "meta", "kakao-ads", "naver-smartstore",
                            "coupang/main"))
    return folder


def _await_lock(folder, first, deadline=60.0):
    lock = lock_path(folder / "out")
    end = time.monotonic() + deadline
    while not lock.exists():
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < end, "the first build never took the lock"
        time.sleep(0.02)


@pytest.mark.parametrize("round_", range(5))
def test_a_second_build_exits_busy_naming_the_first(tmp_path, round_):
    folder = _campaign(tmp_path)
    first = cli(folder, "build", *LONG, wait=False)
    _await_lock(folder, first)
    second = cli(folder, "build", "input/b.psd", "--only", "coupang/main", "-j", "1")
    out, err = first.communicate(timeout=300)
    assert first.returncode in (0, 1), err
    assert second.returncode == 4, second.stderr
    (line,) = [x for x in second.stderr.splitlines() if x.strip()]
    assert f"pid {first.pid}" in line and "`build`" in line and "--wait" in line
    assert sorted(r["id"] for r in index_rows(folder / "out")) == FIRST


@pytest.mark.parametrize("round_", range(5))
def test_with_wait_both_builds_finish_and_both_are_indexed(tmp_path, round_):
    folder = _campaign(tmp_path)
    first = cli(folder, "build", *LONG, wait=False)
    _await_lock(folder, first)
    second = cli(folder, "build", "input/b.psd", "--only", "coupang/main", "-j", "1",
                 "--wait=120")
    first.communicate(timeout=300)
    assert first.returncode in (0, 1)
    assert second.returncode in (0, 1), second.stderr
    assert sorted(r["id"] for r in index_rows(folder / "out")) == [*FIRST, "b.psd"]
    assert not lock_path(folder / "out").exists()
