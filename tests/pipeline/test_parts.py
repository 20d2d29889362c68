"""Recompose at -j > 1: the plate and the units are composited once each, by the pool's
workers (not the parent), from layers decoded once: the units' by the parent before the
workers fork (every worker's text hook reads them), the plate's by the worker that
composites the plate (no other process reads them); the outputs are the bytes of a -j 1
build."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assetkit.samples import make_test_psd
from tests.conftest import real_psd

REPO = Path(__file__).resolve().parents[2]
SLOTS = ["google-display/300x250", "meta/story", "coupang/additional", "google-display/728x90"]

# Run in a fresh interpreter: a process that has loaded libvips (an earlier test's resize)
# starts its workers from a fork server, where nothing is inherited.
SCRIPT = """
import json, os, sys
from pathlib import Path
from assetkit import build
from assetkit.document.reader import SourceDocument
from assetkit.pipeline.builder import BuildOptions
from assetkit.render.parts import SourceParts

def log_calls(cls, name, log):
    original = getattr(cls, name)
    def logged(self, arg, **options):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps([os.getpid(), arg]) + "\\n")
        return original(self, arg, **options)
    setattr(cls, name, logged)

source, out, parts_log, decode_log = map(Path, sys.argv[1:5])
log_calls(SourceParts, "run", parts_log)
log_calls(SourceDocument, "layer_pixels", decode_log)
result = build([source], out=out, only=sys.argv[5:], jobs=2, force=True,
               options=BuildOptions(start_method="fork", source_root=source.parent))
print(json.dumps([os.getpid(), len(result.failures), result.written]))
"""


def _read(log: Path) -> list[tuple[int, int]]:
    if not log.is_file():
        return []
    return [tuple(json.loads(line)) for line in log.read_text(encoding="utf-8").splitlines()]


def test_parts_are_composited_once_by_workers_from_layers_decoded_once(tmp_path):
    source = make_test_psd(tmp_path / "good.psd")
    parts_log, decode_log = tmp_path / "parts.log", tmp_path / "decode.log"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", SCRIPT, source, tmp_path / "out", parts_log,
                          decode_log, *SLOTS], capture_output=True, text=True, env=env,
                         check=True)
    parent, failures, written = json.loads(run.stdout.splitlines()[-1])
    assert failures == 0 and written >= len(SLOTS)
    parts, decodes = _read(parts_log), _read(decode_log)
    assert parts, "no part was composited"
    assert parent not in {pid for pid, _ in parts}  # the workers did, not the parent
    assert sorted(i for _, i in parts) == list(range(len(parts)))  # each part once
    plate = next(pid for pid, index in parts if index == 0)  # the generated PSD has a plate
    assert {pid for pid, _ in decodes} == {parent, plate}  # the parent and the plate's worker
    layers = [i for _, i in decodes]
    assert len(layers) == len(set(layers))  # each layer once


@pytest.mark.parametrize("name", ["psdtools-layer-effects-text.psd",
                                  "agpsd-text-complex-multifont.psd",
                                  "psdtools-masks-app-ui.psd", "webtoon-example-ko-emoji.psd"])
def test_parallel_recompose_writes_the_bytes_of_a_serial_one(tmp_path, name):
    """Through the CLI, each build in its own process (a parent free of libvips forks)."""
    path = real_psd(name)
    runs = {}
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for jobs in (1, 2):
        out = tmp_path / f"j{jobs}"
        only = [a for slot in SLOTS for a in ("--only", slot)]
        subprocess.run([sys.executable, "-m", "assetkit", "build", path, "-o", out,
                        "--source-root", path.parent, "-j", str(jobs), "--force", "-q",
                        "--fail-on", "never", *only], env=env, check=True, capture_output=True)
        files = sorted(p for p in out.rglob("*") if p.is_file() and ".assetkit" not in p.parts
                       and p.name not in ("manifest.json", "report.html"))
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        runs[jobs] = ({p.relative_to(out): p.read_bytes() for p in files},
                      [(o["path"], o.get("findings"), o.get("layout")) for o in manifest["outputs"]])
    assert runs[1][0] and runs[1] == runs[2]


# The parent logs what it submits and when it starts waiting for the parts; every process
# logs where the plate's saliency (the focus) is computed.
ORDER_SCRIPT = """
import json, os, sys
from pathlib import Path
from assetkit import build
from assetkit.pipeline import run
from assetkit.pipeline.builder import BuildOptions
from assetkit.pipeline.pool import VariantPool
from assetkit.understand import focus

