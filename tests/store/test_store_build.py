"""The output store through real builds (issue 19): stable ids, no-op by stat, content keys,
findings that survive skips, removal only by --prune."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import assetkit
from assetkit import BuildOptions
from assetkit.config import load_campaign
from assetkit.fsutil import file_sha256, write_atomic
from assetkit.model import Output
from assetkit.pipeline.results import SourceResult
from assetkit.pipeline.variant import inputs_key
from assetkit.samples import make_test_psd
from tests.conftest import real_psd

from .conftest import (
    SLOTS,
    age,
    assert_consistent,
    cli,
    index_rows,
    outputs_on_disk,
    records,
    write_campaign,
)


def _build(folder: Path, *sources, **kw):
    options = kw.pop("options", BuildOptions())
    return assetkit.build(list(sources), campaign=load_campaign(folder / "assetkit.yaml"),
                          jobs=kw.pop("jobs", 1), options=options, **kw)


def _snapshot(out: Path) -> dict[str, tuple[int, int]]:
    """Every file under OUT but the lock's: (size, mtime_ns)."""
    return {p.relative_to(out).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in out.rglob("*") if p.is_file() and not p.name.startswith("lock")}


# ---------------------------------------------------------------- ids

def _designers(folder: Path) -> tuple[Path, Path]:
    write_campaign(folder, {"designerA/banner.psd": (600, 400),
                            "designerB/banner.psd": (300, 200)})
    return folder / "input" / "designerA" / "banner.psd", folder / "input" / "designerB" / "banner.psd"


def test_the_same_name_in_two_folders_keeps_two_output_folders(tmp_path):
    solo = {}
    for n, who in enumerate(("designerA", "designerB")):
        folder = tmp_path / f"solo{n}"
        a, b = _designers(folder)
        _build(folder, a if who == "designerA" else b)
        solo.update(outputs_on_disk(folder / "out"))
    assert {p.split("/")[0] for p in solo} == {"designerA", "designerB"}
    orders = {"a-then-b": ("a", "b"), "b-then-a": ("b", "a"), "together": ("ab",)}
    for name, order in orders.items():
        folder = tmp_path / name
        a, b = _designers(folder)
        for step in order:
            _build(folder, *([a] if "a" in step else []), *([b] if "b" in step else []))
        assert outputs_on_disk(folder / "out") == solo, name  # same bytes, no orphan
        assert sorted(records(folder / "out")) == ["designerA/banner.psd",
                                                   "designerB/banner.psd"]
        assert_consistent(folder / "out")


def test_two_sources_writing_one_folder_is_a_usage_error_naming_both(tmp_path):
    write_campaign(tmp_path, {"a/x.psd": (300, 200)})
    shutil.copyfile(tmp_path / "input" / "a" / "x.psd", tmp_path / "input" / "a" / "x.psb")
    result = cli(tmp_path, "build", "-j", "1")
    assert result.returncode == 2, result.stderr
    (line,) = [x for x in result.stderr.splitlines() if x.strip()]
    assert "x.psd" in line and "x.psb" in line and "a/x/" in line
    assert not (tmp_path / "out" / "a").exists()


def test_a_source_outside_the_root_is_a_usage_error_naming_it(tmp_path):
    write_campaign(tmp_path, {"a.psd": (300, 200)})
    stray = make_test_psd(tmp_path / "elsewhere" / "b.psd", size=(300, 200))
    result = cli(tmp_path, "build", str(stray), "-j", "1")
    assert result.returncode == 2
    assert "b.psd: outside the source root" in result.stderr
    assert str(tmp_path / "input") in result.stderr


# ---------------------------------------------------------------- no-op and keys

def test_a_copied_campaign_reads_each_psd_once_and_renders_nothing(tmp_path):
    write_campaign(tmp_path / "first", {"a.psd": (600, 400), "b.psd": (300, 200)})
    age((tmp_path / "first" / "input").glob("*.psd"))
    built = _build(tmp_path / "first")
    assert built.rendered == 2
    shutil.copytree(tmp_path / "first", tmp_path / "copy", symlinks=True)  # cp -a: new inodes
    copy = _build(tmp_path / "copy")
    total = sum(p.stat().st_size for p in (tmp_path / "copy" / "input").glob("*.psd"))
    assert (copy.rendered, copy.written) == (0, 0)
    assert copy.source_bytes_read == total
    again = _build(tmp_path / "copy")  # the records were re-stamped: now stat alone decides
    assert (again.rendered, again.source_bytes_read) == (0, 0)


