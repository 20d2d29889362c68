"""`assetkit manifest list|rebuild`, through the CLI (CliRunner: exit codes, exact lines, --json
keys) and as library functions: list streams the records one at a time, at any size; rebuild
re-makes the index and manifest.json byte for byte from the records and the head."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

import assetkit
from assetkit.cli import cli
from assetkit.config import load_campaign
from assetkit.errors import OutputBusy, UsageError
from assetkit.model import Finding, Output
from assetkit.store import manifest as manifest_module
from assetkit.store import publish as publish_module
from assetkit.store import records as records_module
from assetkit.store.ids import SourceId
from assetkit.store.index import Index
from assetkit.store.lock import hold
from assetkit.store.manifest import ManifestHead, read_manifest
from assetkit.store.publish import head_path, publish
from assetkit.store.records import Record, SourceStat, write_record
from tests.conftest import REPO

OUTPUT_KEYS = {"variant_id", "source", "platform", "slot", "lang", "slice", "group", "path",
               "width", "height", "bytes", "sha256", "max_bytes", "format", "encode", "layout",
               "inputs_key", "findings", "fonts", "raster_text"}
REBUILD_KEYS = {"exit_code", "out_dir", "manifest", "index", "counts", "shards", "inline",
                "head_from"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The repo's sample campaign built for two slots (four outputs, two sources)."""
    out = tmp_path_factory.mktemp("built") / "out"
    assetkit.build(campaign=load_campaign(REPO / "assetkit.yaml"), out=out, jobs=1,
                   only=["coupang/main", "naver-smartstore/detail"])
    return out


@pytest.fixture
def built(sample, tmp_path) -> Path:
    """A fresh copy of the sample build to change."""
    return Path(shutil.copytree(sample, tmp_path / "out", symlinks=True))


def run(*args: str):
    return CliRunner().invoke(cli, ["manifest", *map(str, args)])


def snapshot(out: Path) -> dict[str, bytes]:
    """manifest.json and every index shard, by path under OUT."""
    files = [out / "manifest.json", *sorted((out / ".assetkit" / "index").iterdir())]
    return {f.relative_to(out).as_posix(): f.read_bytes() for f in files}


def synthetic(out: Path, sources: int, per_source: int, findings: tuple[Finding, ...] = ()
              ) -> int:
    """`sources` records of `per_source` outputs each; the bytes of the records written."""
    written = 0
    for i in range(sources):
        sid = SourceId(f"batch/s{i:05d}.psd")
        outputs = tuple(Output(
            variant_id=f"{sid.folder}/p/slot#{k + 1}", source=sid.folder, platform="p",
            slot="slot", path=f"{sid.folder}/p/s{i}_{k}.jpg", width=640, height=480,
            bytes=50_000 + k, max_bytes=100_000, format="jpeg", inputs_key="k" * 24,
            encode={"quality": 90, "subsampling": "4:2:0", "encodes": 1, "tried": ["jpeg"]},
            sha256="a" * 64) for k in range(per_source))
        record = Record(sid.id, sid.folder, SourceStat(1, 1, 1), "b" * 64, 1_800_000_000 + i,
                        "c" * 24, outputs, findings, {"p/slot": "k" * 24})
        written += write_record(out, sid.digest, record).stat().st_size
    return written


# ---------------------------------------------------------------- manifest list

