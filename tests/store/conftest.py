"""A campaign of generated PSDs in a temporary folder, and ways to run and read its builds."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assetkit.samples import make_test_psd
from assetkit.store.index import index_dir
from assetkit.store.records import Record, iter_records

REPO = Path(__file__).resolve().parents[2]
SLOTS = ("google-display/300x250", "coupang/main")


def write_campaign(folder: Path, sources: dict[str, tuple[int, int]],
                   targets: tuple[str, ...] = SLOTS, extra: str = "") -> Path:
    """`folder/assetkit.yaml` over `folder/input/<name>` PSDs (source_root: input)."""
    for name, size in sources.items():
        make_test_psd(folder / "input" / name, size=size)
    (folder / "assetkit.yaml").write_text(
        "sources: [input]\nsource_root: input\noutput: out\n"
        f"targets: [{', '.join(targets)}]\nformats: [jpeg, png]\n{extra}", encoding="utf-8")
    return folder / "assetkit.yaml"


def age(paths, seconds: float = 3600) -> None:
    """Move files' mtimes into the past (a record is then not 'racy' against them)."""
    for path in paths:
        st = os.stat(path)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - int(seconds * 1e9)))


# Started as a shell starts it: SIGINT at its default and no signal blocked, then exec'd into
# assetkit (same pid). A child inherits both from this process; a full run saw a build ignore
# the test's Ctrl-C and exit 0 twice, never in isolation: an inherited ignored or blocked
# SIGINT is one way that happens, and is ruled out here without a preexec_fn (not safe with
# the threads this process runs).
_FROM_A_SHELL = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                 "signal.pthread_sigmask(signal.SIG_SETMASK, []); "
                 "os.execv(sys.executable, [sys.executable, '-m', 'assetkit', *sys.argv[1:]])")


def cli(cwd: Path, *args: str, env: dict | None = None, wait: bool = True):
    """`python -m assetkit ARGS` in `cwd` (a real process); waited for unless `wait` is False."""
    command = [sys.executable, "-m", "assetkit", *map(str, args)]
    full = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", **(env or {})}
    if not wait:  # to be signalled: started as from a shell (_FROM_A_SHELL)
        shell_like = [sys.executable, "-c", _FROM_A_SHELL, *map(str, args)]
        return subprocess.Popen(shell_like, cwd=cwd, env=full, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, cwd=cwd, env=full, capture_output=True, text=True,
                          timeout=300)


def outputs_on_disk(out: Path) -> dict[str, str]:
    """Every file under OUT but the store's own and the manifest/report: path -> sha256."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()
            and p.relative_to(out).parts[0] != ".assetkit"
            and p.name not in ("manifest.json", "report.html")}


def records(out: Path) -> dict[str, Record]:
    return {r.id: r for r in iter_records(out)}


def index_rows(out: Path, volatile: tuple[str, ...] = ()) -> list[dict]:
    """Every index entry, without the `volatile` fields."""
    rows = []
    for shard in sorted(index_dir(out).glob("*.json")):
        data = json.loads(shard.read_bytes())
        for row in data["sources"]:
            entry = dict(zip(data["fields"], row, strict=True))
            rows.append({k: v for k, v in entry.items() if k not in volatile})
    return rows


def assert_consistent(out: Path) -> None:
    """No temp file outside `.assetkit/`; every record's outputs on disk with their sha256;
    the index lists exactly the records."""
    temps = [p for p in out.rglob("*.tmp") if p.relative_to(out).parts[0] != ".assetkit"]
    assert temps == []
    on_disk = outputs_on_disk(out)
    found = records(out)
    for record in found.values():
        for o in record.outputs:
            assert on_disk.get(o.path) == o.sha256, o.path
    assert sorted(r["id"] for r in index_rows(out)) == sorted(found)


@pytest.fixture
def no_campaign_above(tmp_path):
    from assetkit.config import find_campaign

    if find_campaign(tmp_path) is not None:
        pytest.skip(f"an assetkit.yaml above {tmp_path} would be found")
    return tmp_path