source, out, log = map(Path, sys.argv[1:4])

def note(*entry):
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(json.dumps([os.getpid(), *entry]) + "\\n")

from assetkit.pipeline import source as source_module
submit, wait, saliency = VariantPool.submit, run._parts_done, focus.saliency_centre
assemble = source_module.assemble
def logged_assemble(*args, **options):
    note("assemble")
    return assemble(*args, **options)
source_module.assemble = logged_assemble
def logged_submit(self, fn, task):
    note("submit", fn.__name__, getattr(getattr(task, "target", None), "key", None))
    return submit(self, fn, task)
def logged_wait(prepared, waiting):
    note("wait")
    return wait(prepared, waiting)
def logged_saliency(image):
    note("saliency")
    return saliency(image)
VariantPool.submit, run._parts_done, focus.saliency_centre = (
    logged_submit, logged_wait, logged_saliency)
prepass = run.prepass
def logged_prepass(image):
    note("prepass")
    return prepass(image)
run.prepass = logged_prepass
result = build([source], out=out, only=sys.argv[4:], jobs=2, force=True,
               options=BuildOptions(start_method="fork", source_root=source.parent))
note("done", len(result.failures), result.written)
"""


def _run_with_a_detail_page(script: str, tmp_path: Path) -> Path:
    """`script` (SOURCE OUT LOG SLOTS...) over a generated PSD, its detail page and SLOTS, in
    a process of its own; the log it wrote."""
    source, log = make_test_psd(tmp_path / "good.psd"), tmp_path / "script.log"
    subprocess.run([sys.executable, "-c", script, source, tmp_path / "out", log,
                    "naver-smartstore/detail", *SLOTS], env={**os.environ, "PYTHONPATH": str(REPO)},
                   check=True, capture_output=True, text=True)
    return log


def test_cut_variants_queue_behind_the_parts_and_the_plate_worker_finds_the_focus(tmp_path):
    """The variants cut from the flat composite (a detail page) need no part: they are
    queued before the parent waits for the parts, so no worker idles while the plate is
    composited; the parts go out before the size model is fitted (the workers start on them
    while the parent fits it); the focus is found by the plate's worker, once, not by the waiting parent,
    which assembles no render (its workers do)."""
    log = _run_with_a_detail_page(ORDER_SCRIPT, tmp_path)
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    parent = entries[-1][0]
    assert entries[-1][1:] == ["done", 0, entries[-1][3]] and entries[-1][3] > len(SLOTS)
    steps = [e[1:] for e in entries if e[0] == parent and e[1] != "done"]
    wait = steps.index(["wait"])
    before = [s[2] for s in steps[:wait] if s[:2] == ["submit", "run_variant"]]
    after = [s[2] for s in steps[wait:] if s[:2] == ["submit", "run_variant"]]
    assert before == ["naver-smartstore/detail"]
    assert sorted(after) == sorted(SLOTS)
    assert all(s[:2] == ["submit", "run_part"] for s in steps[:wait]
               if s != ["prepass"] and s[1] != "run_variant")
    # the size model is fitted while the workers composite the parts, not before they start:
    # after every part is submitted, before the first variant (whose task carries it)
    fitted = steps.index(["prepass"])
    assert all(s[:2] == ["submit", "run_part"] for s in steps[:fitted])
    assert steps[fitted + 1][:2] == ["submit", "run_variant"]
    focus_found = [e[0] for e in entries if e[1] == "saliency"]
    assert len(focus_found) == 1 and parent not in focus_found
    # the parent reports what the parts said without assembling a render it would not use
    assembled = [e[0] for e in entries if e[1] == "assemble"]
    assert assembled and parent not in assembled


def test_a_detail_page_and_slots_at_j2_give_the_bytes_and_records_of_j1(tmp_path):
    """A detail page cut from the stored composite and slots recomposed from the parts, with
    the size model the parent fitted: the bytes and encode records of -j 1."""
    source = make_test_psd(tmp_path / "good.psd")
    runs = {}
    for jobs in (1, 2):
        out = tmp_path / f"j{jobs}"
        only = [a for slot in ["naver-smartstore/detail", *SLOTS] for a in ("--only", slot)]
        subprocess.run([sys.executable, "-m", "assetkit", "build", source, "-o", out,
                        "--source-root", source.parent, "-j", str(jobs), "--force", "-q",
                        *only], env={**os.environ, "PYTHONPATH": str(REPO)}, check=True,
                       capture_output=True)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        runs[jobs] = ({p.relative_to(out): p.read_bytes() for p in out.rglob("*.jpg")},
                      [(o["path"], o["encode"], o.get("findings"), o.get("layout"))
                       for o in manifest["outputs"]])
    assert any("detail" in str(path) for path in runs[1][0]) and len(runs[1][0]) > len(SLOTS)
    assert runs[1] == runs[2]


# The stored composite of bad.psd cannot be decoded (psd-tools reads a damaged one leniently:
# the reader's own error is raised in its place); the rest of the CLI is the real one.
BAD_COMPOSITE_SCRIPT = """
import sys
from assetkit.cli import main
from assetkit.document.reader import SourceDocument
from assetkit.errors import UnreadableDocument