def test_list_json_prints_each_output_of_the_manifest_once_per_line(sample):
    result = run("list", sample, "--json")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    objects = [json.loads(line) for line in lines]
    assert all(set(o) == OUTPUT_KEYS for o in objects)
    assert all(line == json.dumps(o, ensure_ascii=False, separators=(",", ":"))
               for line, o in zip(lines, objects, strict=True))
    manifest = json.loads((sample / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(objects, key=lambda o: o["variant_id"]) == manifest["outputs"]
    assert len(objects) == 4


def test_list_prints_path_size_weight_and_format(sample):
    result = run("list", sample)
    assert result.exit_code == 0, result.output
    expected = [f"{o.path}  {o.width}x{o.height}  {o.bytes / 1024:.1f}/{o.max_bytes / 1024:g} KB"
                f"  {o.format}" for o in assetkit.manifest_list(sample)]
    assert result.stdout.splitlines() == expected
    main = next(line for line in expected if "/coupang/" in line)
    assert main.startswith("haneul-serum-launch/coupang/haneul-serum-launch_coupang_main_"
                           "1000x1000.jpg  1000x1000  ")
    assert main.endswith("/5120 KB  jpeg")


def test_list_of_a_version_1_folder_reads_its_manifest(sample, tmp_path):
    data = json.loads((sample / "manifest.json").read_text(encoding="utf-8"))
    v1 = {"schema_version": 1, "assetkit_version": "0.1.0", "created": data["created"],
          "fonts": {}, "outputs": data["outputs"], "findings": []}
    (tmp_path / "manifest.json").write_text(json.dumps(v1), encoding="utf-8")
    result = run("list", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.stdout.splitlines()] == data["outputs"]


@pytest.mark.parametrize("where", ["empty", "missing"])
def test_list_of_a_folder_that_is_no_output_folder_is_a_usage_error(tmp_path, where):
    folder = tmp_path / "nothing-here"
    if where == "empty":
        folder.mkdir()
    result = run("list", folder)
    assert result.exit_code == 2
    what = ("not an assetkit output folder (no manifest.json or .assetkit/sources/)"
            if where == "empty" else "no such folder")
    assert result.stderr.splitlines() == [f"Error: {folder}: {what}"]
    with pytest.raises(UsageError):
        assetkit.manifest_list(folder)  # raised at the call, before the first output


def test_list_reads_the_records_one_at_a_time(tmp_path, monkeypatch):
    synthetic(tmp_path, sources=30, per_source=3)
    reads: list[str] = []
    real = records_module.read_record

    def counted(out_dir: Path, digest: str):
        reads.append(digest)
        return real(out_dir, digest)

    monkeypatch.setattr(records_module, "read_record", counted)
    outputs = assetkit.manifest_list(tmp_path)
    assert reads == []
    first = [next(outputs) for _ in range(3)]  # the first source's outputs
    assert len(reads) == 1 and {o.source for o in first} == {first[0].source}
    next(outputs)
    assert len(reads) == 2
    assert len(list(outputs)) == 30 * 3 - 4 and len(reads) == 30


def _memory_peaks(folder: Path) -> tuple[int, int, int, int, int]:
    """Outputs listed and tracemalloc's peak for 40 and 400 records of 20 outputs, and the
    400 records' bytes."""

    def peak(out: Path) -> tuple[int, int]:
        tracemalloc.start()
        count = sum(1 for _ in assetkit.manifest_list(out))
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return count, top

    small, large = folder / "small", folder / "large"
    synthetic(small, sources=40, per_source=20)
    total = synthetic(large, sources=400, per_source=20)
    peak(small)  # imports and caches, once
    (n_small, peak_small), (n_large, peak_large) = peak(small), peak(large)
    return n_small, peak_small, n_large, peak_large, total


def test_list_memory_stays_flat_however_many_records(tmp_path):
    """Listing 400 records of 20 outputs (MBs of JSON) holds about one record's worth: the
    peak is a small fraction of the records' bytes and does not grow with their number.
    Measured in a process of its own: tracemalloc counts every thread's allocations, and a
    thread an earlier test left running (7.9 MB once, in a full run) is not the listing's."""
    code = ("import json, sys; from pathlib import Path; "
            "from tests.store.test_manifest_commands import _memory_peaks; "
            "print(json.dumps(_memory_peaks(Path(sys.argv[1]))))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=REPO,
                          capture_output=True, text=True, check=True)
    n_small, peak_small, n_large, peak_large, total = json.loads(done.stdout.splitlines()[-1])
    assert (n_small, n_large) == (800, 8000)
    assert peak_large < total / 10, (peak_large, total)
    assert peak_large < 2 * peak_small + 100_000, (peak_small, peak_large)


# ---------------------------------------------------------------- manifest rebuild

def test_rebuild_after_deleting_the_index_is_byte_identical(built):
    before = snapshot(built)
    shutil.rmtree(built / ".assetkit" / "index")
    result = run("rebuild", built)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Rebuilt the index of 2 sources in 2 shards and manifest.json (4 outputs, inline)",
        f"Index:    {built / '.assetkit' / 'index'}", f"Manifest: {built / 'manifest.json'}"]
    assert result.stderr == ""
    assert snapshot(built) == before
    assert not (built / ".assetkit" / "lock").exists()


def test_rebuild_empties_the_index_folder_first(built):
    index = built / ".assetkit" / "index"
    before = snapshot(built)
    empty = next(f"{i:02x}.json" for i in range(256) if not (index / f"{i:02x}.json").exists())
    (index / empty).write_text('{"schema":2,"sources":[]}')
    (index / "stray.txt").write_text("left by hand")
    assert run("rebuild", built).exit_code == 0
    assert snapshot(built) == before


def test_rebuild_from_the_records_and_the_head_alone(built):
    assert run("rebuild", built).exit_code == 0  # leaves .assetkit/head.json
    before = snapshot(built)
    shutil.rmtree(built / ".assetkit" / "index")
    (built / "manifest.json").unlink()
    result = run("rebuild", built, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["head_from"] == "head.json"
    assert snapshot(built) == before


def test_rebuild_after_a_build_and_deleting_index_and_manifest(built):
    before = json.loads((built / "manifest.json").read_bytes())
    shutil.rmtree(built / ".assetkit" / "index")
    (built / "manifest.json").unlink()
    assert run("rebuild", built).exit_code == 0
    assert json.loads((built / "manifest.json").read_bytes()) == before


def test_rebuild_without_any_head_says_what_it_cannot_know(built):
    (built / "manifest.json").unlink()
    head_path(built).unlink(missing_ok=True)
    result = run("rebuild", built, "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "Warning: no .assetkit/head.json or manifest.json was left: the manifest's fonts and "
        "severity overrides are unknown (empty) until the next build writes them"]
    document = json.loads(result.stdout)
    assert set(document) == REBUILD_KEYS
    assert document["head_from"] == "records" and document["exit_code"] == 0
    assert document["counts"] == {"sources": 2, "outputs": 4, "errors": 0, "warnings": 0}
    manifest = read_manifest(built)
    assert manifest is not None and manifest.fonts == {}
    newest = max(r.recorded for r in records_module.iter_records(built))
    assert manifest.created == dt.datetime.fromtimestamp(newest, dt.UTC).isoformat(
        timespec="seconds")


def test_rebuild_reapplies_the_recorded_severity_overrides(tmp_path):
    raw = (Finding("layout.upscaled", "warning", "scaled up", "batch/s00000"),
           Finding("fonts.faux-style", "warning", "faux bold", "batch/s00000"))
    synthetic(tmp_path, sources=3, per_source=2, findings=raw)
    index = Index(tmp_path)
    for record in records_module.iter_records(tmp_path):
        index.put(record)
    head = ManifestHead("0.1.0", {"table": "t", "faces": "f"},
                        severity={"layout.upscaled": "error", "fonts.faux-style": "off"})
    publish(tmp_path, index, head, everything=True)
    data = json.loads((tmp_path / "manifest.json").read_bytes())
    assert data["severity_overrides"] == {"fonts.faux-style": "off", "layout.upscaled": "error"}
    assert [(f["code"], f["severity"]) for f in data["findings"]] == [
        ("layout.upscaled", "error")] * 3
    before = snapshot(tmp_path)
    (tmp_path / "manifest.json").unlink()
    shutil.rmtree(tmp_path / ".assetkit" / "index")
    rebuilt = assetkit.manifest_rebuild(tmp_path)
    assert rebuilt.head_from == "head.json" and rebuilt.shards == len(index.shards())
    assert snapshot(tmp_path) == before
    assert json.loads(head_path(tmp_path).read_bytes())["severity_overrides"] == {
        "fonts.faux-style": "off", "layout.upscaled": "error"}


def test_rebuild_above_the_inline_limit_lists_no_outputs(tmp_path, monkeypatch):
    monkeypatch.setattr(manifest_module, "INLINE_MAX", 5)
    monkeypatch.setattr(publish_module, "INLINE_MAX", 5)
    synthetic(tmp_path, sources=3, per_source=2)
    rebuilt = assetkit.manifest_rebuild(tmp_path)
    assert not rebuilt.inline and rebuilt.counts["outputs"] == 6
    data = json.loads((tmp_path / "manifest.json").read_bytes())
    assert "outputs" not in data and "findings" not in data
    assert sum(s["outputs"] for s in data["shards"]) == 6
    assert len(list(assetkit.manifest_list(tmp_path))) == 6


def test_rebuild_of_a_busy_folder_exits_4_naming_the_holder(built):
    with hold(built, "build"):
        result = run("rebuild", built)
        waited = run("rebuild", built, "--wait=0.3")
        with pytest.raises(OutputBusy):
            assetkit.manifest_rebuild(built)
    assert result.exit_code == 4 and len(result.stderr.splitlines()) == 1
    assert "build" in result.stderr and "use --wait to queue" in result.stderr
    assert waited.exit_code == 4 and "still busy after waiting 0.3 s" in waited.stderr
    assert run("rebuild", built).exit_code == 0


def test_rebuild_needs_records(sample, tmp_path):
    data = json.loads((sample / "manifest.json").read_text(encoding="utf-8"))
    v1 = {"schema_version": 1, "assetkit_version": "0.1.0", "created": data["created"],
          "fonts": {}, "outputs": data["outputs"], "findings": []}
    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "manifest.json").write_text(json.dumps(v1), encoding="utf-8")
    result = run("rebuild", tmp_path / "v1")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {tmp_path / 'v1'}: no records to rebuild from (.assetkit/sources/ is missing: "
        "a version-1 folder, which the next `assetkit build` adopts)"]
    assert json.loads((tmp_path / "v1" / "manifest.json").read_bytes()) == v1  # untouched
    result = run("rebuild", tmp_path / "none")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"Error: {tmp_path / 'none'}: no such folder"]


