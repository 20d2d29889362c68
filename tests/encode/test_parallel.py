"""The variant pool: -j 1 and -j 2 under fork and spawn write the same bytes and manifest; a
corrupt source is one Failure while the others build; unchanged variants are skipped."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from assetkit import BuildOptions
from assetkit.pipeline import build
from assetkit.samples import make_corrupt_psd, make_test_psd

_IS_DIR = Path.is_dir
TARGETS = ["google-display/300x250", "naver-smartstore/detail", "coupang/main", "meta"]


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("parallel-src")
    return [make_test_psd(folder / "wide.psd", (640, 420)),
            make_test_psd(folder / "tall.psd", (200, 1300))]


def _options(sources: list[Path], **kw) -> BuildOptions:
    """The build's options with the sources' folder as the source root (outputs in OUT/<stem>)."""
    return BuildOptions(source_root=sources[0].parent, **kw)


def snapshot(out: Path) -> tuple[dict, list]:
    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
             if p.is_file() and p.suffix in (".jpg", ".png", ".webp", ".avif", ".gif")}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return files, [manifest["outputs"], manifest["findings"]]


@pytest.fixture(scope="module")
def serial(sources, tmp_path_factory) -> dict:
    runs = {}
    for mode in ("flatten", "recompose"):
        out = tmp_path_factory.mktemp(f"j1-{mode}")
        build(sources, out=out, only=TARGETS, jobs=1, options=_options(sources, mode=mode))
        runs[mode] = snapshot(out)
    return runs


@pytest.mark.parametrize("mode", ["flatten", "recompose"])
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_two_workers_write_what_one_writes(tmp_path, sources, serial, mode, method):
    out = tmp_path / "out"
    build(sources, out=out, only=TARGETS, jobs=2,
          options=_options(sources, mode=mode, start_method=method))
    files, manifest = snapshot(out)
    want_files, want_manifest = serial[mode]
    assert sorted(files) == sorted(want_files)
    assert [k for k in files if files[k] != want_files[k]] == []
    assert manifest == want_manifest


def test_manifest_records_the_encode(serial):
    files, (outputs, _) = serial["flatten"]
    assert len(outputs) >= 5
    for out in outputs:
        enc = out["encode"]
        assert out["bytes"] <= out["max_bytes"]
        assert enc["encodes"] >= 1
        if out["format"] == "jpeg":
            assert enc["subsampling"] in ("4:2:0", "4:4:4") and 40 <= enc["quality"] <= 95


def test_a_corrupt_source_fails_alone_in_the_pool(tmp_path, sources):
    bad = make_corrupt_psd(tmp_path / "bad.psd")  # beside copies of the good ones: one root
    good = [Path(shutil.copy2(p, tmp_path / p.name)) for p in sources]
    result = build([bad, *good], out=tmp_path / "out", only=TARGETS[:1], jobs=2,
                   options=_options(good, mode="flatten"))
    assert [f.source for f in result.failures] == ["bad"]
    assert {o.source for o in result.outputs} == {"wide", "tall"}
    again = build([bad, *good], out=tmp_path / "out", only=TARGETS[:1], jobs=2,
                  options=_options(good, mode="flatten"))
    assert again.written == 0 and again.skipped == 2
    assert [f.source for f in again.failures] == ["bad"]


@pytest.mark.timeout(180)
def test_libvips_resampler_is_fork_safe_and_identical_across_jobs(tmp_path, sources, monkeypatch):
    pytest.importorskip("pyvips")
    from assetkit.render import resample

    monkeypatch.setenv("ASSETKIT_RESAMPLER", "vips")
    resample.default_backend.cache_clear()
    try:
        runs = []
        for jobs in (1, 2):  # -j 1 loads libvips here first; -j 2 must then not fork this process
            out = tmp_path / f"j{jobs}"
            build(sources, out=out, only=TARGETS[:2], jobs=jobs,
                  options=_options(sources, mode="flatten"))
            runs.append(snapshot(out))
        assert runs[0] == runs[1]
    finally:
        monkeypatch.delenv("ASSETKIT_RESAMPLER")
        resample.default_backend.cache_clear()


def test_a_parked_composite_is_freed_when_its_source_is_done(tmp_path, sources, monkeypatch):
    """Under spawn each source's composite is parked in a raw file for the workers (in
    /dev/shm: memory). A catalogue's files must not pile up until the build ends: each is
    removed once its source's tasks are done, before the source is committed."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where mkdtemp goes without /dev/shm
    monkeypatch.setattr(Path, "is_dir", lambda self: False if str(self) == "/dev/shm"
                        else _IS_DIR(self))
    parked_at_commit: list[list[str]] = []

    def on_source(done) -> None:
        parked_at_commit.append(sorted(p.name for p in scratch.rglob("*.raw")))

    build(sources, out=tmp_path / "out", only=TARGETS, jobs=2,
          options=_options(sources, start_method="spawn", on_source=on_source))
    assert len(parked_at_commit) == 2
    assert "1.raw" not in parked_at_commit[0]  # the first source's, gone at its commit
    assert parked_at_commit[1] == []  # the second's too: nothing is left at the last commit
    assert list(scratch.iterdir()) == []  # and the folder goes with the pool


def test_a_parked_file_that_cannot_be_removed_does_not_stop_the_build(tmp_path, monkeypatch):
    """Removing a done source's parked file is housekeeping: an error there (a busy or
    read-only file system) leaves the file to the pool's folder removal, and the build goes on."""
    from assetkit.pipeline.pool import PixelFile

    parked = tmp_path / "1.raw"
    parked.write_bytes(b"\0" * 12)

    def busy(self, missing_ok=False):
        raise OSError(16, "Device or resource busy")

    monkeypatch.setattr(Path, "unlink", busy)
    PixelFile(str(parked), "RGB", (2, 2)).discard()  # raises nothing
    assert parked.exists()