def _fake_render(job) -> SourceResult:
    """The render seam: one small file per target, named and keyed as the build does."""
    digest = job.digest or file_sha256(job.path)
    outputs = []
    for target in job.targets:
        data = hashlib.sha256(f"{digest}{target.key}".encode()).digest()
        rel = f"{job.stem}/{target.platform.id}/{target.slot.id}.bin"
        write_atomic(job.out_dir / rel, data)
        outputs.append(Output(
            variant_id=f"{job.stem}/{target.key}", source=job.stem,
            platform=target.platform.id, slot=target.slot.id, path=rel, width=1, height=1,
            bytes=len(data), max_bytes=1000, format="bin", encode={},
            inputs_key=inputs_key(digest, target, job), sha256=hashlib.sha256(data).hexdigest()))
    return SourceResult(job.stem, tuple(outputs), written=len(outputs), sha256=digest)


def _headers(folder: Path, count: int) -> None:
    """`count` files that start like PSDs (the fake render reads no further), aged."""
    folder.mkdir()
    for n in range(count):
        (folder / f"s{n:03d}.psd").write_bytes(b"8BPS\x00\x01" + bytes(20) + n.to_bytes(4, "big"))
    age(folder.glob("*.psd"))


def test_a_no_op_build_of_200_sources_reads_nothing_and_writes_nothing(tmp_path):
    write_campaign(tmp_path, {})
    _headers(tmp_path / "input", 200)
    options = BuildOptions(render=_fake_render)
    first = _build(tmp_path, options=options)
    assert first.written == 400 and first.failures == ()
    before = _snapshot(tmp_path / "out")
    again = _build(tmp_path, options=options)
    assert (again.written, again.rendered, again.source_bytes_read) == (0, 0, 0)
    assert again.skipped == 400
    assert _snapshot(tmp_path / "out") == before
    assert_consistent(tmp_path / "out")


def _rewrite_keeping_size_and_mtime(path: Path) -> None:
    st = path.stat()
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_racy_rewrite_is_hashed_and_rebuilt(tmp_path):
    """Equal size and restored mtime: a record under 2 s older than the file cannot tell, so
    the file is hashed (git's racy rule)."""
    write_campaign(tmp_path, {"a.psd": (300, 200)})
    source = tmp_path / "input" / "a.psd"
    _build(tmp_path)  # the record is written right after the file: racy
    _rewrite_keeping_size_and_mtime(source)
    again = _build(tmp_path)
    assert again.rendered == 1 and again.source_bytes_read >= source.stat().st_size


def test_rehash_reads_every_source_and_finds_a_disguised_change(tmp_path):
    write_campaign(tmp_path, {"a.psd": (300, 200), "b.psd": (300, 200)})
    age((tmp_path / "input").glob("*.psd"))
    _build(tmp_path)
    _rewrite_keeping_size_and_mtime(tmp_path / "input" / "a.psd")
    assert _build(tmp_path).rendered == 0  # stat alone cannot see it
    rehashed = _build(tmp_path, options=BuildOptions(rehash=True))
    total = sum(p.stat().st_size for p in (tmp_path / "input").glob("*.psd"))
    assert rehashed.rendered == 1 and rehashed.source_bytes_read >= total


def test_keys_are_by_content_a_logo_change_rebuilds_a_touch_does_not(tmp_path):
    keys = []
    for name in ("one", "two"):
        folder = tmp_path / name
        shutil.copytree(Path(assetkit.__file__).parents[1] / "brand_rules", folder / "brand")
        write_campaign(folder, {"a.psd": (600, 400)}, extra="brand: brand/example.yaml\n")
        age((folder / "input").glob("*.psd"))
        _build(folder)
        keys.append({r.id: (r.inputs_key, dict(r.targets)) for r in records(folder / "out")
                     .values()})
    assert keys[0] == keys[1]  # two folders, equal keys
    folder = tmp_path / "one"
    logo = next((folder / "brand").glob("*.png"))
    age([logo])
    assert _build(folder).rendered == 0
    os.utime(logo)  # touch
    assert _build(folder).rendered == 0
    logo.write_bytes(logo.read_bytes() + b"\0")  # new bytes
    assert _build(folder).rendered == 1


# ---------------------------------------------------------------- findings survive skips

FIXTURES = ("psdjs-example.psd", "agpsd-text-alias-notosanskr.psd")