def test_a_manifest_above_the_inline_limit_reads_its_findings_with_its_overrides(
        tmp_path, monkeypatch):
    monkeypatch.setattr(manifest_module, "INLINE_MAX", 1)
    monkeypatch.setattr(publish_module, "INLINE_MAX", 1)
    synthetic(tmp_path, sources=2, per_source=1,
              findings=(Finding("layout.upscaled", "warning", "scaled up"),))
    index = Index(tmp_path)
    for record in records_module.iter_records(tmp_path):
        index.put(record)
    publish(tmp_path, index, ManifestHead("0.1.0", severity={"layout.upscaled": "info"}))
    manifest = read_manifest(tmp_path)
    assert manifest is not None and not manifest.inline
    assert [f.severity for f in manifest.findings] == ["info", "info"]
    assert manifest.counts["warnings"] == 2  # counts are as recorded (docs/manifest.md)


def test_a_rebuild_whose_lock_was_taken_over_writes_nothing(built, monkeypatch):
    """As build and localize do: a rebuild that stalled for 3 beats lost the lock to another
    run; it stops before writing, exit 4, and leaves the index and manifest as they were."""
    from assetkit.commands import manifest as command

    before = snapshot(built)
    real_rebuild = command.rebuild

    def stalled(out, held):
        held._lost.set()  # what its heartbeat does on finding another run's lock
        return real_rebuild(out, held)

    monkeypatch.setattr(command, "rebuild", stalled)
    result = run("rebuild", built)
    assert result.exit_code == 4, result.output
    assert "took over" in result.output and "Traceback" not in result.output
    assert snapshot(built) == before


def test_a_build_with_nothing_to_do_rewrites_a_manifest_cut_short(built):
    """A half-synced manifest.json (cut short) in a folder whose sources are all up to date:
    the build wrote nothing (it rewrites manifest.json only when a source changed or the file
    is missing), so running it again, the natural fix, left the manifest broken and `check`
    failing. The build now rewrites a manifest.json that does not end as one does: the same
    manifest as before, but for its time."""
    before = json.loads((built / "manifest.json").read_bytes())
    data = (built / "manifest.json").read_bytes()
    (built / "manifest.json").write_bytes(data[: len(data) // 2])
    result = assetkit.build(campaign=load_campaign(REPO / "assetkit.yaml"), out=built, jobs=1,
                            only=["coupang/main", "naver-smartstore/detail"])
    assert result.written == 0 and not result.failures
    after = json.loads((built / "manifest.json").read_bytes())
    assert {**after, "created": ""} == {**before, "created": ""}