flatten = SourceDocument.flatten
def damaged(self):
    if self.path.name == "bad.psd":
        raise UnreadableDocument(f"{self.path}: cannot composite: damaged image data")
    return flatten(self)
SourceDocument.flatten = damaged
sys.argv[0] = "assetkit"
main()
"""


def test_a_composite_that_cannot_be_decoded_fails_its_source_alone_as_at_j1(tmp_path):
    """The stored composite cannot be decoded: the build says what a -j 1 build says (one
    line naming the file and why), the other source built."""
    bad, good = make_test_psd(tmp_path / "bad.psd"), make_test_psd(tmp_path / "good.psd")
    runs = {}
    for jobs in (1, 2):
        out = tmp_path / f"j{jobs}"
        only = [a for slot in ["naver-smartstore/detail", SLOTS[0]] for a in ("--only", slot)]
        run = subprocess.run([sys.executable, "-c", BAD_COMPOSITE_SCRIPT, "build", bad, good,
                              "-o", out, "--source-root", tmp_path, "-j", str(jobs), "--force",
                              "-q", *only], env={**os.environ, "PYTHONPATH": str(REPO)},
                             capture_output=True, text=True)
        made = sorted(p.name for p in out.rglob("*.jpg"))
        runs[jobs] = (run.returncode, run.stderr, made)
    code, errors, made = runs[2]
    assert code != 0 and "Traceback" not in errors
    assert [line for line in errors.splitlines() if line.startswith("Error")] == [
        f"Error: {bad}: cannot composite: damaged image data"]
    assert made and all(name.startswith("good_") for name in made)
    assert runs[1] == runs[2]


FAILED_PART_SCRIPT = """
import json, sys
from pathlib import Path
from assetkit import build
from assetkit.pipeline import run
from assetkit.pipeline.builder import BuildOptions

source, out, log = map(Path, sys.argv[1:4])

def failing(task):
    raise RuntimeError("a part failed")

finish = run._finish_source
def logged_finish(started):
    result = finish(started)
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(json.dumps([len(started.futures), all(f.done() for f in started.futures),
                                 result.failure is not None]) + "\\n")
    return result
run.run_part, run._finish_source = failing, logged_finish
build([source], out=out, only=sys.argv[4:], jobs=2, force=True,
      options=BuildOptions(start_method="fork", source_root=source.parent))
