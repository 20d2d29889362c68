"""`publish` writes manifest.json as the records are read, one at a time: the same bytes as
json.dumps(indent=2) of the whole listing, in memory that does not grow with the folder; a build
stopped after a source publishes what it committed (a watcher's batch, issue 22)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assetkit import BuildOptions
from assetkit.findings import apply_overrides
from assetkit.model import Finding, Output, SliceInfo, frozen_map
from assetkit.pipeline.results import SourceDone, StopBuild
from assetkit.store.ids import SourceId
from assetkit.store.index import Index
from assetkit.store.journal import read_journal
from assetkit.store.manifest import Manifest, ManifestHead, read_manifest
from assetkit.store.publish import listing, publish
from assetkit.store.records import Record, SourceStat, iter_records, write_record
from assetkit.store.store import OutputStore
from tests.conftest import REPO

from .conftest import write_campaign
from .test_store_build import _build, _fake_render, _headers

SEVERITY = {"layout.upscaled": "error", "fonts.missing": "off"}


def output(folder: str, slot: str, layout_items: int = 2, **extra) -> Output:
    return Output(variant_id=f"{folder}/p/{slot}", source=folder, platform="p", slot=slot,
                  path=f"{folder}/p/{slot}.jpg", width=300, height=250, bytes=99,
                  max_bytes=100, format="jpeg",
                  encode=frozen_map({"quality": 91, "tried": ["jpeg q40-95"]}),
                  inputs_key="k", layout={"mode": "recompose", "placements": [
                      {"unit": f"u{i}", "box": [i, 2.5, 3, 4]} for i in range(layout_items)]},
                  **extra)


def commit(out: Path, source_id: str, outputs: tuple[Output, ...],
           findings: tuple[Finding, ...] = ()) -> Record:
    sid = SourceId(source_id)
    record = Record(sid.id, sid.folder, SourceStat(1, 2, 3), "ab" * 32, 1.5, "key", outputs,
                    findings)
    write_record(out, sid.digest, record)
    return record


def whole(out: Path, head: ManifestHead) -> bytes:
    """manifest.json as the earlier writer made it: the listing held, dumped at once."""
    found = list(iter_records(out))
    outputs = sorted((o for r in found for o in r.outputs), key=lambda o: o.variant_id)
    findings = apply_overrides([f for r in found for f in r.findings], SEVERITY)
    manifest = Manifest(tuple(outputs), tuple(findings), head.created, head.version,
                        dict(head.fonts), counts=head.counts, shards=head.shards,
                        severity=head.severity)
    return (json.dumps(manifest.to_dict(), ensure_ascii=False, indent=2) + "\n").encode()


def indexed(out: Path) -> Index:
    index = Index(out)
    for record in iter_records(out):
        index.put(record)
    return index


HEAD = ManifestHead("9.9.9", {"table": "t"}, severity=SEVERITY,
                    created="2026-12-05T00:00:00+00:00")


def publish_all(out: Path, streamed: bool = True) -> ManifestHead:
    """Publish the folder's records; the head it wrote (with the counts and shards)."""
    index, head = indexed(out), HEAD
    listed = None if streamed else listing(out, index.counts()["outputs"])
    publish(out, index, head, listed=listed)
    data = json.loads((out / "manifest.json").read_bytes())
    return ManifestHead(head.version, head.fonts, data["counts"], tuple(data["shards"]),
                        head.severity, head.created)


def test_a_streamed_manifest_has_the_bytes_of_the_whole_listing_dumped_at_once(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    head = publish_all(out)  # no records: both lists empty
    assert (out / "manifest.json").read_bytes() == whole(out, head)

    warn = Finding("layout.upscaled", "warning", "scaled up ×2 — «café»", source="café")
    gone = Finding("fonts.missing", "error", "font 'X' is not installed", source="b")
    # outputs of several records interleave in variant_id order; a tie keeps record order
    commit(out, "café.psd", (output("café", "s2", findings=(warn,)), output("café", "s1")),
           (warn, gone))
    commit(out, "b.psd", (output("b", "z", slice=SliceInfo(1, 3, 0, 900), lang="ko"),
                          output("café", "s1", layout_items=0)))
    commit(out, "a/x.psd", (output("a/x", "t"),), (gone,))
    commit(out, "empty.psd", ())
    head = publish_all(out)
    streamed = (out / "manifest.json").read_bytes()
    assert streamed == whole(out, head)
    assert publish_all(out, streamed=False) == head
    assert (out / "manifest.json").read_bytes() == streamed  # the listing a build read
    assert json.loads(streamed)["findings"][0]["severity"] == "error"  # overrides applied


PUBLISH_PEAK = """
import sys, tracemalloc
from pathlib import Path
from assetkit.store.manifest import ManifestHead
from assetkit.store.publish import publish
from tests.store.test_publish import HEAD, indexed

out = Path(sys.argv[1])
index = indexed(out)
tracemalloc.start()
publish(out, index, HEAD)
print(tracemalloc.get_traced_memory()[1])
"""


def test_a_publish_holds_one_record_at_a_time_not_the_folders_listing(tmp_path):
    """Measured in a process of its own: tracemalloc counts every thread's allocations, and
    the test process may hold earlier tests' threads (Dask's) at work meanwhile."""
    out = tmp_path / "out"
    out.mkdir()
    for i in range(300):
        commit(out, f"drop{i:03}.psd", (output(f"drop{i:03}", "s", layout_items=20),),
               tuple(Finding("layout.upscaled", "warning", f"scaled {k}", source=f"drop{i:03}")
                     for k in range(5)))
    done = subprocess.run([sys.executable, "-c", PUBLISH_PEAK, out], capture_output=True,
                          text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    peak = int(done.stdout)
    size = (out / "manifest.json").stat().st_size
    assert size > 1_000_000
    # the listing held and dumped at once (as before) peaked at 9.5 times the manifest's size;
    # one record at a time, at a quarter of it
    assert peak < size / 2, (peak, size)


def test_a_build_stopped_after_a_source_publishes_what_it_committed(tmp_path):
    """A watcher asked to stop raises StopBuild from the source's end: the build publishes the
    sources it committed (index, manifest, report) and keeps its journal for those it did not
    reach, which the next run builds."""
    write_campaign(tmp_path, {})
    _headers(tmp_path / "input", 3)
    out = tmp_path / "out"
    told: list[str] = []

    def stop_after_first(done: SourceDone) -> None:
        told.append(done.sid.id)
        raise StopBuild

    result = _build(tmp_path, options=BuildOptions(render=_fake_render, on_source=stop_after_first))
    assert told == ["s000.psd"] and result.rendered == 1
    manifest = read_manifest(out / "manifest.json")
    assert manifest is not None and {o.source for o in manifest.outputs} == {"s000"}
    assert [e.id for e in OutputStore(out).index.entries.values()] == ["s000.psd"]
    assert "s000" in (out / "report.html").read_text(encoding="utf-8")
    assert read_journal(out) is not None  # two sources left: the next run re-makes the index

    again = _build(tmp_path, options=BuildOptions(render=_fake_render))
    assert again.rendered == 2 and read_journal(out) is None
    assert {o.source for o in read_manifest(out / "manifest.json").outputs} == {
        "s000", "s001", "s002"}