@pytest.mark.parametrize("name", FIXTURES)
def test_an_up_to_date_build_reports_the_findings_of_the_build_that_made_them(tmp_path, name):
    source = real_psd(name)
    (tmp_path / "input").mkdir()
    shutil.copyfile(source, tmp_path / "input" / name)
    write_campaign(tmp_path, {}, targets=("google-display/300x250", "coupang/main",
                                          "naver-smartstore/detail"))
    fresh = cli(tmp_path, "build", "-j", "1", "--json")
    report = (tmp_path / "out" / "report.html").read_bytes()
    index = index_rows(tmp_path / "out", volatile=("recorded",))  # a racy file is re-stamped
    again = cli(tmp_path, "build", "-j", "1", "--json")
    first, second = json.loads(fresh.stdout), json.loads(again.stdout)
    assert first["findings"] and first["written"] > 0 and second["written"] == 0
    assert second["findings"] == first["findings"]
    assert fresh.returncode == again.returncode
    assert index_rows(tmp_path / "out", volatile=("recorded",)) == index
    assert (tmp_path / "out" / "report.html").read_bytes() == report
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(map(json.dumps, manifest["findings"])) == sorted(
        map(json.dumps, first["findings"]))


# ---------------------------------------------------------------- removal only by --prune

def test_a_deleted_source_keeps_its_outputs_until_prune(tmp_path):
    write_campaign(tmp_path, {"a.psd": (300, 200), "b.psd": (300, 200)})
    _build(tmp_path)
    b_outputs = {p for p in outputs_on_disk(tmp_path / "out") if p.startswith("b/")}
    assert b_outputs
    (tmp_path / "input" / "b.psd").unlink()
    kept = cli(tmp_path, "build", "-j", "1")
    assert "1 source missing (use --prune): b.psd" in kept.stdout
    assert b_outputs <= set(outputs_on_disk(tmp_path / "out"))
    pruned = cli(tmp_path, "build", "-j", "1", "--prune", "--json")
    doc = json.loads(pruned.stdout)
    assert sorted(doc["removed"]) == sorted(b_outputs)
    assert not b_outputs & set(outputs_on_disk(tmp_path / "out"))
    assert sorted(records(tmp_path / "out")) == ["a.psd"]
    assert_consistent(tmp_path / "out")


def test_only_leaves_other_platforms_alone(tmp_path):
    write_campaign(tmp_path, {"a.psd": (600, 400)}, targets=(*SLOTS, "youtube"))
    _build(tmp_path)
    others = {p: v for p, v in _snapshot(tmp_path / "out").items()
              if not p.startswith((".assetkit", "a/youtube")) and "/" in p}
    result = _build(tmp_path, only=["youtube"], force=True)
    assert result.written >= 1 and result.removed == ()
    after = _snapshot(tmp_path / "out")
    assert {p: after[p] for p in others} == others
    record = records(tmp_path / "out")["a.psd"]
    assert {o.platform for o in record.outputs} == {"google-display", "coupang", "youtube"}


def test_a_dropped_target_is_superseded_in_a_full_build(tmp_path):
    config = write_campaign(tmp_path, {"a.psd": (600, 400)})
    _build(tmp_path)
    coupang = {p for p in outputs_on_disk(tmp_path / "out") if "/coupang/" in p}
    config.write_text(config.read_text(encoding="utf-8").replace(
        "targets: [google-display/300x250, coupang/main]", "targets: [google-display/300x250]"),
        encoding="utf-8")
    result = _build(tmp_path)
    assert set(result.removed) == coupang and result.rendered == 0  # nothing to re-render
    assert not coupang & set(outputs_on_disk(tmp_path / "out"))
    assert_consistent(tmp_path / "out")


def test_options_replace_keeps_fields(tmp_path):
    """BuildOptions stays a frozen value (the seam and flags compose with `replace`)."""
    options = replace(BuildOptions(), prune=True)
    assert options.prune and options.render is None


def test_a_large_folder_reports_sources_with_a_page_each_and_a_no_op_leaves_the_report(tmp_path):
    """The index lists each source with its counts and a link to its page (no picture: those
    are on the source's page); a no-op build rewrites no page."""
    write_campaign(tmp_path, {}, targets=("google-display", "meta", "kakao-ads", "coupang",
                                          "naver-smartstore", "11st", "gmarket", "auction"))
    _headers(tmp_path / "input", 60)
    options = BuildOptions(render=_fake_render)
    first = _build(tmp_path, options=options)
    assert first.outputs_total > 2000
    report = tmp_path / "out" / "report.html"
    text = report.read_text(encoding="utf-8")
    assert "<img" not in text and text.count('<a href=".assetkit/report/sources/s0') == 60
    assert len(text) < 400 * 60 + 8000
    pages = sorted((tmp_path / "out" / ".assetkit" / "report" / "sources").glob("*.html"))
    assert len(pages) == 60
    stamps = [p.stat().st_mtime_ns for p in (report, *pages)]
    assert _build(tmp_path, options=options).written == 0
    assert [p.stat().st_mtime_ns for p in (report, *pages)] == stamps


