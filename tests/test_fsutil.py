"""The one writer: atomic (no temp file left, old or whole new contents) and readable by others
as the umask says (mkstemp's 0600 used to make every output private to its owner)."""
from __future__ import annotations

import os
import stat

import pytest

from assetkit import BuildOptions, build
from assetkit.fsutil import open_atomic, write_atomic
from tests.factories import make_geometry_psd


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_atomic_gives_the_umask_permissions(tmp_path, umask_022):
    path = tmp_path / "a" / "b.bin"
    write_atomic(path, b"one")
    assert path.read_bytes() == b"one" and mode(path) == 0o644
    os.umask(0o077)
    write_atomic(path, b"two")
    assert path.read_bytes() == b"two" and mode(path) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["b.bin"]


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path):
    path = tmp_path / "x.txt"
    write_atomic(path, b"old")
    with pytest.raises(RuntimeError), open_atomic(path) as handle:
        handle.write(b"half")
        raise RuntimeError("killed mid-write")
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.txt"]


def test_build_outputs_manifest_and_report_are_readable_by_others(tmp_path, umask_022):
    psd = make_geometry_psd(tmp_path / "geo.psd")
    result = build([psd], only=["google-display/300x250", "coupang/detail"],
                   out=tmp_path / "out", jobs=1, options=BuildOptions(source_root=tmp_path))
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert len(files) >= 4 and result.manifest in files and result.report in files
    assert {p.name: mode(p) for p in files} == {p.name: 0o644 for p in files}