"""


def test_a_failed_part_still_waits_for_the_cut_variants_queued_before_it(tmp_path):
    """The detail-page variants queued behind the parts are the source's too: when a part
    fails, the source fails once they are done, not while they still run and write."""
    log = _run_with_a_detail_page(FAILED_PART_SCRIPT, tmp_path)
    assert json.loads(log.read_text(encoding="utf-8")) == [1, True, True]


TWIN_SLOT = """  - id: {id}
    labels: {{en: {id}, ko: {id}}}
    kind: banner
    size: [600, 500]
    max_kb: 40
    formats: [jpeg]
    colour_space: srgb
    background: any
    sources: [https://example.com/twin]
    verified_on: 2026-12-05
    confidence: unverified
"""


def test_slots_that_render_and_encode_alike_are_rendered_and_encoded_once(tmp_path,
                                                                           monkeypatch):
    """Two slots of one platform alike but for their id (the same size, layout, cap and
    formats): one render, one encode search, the same bytes in both files; a third slot with
    another cap is encoded on its own."""
    from assetkit import build
    from assetkit.pipeline import source as source_module
    from assetkit.pipeline.builder import BuildOptions
    from assetkit.render import recompose

    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "twin.yaml").write_text(
        "id: twin\nnames: {en: Twin, ko: Twin}\nslots:\n"
        + TWIN_SLOT.format(id="a") + TWIN_SLOT.format(id="b")
        + TWIN_SLOT.format(id="c").replace("max_kb: 40", "max_kb: 30"), encoding="utf-8")
    source = make_test_psd(tmp_path / "good.psd")
    drawn, searched = [], []
    draw, encode_piece = recompose._draw, source_module.encode_piece
    monkeypatch.setattr(recompose, "_draw", lambda *a: drawn.append(a[1]) or draw(*a))
    monkeypatch.setattr(source_module, "encode_piece",
                        lambda *a: searched.append(a[1].cap) or encode_piece(*a))
    result = build([source], out=tmp_path / "out", jobs=1, force=True,
                   only=["twin/a", "twin/b", "twin/c"],
                   options=BuildOptions(specs_dir=specs, source_root=source.parent))
    assert not result.failures and result.written == 3
    assert len(drawn) == 1 and sorted(searched) == [30 * 1024, 40 * 1024]
    files = {p.name.split("_")[2]: p.read_bytes() for p in (tmp_path / "out").rglob("*.jpg")}
    assert sorted(files) == ["a", "b", "c"] and files["a"] == files["b"] != files["c"]


FACES_SCRIPT = """
import json, os, sys
from pathlib import Path
from assetkit import build
from assetkit.pipeline.builder import BuildOptions
from assetkit.render.text import metrics

source, out, log = map(Path, sys.argv[1:4])
read = metrics.vertical_metrics
def logged(path, index=0):
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(json.dumps([os.getpid(), str(path), index]) + "\\n")
    return read(path, index)
metrics.vertical_metrics = logged
result = build([source], out=out, only=sys.argv[4:], jobs=2, force=True,
               options=BuildOptions(start_method="fork", source_root=source.parent))
print(json.dumps([os.getpid(), len(result.failures), result.written]))
"""


def test_the_faces_text_is_set_in_are_read_once_by_the_parent_before_the_workers_fork(
        tmp_path):
    """A face's metrics are read from its file once a build, by the parent: every worker that
    sets the text inherits them (a CJK face costs fontTools 0.05-0.15 s; each worker read it
    again)."""
    from tests.typefactory import make_text_psd

    source = make_text_psd(tmp_path / "text.psd", canvas=(1200, 1200))  # NotoSansKR-Regular
    log = tmp_path / "faces.log"
    run = subprocess.run([sys.executable, "-c", FACES_SCRIPT, source, tmp_path / "out", log,
                          *SLOTS], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    parent, failures, written = json.loads(run.stdout.splitlines()[-1])
    assert failures == 0 and written >= len(SLOTS)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert any(o.get("fonts") for o in manifest["outputs"]), "no output set the text"
    reads = _read(log)
    assert reads, "no face was read"
    assert {pid for pid, *_ in reads} == {parent}
    faces = [tuple(face) for _, *face in reads]
    assert len(faces) == len(set(faces))


SIZES_SCRIPT = """
import json, os, sys
from pathlib import Path
from assetkit import build
from assetkit.pipeline import run
from assetkit.pipeline.builder import BuildOptions

from assetkit.pipeline.pool import VariantPool

source, out, log = map(Path, sys.argv[1:4])
one, submit = run.run_variant, VariantPool.submit
def note(*entry):
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(json.dumps([os.getpid(), *entry]) + "\\n")
def logged(task):
    note("ran", task.target.key)
    return one(task)
def logged_submit(self, fn, task):
    tasks = task if isinstance(task, tuple) else (task,)
    note("submit", fn.__name__, [getattr(t, "target", None) and t.target.key for t in tasks])
    return submit(self, fn, task)
run.run_variant, VariantPool.submit = logged, logged_submit
result = build([source], out=out, only=sys.argv[4:], jobs=int(os.environ["JOBS"]), force=True,
               options=BuildOptions(start_method="fork", source_root=source.parent))
print(json.dumps([os.getpid(), len(result.failures), result.written]))
"""
SAME_SIZE = ["gmarket/main", "gmarket/additional", "interpark/main", "auction/main",
             "auction/additional", "coupang/main"]  # 1000x1000
# six slots of six other sizes: twelve targets, a worker's share is six, so the six of one
# size go out as one group (spread over two workers, all six in one is a 1-in-32 chance)
OTHER_SIZES = ["google-display/300x250", "meta/story", "google-display/728x90",
               "kakao-channel/wide-list-first", "google-display/250x250",
               "google-display/336x280"]


def test_slots_of_one_size_run_in_one_worker_to_the_bytes_of_a_serial_build(tmp_path):
    """Four malls' 1000x1000 main and additional images share units at a size, renders and
    encodes, which a worker makes once for all it runs: they go to the pool as one task, the
    other slots each alone; the bytes are a -j 1 build's."""
    source = make_test_psd(tmp_path / "good.psd")
    runs = {}
    for jobs in (1, 2):
        out, log = tmp_path / f"j{jobs}", tmp_path / f"j{jobs}.log"
        subprocess.run([sys.executable, "-c", SIZES_SCRIPT, source, out, log, *SAME_SIZE,
                        *OTHER_SIZES],
                       env={**os.environ, "PYTHONPATH": str(REPO), "JOBS": str(jobs)},
                       check=True, capture_output=True, text=True)
        entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        ran = [(e[0], e[2]) for e in entries if e[1] == "ran"]
        assert sorted(key for _, key in ran) == sorted(SAME_SIZE + OTHER_SIZES)
        groups = [e[3] for e in entries if e[1:3] == ["submit", "run_variants"]]
        runs[jobs] = ({p.relative_to(out): p.read_bytes() for p in out.rglob("*.jpg")}, ran,
                      groups)
    # at -j 2 the six go to the pool as one task (one worker), every other slot alone
    assert [sorted(g) for g in runs[2][2]] == [sorted(SAME_SIZE)]
    assert len({pid for pid, key in runs[2][1] if key in SAME_SIZE}) == 1
    assert len(runs[1][0]) >= len(SAME_SIZE + OTHER_SIZES) and runs[1][0] == runs[2][0]


def test_a_group_that_fails_fails_each_of_its_targets():
    """A worker that dies mid-group (BrokenProcessPool) fails every target it carried."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from assetkit.pipeline.groups import submitted

    class Pool:
        def submit(self, fn, tasks):
            self.future = Future()
            return self.future

    pool = Pool()
    futures = submitted(pool, None, None, ("a", "b", "c"))
    assert len(futures) == 3 and not any(f.done() for f in futures)
    pool.future.set_exception(BrokenProcessPool("a worker died"))
    assert all(isinstance(f.exception(), BrokenProcessPool) for f in futures)
    futures = submitted(pool, None, None, ("a", "b"))
    pool.future.set_result(("outcome a", "outcome b"))
    assert [f.result() for f in futures] == ["outcome a", "outcome b"]
    futures = submitted(pool, None, None, ("a", "b"))  # a stopped build cancels the queued group
    assert pool.future.cancel() and all(f.cancelled() for f in futures)


def test_no_group_of_one_size_keeps_a_worker_idle():
    """Slots of one size go out together, but never more of them than a worker's share: a
    source of six 1000x1000 slots at -j 2 keeps both workers busy."""
    from types import SimpleNamespace

    from assetkit.pipeline.groups import same_size

    def target(i: int, size: tuple[int, int]) -> tuple:
        return (i, SimpleNamespace(slot=SimpleNamespace(detail=None, size=size)), f"k{i}")

    source = (3000, 3000)
    square = [target(i, (1000, 1000)) for i in range(6)]
    assert [[t[0] for t in g] for g in same_size(source, square, 2)] == [[0, 1, 2],
                                                                         [3, 4, 5]]
    assert len(same_size(source, square, 1)) == 1
    mixed = [target(10, (1200, 628)), *square[:3], target(14, (300, 250)),
             target(15, (1200, 628))]
    assert [[t[0] for t in g] for g in same_size(source, mixed, 2)] == [[10, 15], [0, 1, 2],
                                                                        [14]]