def test_verify_rebuilds_a_source_whose_output_is_gone(tmp_path):
    write_campaign(tmp_path, {"a.psd": (300, 200), "b.psd": (300, 200)})
    age((tmp_path / "input").glob("*.psd"))
    _build(tmp_path)
    gone = next(p for p in outputs_on_disk(tmp_path / "out") if p.startswith("a/"))
    (tmp_path / "out" / gone).unlink()
    assert _build(tmp_path).rendered == 0  # stat of the sources alone: not seen
    verified = _build(tmp_path, options=BuildOptions(verify=True))
    assert verified.rendered == 1 and (tmp_path / "out" / gone).is_file()
    assert_consistent(tmp_path / "out")


def test_prune_of_a_renamed_source_keeps_the_files_its_new_name_wrote(tmp_path):
    """`café.psd` saved on a Mac (NFD) and re-saved here (NFC): two ids, one output folder
    (names are NFC), the same files. Pruning the gone NFD id must not delete the files the NFC
    source's record lists."""
    import unicodedata

    write_campaign(tmp_path, {})
    nfd, nfc = (unicodedata.normalize(form, "café.psd") for form in ("NFD", "NFC"))
    (tmp_path / "input").mkdir()
    data = b"8BPS\x00\x01" + bytes(24)
    (tmp_path / "input" / nfd).write_bytes(data)
    options = BuildOptions(render=_fake_render)
    _build(tmp_path, options=options)
    (tmp_path / "input" / nfd).rename(tmp_path / "input" / nfc)
    _build(tmp_path, options=options)
    pruned = _build(tmp_path, options=replace(options, prune=True))
    assert pruned.removed == ()
    assert sorted(records(tmp_path / "out")) == [nfc]
    assert_consistent(tmp_path / "out")



def test_a_rehash_of_an_up_to_date_folder_writes_nothing(tmp_path):
    write_campaign(tmp_path, {})
    _headers(tmp_path / "input", 3)
    options = BuildOptions(render=_fake_render)
    _build(tmp_path, options=options)
    before = _snapshot(tmp_path / "out")
    again = _build(tmp_path, options=replace(options, rehash=True))
    assert (again.rendered, again.written) == (0, 0) and again.source_bytes_read > 0
    assert _snapshot(tmp_path / "out") == before



def test_a_source_whose_folder_another_recorded_source_writes_is_a_usage_error(tmp_path):
    """`a:b.psd` and `a_b.psd` both write `a_b/`: built in one run that is an error naming
    both; built one run after the other, the second silently overwrote the first's files."""
    write_campaign(tmp_path, {})
    (tmp_path / "input").mkdir()
    first, second = tmp_path / "input" / "a:b.psd", tmp_path / "input" / "a_b.psd"
    first.write_bytes(b"8BPS\x00\x01" + bytes(24))
    second.write_bytes(b"8BPS\x00\x01" + bytes(23) + b"\x01")
    options = BuildOptions(render=_fake_render)
    _build(tmp_path, first, options=options)
    before = outputs_on_disk(tmp_path / "out")
    with pytest.raises(assetkit.errors.UsageError, match="a:b.psd and .*a_b.psd would write"):
        _build(tmp_path, second, options=options)
    assert outputs_on_disk(tmp_path / "out") == before
    first.unlink()  # a rename: the old id's folder is free for the new name
    assert _build(tmp_path, second, options=options).rendered == 1


def test_a_build_whose_lock_was_taken_over_writes_no_more(tmp_path, monkeypatch):
    """A build stalled for 3 beats (a suspended laptop) loses its lock to another run, and its
    heartbeat sets Holder.lost on waking. It must stop there: its records, and its index
    (loaded at its start) flushed over the new holder's shards, would lose that run's sources."""
    from contextlib import contextmanager

    from assetkit.errors import OutputBusy
    from assetkit.pipeline import builder

    held = []
    real = builder.hold

    @contextmanager
    def spy(*args, **kw):
        with real(*args, **kw) as holder:
            held.append(holder)
            yield holder

    monkeypatch.setattr(builder, "hold", spy)
    write_campaign(tmp_path, {})
    _headers(tmp_path / "input", 2)

    def stalled(job):
        held[0]._lost.set()  # what its heartbeat does on finding another run's lock
        return _fake_render(job)

    with pytest.raises(OutputBusy, match="took over"):
        _build(tmp_path, options=BuildOptions(render=stalled))
    assert records(tmp_path / "out") == {}
    assert not (tmp_path / "out" / "manifest.json").exists()
