"""End to end through both doors, `assetkit.build(...)` and `assetkit build`: every file read back
and checked against the slot's spec (size, cap, real format, no EXIF), skipping, merging, stale
removal, naming, failures that stay local to one source, atomic writes."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image
from psd_tools import PSDImage

import assetkit
from assetkit import BuildOptions
from assetkit.cli import cli
from assetkit.config import find_campaign
from assetkit.samples import make_corrupt_psd, make_garbage_psd, make_test_psd
from tests.conftest import real_psd

PACKAGE = Path(assetkit.__file__).resolve().parent
ONLY = ["google-display/300x250", "coupang/main", "meta/story", "naver-smartstore/detail"]
EXT_FORMAT = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF",
              ".avif": "AVIF"}
REAL_FILES = ["psdjs-example.psd", "agpsd-cmyk.psd", "psdtools-masks-app-ui.psd"]

SLICE_SPEC = """\
id: slicetest
names: {en: Slice test, ko: 분할 시험}
slots:
  - id: detail
    labels: {en: Detail, ko: 상세}
    kind: detail
    max_kb: 5000
    formats: [jpeg]
    detail: {width: 640, max_slice_height: 500, slice_max_kb: 80}
    sources: [https://example.com/slicetest]
    verified_on: 2026-11-24
    confidence: unverified
"""


# ---------------------------------------------------------------- helpers

def build(sources=(), **kw):
    """`assetkit.build` with the sources' common folder as the source root: the files live in
    temporary and fixture folders, outside the current folder."""
    options = kw.pop("options", BuildOptions())
    if sources and options.source_root is None:
        root = Path(os.path.commonpath([Path(s).resolve().parent for s in sources]))
        options = replace(options, source_root=root)
    return assetkit.build(sources, options=options, **kw)


def bundled_slots() -> dict[str, dict]:
    """Every bundled slot as written in its YAML file, by 'platform/slot'."""
    slots = {}
    for path in sorted((PACKAGE / "specs").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        slots.update({f"{raw['id']}/{s['id']}": s for s in raw["slots"]})
    return slots


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest_json(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def cap_bytes(slot: dict) -> int:
    detail = slot.get("detail") or {}
    return int((detail.get("slice_max_kb") or slot["max_kb"]) * 1024)


def check_file(out: Path, o: dict, slot: dict) -> None:
    """One output read back from disk against its slot's YAML and its manifest entry."""
    path = out / o["path"]
    data = path.read_bytes()
    where = o["path"]
    assert os.path.getsize(path) == len(data) == o["bytes"], where
    assert os.path.getsize(path) <= cap_bytes(slot), where
    assert o["max_bytes"] == cap_bytes(slot), where
    with Image.open(path) as im:
        assert im.format == EXT_FORMAT[path.suffix.lower()], where
        assert im.format.lower() in slot["formats"] and im.format.lower() == o["format"], where
        assert (im.width, im.height) == (o["width"], o["height"]), where
        assert len(im.getexif()) == 0 and "exif" not in im.info, where
        im.load()  # the whole file decodes
    assert b"Exif\x00\x00" not in data, where
    if "size" in slot:
        assert (im.width, im.height) == tuple(slot["size"]), where
    elif "detail" in slot:
        assert im.width == slot["detail"]["width"], where
        assert im.height <= slot["detail"]["max_slice_height"], where
    else:
        bounds = slot["bounds"]
        low, high = bounds.get("min", (1, 1)), bounds.get("max", (10**6, 10**6))
        assert low[0] <= im.width <= high[0] and low[1] <= im.height <= high[1], where
        if "aspect" in bounds:
            a, b = (int(v) for v in str(bounds["aspect"]).split(":"))
            tolerance = bounds.get("aspect_tolerance", 0.01)
            assert abs(im.width / im.height - a / b) <= tolerance * a / b + 1 / im.height, where


def check_slices(outputs: list[dict], slots: dict[str, dict], source_sizes: dict[str, tuple]):
    """Detail pages: slices of one group are numbered 0..count-1 and tile the page exactly."""
    groups = defaultdict(list)
    for o in outputs:
        if o["slice"] is not None:
            groups[o["group"]].append(o)
        else:
            assert o["group"] is None
    for group, parts in groups.items():
        parts.sort(key=lambda o: o["slice"]["index"])
        first = parts[0]
        assert group == f"{first['source']}/{first['platform']}/{first['slot']}"
        assert {(o["source"], o["platform"], o["slot"]) for o in parts} == {
            (first["source"], first["platform"], first["slot"])}
        assert [o["slice"]["index"] for o in parts] == list(range(len(parts)))
        assert {o["slice"]["count"] for o in parts} == {len(parts)}
        assert parts[0]["slice"]["y0"] == 0
        for a, b in zip(parts, parts[1:], strict=False):
            assert a["slice"]["y1"] == b["slice"]["y0"]
        for o in parts:
            assert o["height"] == o["slice"]["y1"] - o["slice"]["y0"]
        detail = slots[f"{first['platform']}/{first['slot']}"]["detail"]
        sw, sh = source_sizes[first["source"]]
        assert parts[-1]["slice"]["y1"] == round(sh * detail["width"] / sw)


def check_served(manifest: dict, keys, sources) -> None:
    """Every source x target has files, or an error finding says why it has none."""
    for source in sources:
        for key in keys:
            platform, slot = key.split("/")
            files = [o for o in manifest["outputs"]
                     if (o["source"], o["platform"], o["slot"]) == (source, platform, slot)]
            errors = [f for f in manifest["findings"] if f["severity"] == "error"
                      and (f["source"], f["platform"], f["slot"]) == (source, platform, slot)]
            assert files or errors, f"{source} {key}: no output and no error finding"


def assert_no_temp_files(out: Path) -> None:
    """No temp file anywhere, no hidden file outside the store's own `.assetkit/`."""
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp") or (
        p.name.startswith(".") and p.relative_to(out).parts[0] != ".assetkit")]
    assert leftovers == []


def outputs_on_disk(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
            and p.name not in ("manifest.json", "report.html")
            and p.relative_to(out).parts[0] != ".assetkit"}


def psd_size(path: Path) -> tuple[int, int]:
    return PSDImage.open(path).size


def copy_real(name: str, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / name
    shutil.copyfile(real_psd(name), target)
    target.chmod(0o644)  # writable, so that a modification would not be stopped by permissions
    return target


def invoke(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(autouse=True)
def _outside_any_campaign(tmp_path, monkeypatch) -> None:
    """Run in an empty folder: the repository's own assetkit.yaml must not leak into builds."""
    if find_campaign(tmp_path) is not None:
        pytest.skip(f"an assetkit.yaml above {tmp_path} would be found")
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def psds(tmp_path_factory) -> SimpleNamespace:
    folder = tmp_path_factory.mktemp("psds")
    return SimpleNamespace(
        good=make_test_psd(folder / "good.psd"),
        tiny=make_test_psd(folder / "tiny.psd", size=(120, 80)),
        tall=make_test_psd(folder / "tall.psd", size=(150, 1000)),
    )


# ---------------------------------------------------------------- real files, checked files

@pytest.mark.parametrize("name", REAL_FILES)
def test_real_file_on_a_few_slots(tmp_path, name):
    source = copy_real(name, tmp_path / "src")
    before = sha256(source)
    out = tmp_path / "out"
    result = build([source], out=out, only=ONLY, jobs=1)
    assert result.failures == ()
    manifest = read_manifest_json(out)
    slots = bundled_slots()
    assert manifest["outputs"], "nothing was built"
    for o in manifest["outputs"]:
        check_file(out, o, slots[f"{o['platform']}/{o['slot']}"])
    check_slices(manifest["outputs"], slots, {source.stem: psd_size(source)})
    check_served(manifest, ONLY, [source.stem])
    assert outputs_on_disk(out) == {o["path"] for o in manifest["outputs"]}
    assert sha256(source) == before
    assert sorted(p.name for p in source.parent.iterdir()) == [name]
    assert_no_temp_files(out)


def test_one_real_file_across_all_bundled_slots(tmp_path):
    source = copy_real("psdjs-example.psd", tmp_path / "src")
    before = sha256(source)
    out = tmp_path / "out"
    result = build([source], out=out, jobs=1)
    slots = bundled_slots()
    assert result.failures == ()
    assert result.targets == len(slots)
    manifest = read_manifest_json(out)
    for o in manifest["outputs"]:
        check_file(out, o, slots[f"{o['platform']}/{o['slot']}"])
    check_slices(manifest["outputs"], slots, {"psdjs-example": psd_size(source)})
    check_served(manifest, slots, ["psdjs-example"])
    built = {f"{o['platform']}/{o['slot']}" for o in manifest["outputs"]}
    assert len(built) >= len(slots) // 2, f"only {sorted(built)} were built"
    assert outputs_on_disk(out) == {o["path"] for o in manifest["outputs"]}
    assert sha256(source) == before
    assert_no_temp_files(out)


def test_detail_page_is_sliced(tmp_path, psds):
    out = tmp_path / "out"
    build([psds.tall], out=out, only=["naver-smartstore/detail"], jobs=1)
    manifest = read_manifest_json(out)
    slots = bundled_slots()
    slot = slots["naver-smartstore/detail"]
    parts = sorted(manifest["outputs"], key=lambda o: o["slice"]["index"])
    page_height = round(1000 * slot["detail"]["width"] / 150)
    expected_count = -(-page_height // slot["detail"]["max_slice_height"])
    assert expected_count >= 2  # the fixture is tall enough to need slicing
    assert len(parts) == expected_count
    assert len({o["group"] for o in parts}) == 1
    for i, o in enumerate(parts):
        check_file(out, o, slot)
        assert o["path"].endswith(f"_{i + 1:02d}.jpg") or o["path"].endswith(f"_{i + 1:02d}.png")
        assert o["variant_id"] == f"tall/naver-smartstore/detail#{i + 1}"
    check_slices(parts, slots, {"tall": (150, 1000)})


def test_real_file_sliced_under_a_per_slice_cap(tmp_path):
    source = real_psd("psdtools-masks-app-ui.psd")
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "slicetest.yaml").write_text(SLICE_SPEC, encoding="utf-8")
    out = tmp_path / "out"
    build([source], out=out, only=["slicetest"], jobs=1, options=BuildOptions(specs_dir=specs))
    raw = yaml.safe_load(SLICE_SPEC)["slots"][0]
    manifest = read_manifest_json(out)
    w, h = psd_size(source)
    page = round(h * 640 / w)
    fewest = -(-page // 500)
    # the fewest slices, or up to 2 more where the fewest leave no cut in a blank band
    assert fewest >= 2 and fewest <= len(manifest["outputs"]) <= fewest + 2
    assert not [f for f in manifest["findings"] if f["code"].startswith("layout.slice-through")]
    for o in manifest["outputs"]:
        check_file(out, o, raw)
        assert o["max_bytes"] == 80 * 1024
    check_slices(manifest["outputs"], {"slicetest/detail": raw}, {source.stem: (w, h)})


# ---------------------------------------------------------------- skipping and forcing

def _mtimes(out: Path, paths) -> dict[str, int]:
    return {p: (out / p).stat().st_mtime_ns for p in paths}


def _age(out: Path, paths, seconds_ago: int = 3600) -> None:
    for p in paths:
        st = (out / p).stat()
        os.utime(out / p, ns=(st.st_atime_ns, st.st_mtime_ns - seconds_ago * 10**9))


def test_rerun_skips_unchanged_outputs_and_force_rebuilds(tmp_path, psds):
    out = tmp_path / "out"
    first = build([psds.good, psds.tall], out=out, only=ONLY, jobs=1)
    paths = sorted(o.path for o in first.outputs)
    assert first.written == len(paths) > 0 and first.skipped == 0
    _age(out, paths)
    aged = _mtimes(out, paths)

    again = build([psds.good, psds.tall], out=out, only=ONLY, jobs=1)
    assert (again.written, again.skipped) == (0, len(paths))
    assert _mtimes(out, paths) == aged
    assert sorted(o.path for o in again.outputs) == paths
    assert again.exit_code() == first.exit_code()

    forced = build([psds.good, psds.tall], out=out, only=ONLY, jobs=1, force=True)
    assert (forced.written, forced.skipped) == (len(paths), 0)
    assert all(now != aged[p] for p, now in _mtimes(out, paths).items())
    assert_no_temp_files(out)


@pytest.fixture
def two_runs(tmp_path, psds):
    """The same build twice: untagged real layers (role guesses are reported) and a sliced,
    upscaled detail page."""
    source = real_psd("psdjs-example.psd")
    out = tmp_path / "out"
    args = dict(out=out, only=["google-display/300x250", "naver-smartstore/detail"], jobs=1)
    first = build([source, psds.tall], **args)
    manifest_first = read_manifest_json(out)
    again = build([source, psds.tall], **args)
    assert (again.written, again.skipped) == (0, first.written)
    return first, manifest_first, again, read_manifest_json(out)


def _split(findings, key=lambda f: f.platform):
    return (sorted(repr(f) for f in findings if key(f) is not None),
            sorted(repr(f) for f in findings if key(f) is None))


def _platform(finding: dict) -> str | None:
    return finding["platform"]


def test_rerun_reports_the_same_variant_findings(two_runs):
    first, manifest_first, again, manifest_again = two_runs
    assert _split(again.findings)[0] == _split(first.findings)[0]
    assert _split(manifest_again["findings"], _platform)[0] == _split(
        manifest_first["findings"], _platform)[0]


def test_rerun_reports_the_same_source_findings(two_runs):
    first, manifest_first, again, manifest_again = two_runs
    assert _split(again.findings)[1] == _split(first.findings)[1]
    assert _split(manifest_again["findings"], _platform)[1] == _split(
        manifest_first["findings"], _platform)[1]


def test_changed_source_is_rebuilt(tmp_path, psds):
    source = tmp_path / "src" / "banner.psd"
    source.parent.mkdir()
    shutil.copyfile(psds.good, source)
    out = tmp_path / "out"
    first = build([source], out=out, only=["google-display/300x250"], jobs=1)
    old = (out / first.outputs[0].path).read_bytes()
    shutil.copyfile(psds.tiny, source)
    again = build([source], out=out, only=["google-display/300x250"], jobs=1)
    assert (again.written, again.skipped) == (1, 0)
    assert (out / again.outputs[0].path).read_bytes() != old


# ---------------------------------------------------------------- stale removal and merging

def _campaign(folder: Path, targets: list[str]) -> Path:
    path = folder / "assetkit.yaml"
    path.write_text(yaml.safe_dump({"name": "test", "sources": ["src/*.psd"], "targets": targets,
                                    "output": "out"}), encoding="utf-8")
    return path


def test_stale_outputs_are_removed_when_the_campaign_drops_a_target(tmp_path, psds):
    (tmp_path / "src").mkdir()
    shutil.copyfile(psds.good, tmp_path / "src" / "banner.psd")
    campaign = _campaign(tmp_path, ["google-display/300x250", "meta/story"])
    first = invoke("build", "-c", campaign, "-j", "1", "--json")
    assert first.exit_code in (0, 1), first.output
    out = tmp_path / "out"
    old = read_manifest_json(out)
    story = {o["path"] for o in old["outputs"] if o["platform"] == "meta"}
    display = {o["path"] for o in old["outputs"] if o["platform"] == "google-display"}
    assert story and display
    # files the build did not write: at the top and inside the folder of the dropped target
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    story_dir = (out / next(iter(story))).parent
    (story_dir / "keep-me.txt").write_text("mine too", encoding="utf-8")

    _campaign(tmp_path, ["google-display/300x250"])
    second = invoke("build", "-c", campaign, "-j", "1", "--json")
    assert second.exit_code in (0, 1), second.output
    doc = json.loads(second.stdout)
    assert sorted(doc["removed"]) == sorted(story)
    assert not any((out / p).exists() for p in story)
    assert all((out / p).is_file() for p in display)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (story_dir / "keep-me.txt").read_text(encoding="utf-8") == "mine too"
    assert {o["path"] for o in read_manifest_json(out)["outputs"]} == display
    assert_no_temp_files(out)


def test_only_merges_into_the_existing_manifest(tmp_path, psds):
    out = tmp_path / "out"
    build([psds.good], out=out, only=["google-display/300x250", "meta/story"], jobs=1)
    before = {o["path"]: o for o in read_manifest_json(out)["outputs"]}
    story = [p for p, o in before.items() if o["platform"] == "meta"]
    display = [p for p, o in before.items() if o["platform"] == "google-display"]
    _age(out, story)
    aged = _mtimes(out, story)

    result = build([psds.good], out=out, only=["google-display/300x250"], jobs=1, force=True)
    assert result.written == len(display) and result.removed == ()
    after = {o["path"]: o for o in read_manifest_json(out)["outputs"]}
    assert set(after) == set(before)
    assert all(after[p] == before[p] for p in story)
    assert _mtimes(out, story) == aged  # untouched
    assert outputs_on_disk(out) == set(before)


# ---------------------------------------------------------------- naming

def test_default_file_names(tmp_path):
    source = real_psd("psdjs-example.psd")
    out = tmp_path / "out"
    result = build([source], out=out, only=["google-display/300x250", "meta/story"], jobs=1)
    ext = {"jpeg": "jpg", "png": "png", "webp": "webp", "gif": "gif", "avif": "avif"}
    paths = {(o.platform, o.slot): (o.path, ext[o.format]) for o in result.outputs}
    path, e = paths[("google-display", "300x250")]
    assert path == f"psdjs-example/google-display/psdjs-example_google-display_300x250_300x250.{e}"
    path, e = paths[("meta", "story")]
    assert path == f"psdjs-example/meta/psdjs-example_meta_story_1080x1920.{e}"
    for path, _ in paths.values():
        assert (out / path).is_file()


def test_same_stem_in_two_folders_gets_distinct_names(tmp_path, psds):
    """Ids are paths under the source root: each `banner.psd` has its own output folder."""
    for folder, psd in (("a", psds.good), ("b", psds.tiny)):
        (tmp_path / folder).mkdir()
        shutil.copyfile(psd, tmp_path / folder / "banner.psd")
    out = tmp_path / "out"
    result = build([tmp_path / "a" / "banner.psd", tmp_path / "b" / "banner.psd"], out=out,
                   only=["google-display/300x250"], jobs=1)
    assert result.failures == ()
    assert outputs_on_disk(out) == {
        "a/banner/google-display/banner_google-display_300x250_300x250.jpg",
        "b/banner/google-display/banner_google-display_300x250_300x250.jpg",
    }
    # each name belongs to its own source: only the 120x80 one (b) is upscaled
    upscaled = {f.source for f in result.findings if f.code == "layout.upscaled"}
    assert upscaled == {"b/banner"}
    assert len({(out / p).read_bytes() for p in outputs_on_disk(out)}) == 2


# ---------------------------------------------------------------- failures stay local

def _truncated_real(folder: Path) -> Path:
    data = real_psd("psdjs-example.psd").read_bytes()
    path = folder / "truncated.psd"
    path.write_bytes(data[: len(data) - 20000])
    return path


BAD_FILES = {
    "truncated-real": _truncated_real,
    "corrupt-sample": lambda folder: make_corrupt_psd(folder / "corrupt.psd"),
    "garbage": lambda folder: make_garbage_psd(folder / "garbage.psd"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_an_unreadable_source_fails_alone(tmp_path, psds, kind):
    bad = BAD_FILES[kind](tmp_path)
    good = tmp_path / "good.psd"
    shutil.copyfile(psds.good, good)
    out = tmp_path / "out"
    result = build([bad, good], out=out, only=["google-display/300x250", "coupang/main"],
                   jobs=1)
    assert len(result.failures) == 1
    failure = result.failures[0]
    assert (failure.source, failure.kind) == (bad.stem, "unreadable")
    assert str(bad) in failure.message and "\n" not in failure.message
    assert int(result.exit_code("never")) == 3
    manifest = read_manifest_json(out)
    assert {o["source"] for o in manifest["outputs"]} == {"good"}
    assert (out / "good" / "google-display" / "good_google-display_300x250_300x250.jpg").is_file()
    assert not (out / bad.stem).exists()
    assert_no_temp_files(out)


def test_broken_links_in_a_source_folder_fail_alone_named(tmp_path, psds):
    """A shared drive's input folder with a link that loops and one to a file gone: each is a
    source that fails with one line saying so (before, both were skipped without a word),
    and the folder's real PSD is built."""
    folder = tmp_path / "input"
    folder.mkdir()
    shutil.copyfile(psds.good, folder / "good.psd")
    (folder / "loop.psd").symlink_to("loop.psd")
    (folder / "moved.psd").symlink_to(tmp_path / "gone.psd")
    out = tmp_path / "out"
    result = build([folder], out=out, only=["coupang/main"], jobs=1)
    assert sorted((f.source, f.kind, f.message) for f in result.failures) == [
        ("input/loop", "unreadable", f"{folder / 'loop.psd'}: a symbolic link that loops"),
        ("input/moved", "unreadable", f"{folder / 'moved.psd'}: a symbolic link to nothing"),
    ]
    assert int(result.exit_code("never")) == 3
    assert {o["source"] for o in read_manifest_json(out)["outputs"]} == {"input/good"}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_source_saved_while_it_is_built_is_built_again_not_recorded_stale(
        tmp_path, psds, monkeypatch, jobs):
    """The designer saves the PSD while the build reads it: the hash (read in a thread) and
    the decode can see different versions, and the record then paired one version's sha256
    with the other's outputs, so the next run took the stale outputs as up to date (it wrote
    nothing: reproduced with the decode reading the old version, the hash the saved). Now a
    source whose file changed between the run's stat and the end of its build fails alone,
    saying so, nothing of it is put in place, and the next run builds the saved version."""
    from assetkit.pipeline import source as source_module

    src = tmp_path / "src"
    src.mkdir()
    source = src / "banner.psd"
    shutil.copyfile(psds.good, source)
    saved = make_test_psd(tmp_path / "saved.psd", size=(480, 420))
    real_open = source_module.open_document

    def open_then_save(path, *args, **kwargs):
        doc = real_open(path, *args, **kwargs)
        if Path(path) == source and source.read_bytes() != saved.read_bytes():
            tmp = source.with_suffix(".tmp")
            shutil.copyfile(saved, tmp)
            os.replace(tmp, source)  # an editor's save: a new file renamed over the old
        return doc

    from assetkit.pipeline import run as run_module

    real_sha = run_module.file_sha256

    def hashed_after_the_save(path):  # the hashing thread reads the saved version
        deadline = time.monotonic() + 10
        while source.read_bytes() != saved.read_bytes() and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_sha(path)

    monkeypatch.setattr(source_module, "open_document", open_then_save)
    monkeypatch.setattr(run_module, "file_sha256", hashed_after_the_save)
    out = tmp_path / "out"
    first = build([source], out=out, only=["coupang/main"], jobs=jobs,
                  options=BuildOptions(source_root=src))
    (failure,) = first.failures
    assert failure.message == (f"{source}: changed while it was built (saved during the "
                               "build): its outputs were not replaced; build again")
    assert not list(out.rglob("*.jpg"))
    monkeypatch.undo()
    second = build([source], out=out, only=["coupang/main"], jobs=jobs,
                   options=BuildOptions(source_root=src))
    assert not second.failures and second.written == 1
    record = read_manifest_json(out)["outputs"][0]
    assert Image.open(out / record["path"]).size == (1000, 1000)


def test_a_failed_write_leaves_no_partial_file(tmp_path, psds, monkeypatch):
    from assetkit import fsutil

    real_replace = os.replace

    def failing_replace(src, dst, *args, **kwargs):
        if str(dst).endswith((".jpg", ".png", ".webp")):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(fsutil.os, "replace", failing_replace)
    out = tmp_path / "out"
    result = build([psds.good], out=out, only=["google-display/300x250"], jobs=1)
    assert [f.kind for f in result.failures] == ["unreadable"]
    assert "No space left on device" in result.failures[0].message
    assert outputs_on_disk(out) == set()
    assert_no_temp_files(out)


# ---------------------------------------------------------------- workers and the CLI door

def test_parallel_build_writes_the_same_files_as_a_serial_one(tmp_path, psds):
    only = ["google-display/300x250", "coupang/additional"]
    serial = build([psds.good, psds.tiny], out=tmp_path / "serial", only=only, jobs=1)
    parallel = build([psds.good, psds.tiny], out=tmp_path / "parallel", only=only, jobs=2)
    assert parallel.failures == serial.failures == ()
    files = outputs_on_disk(tmp_path / "serial")
    assert files == outputs_on_disk(tmp_path / "parallel") and len(files) == 4
    for p in files:
        assert (tmp_path / "serial" / p).read_bytes() == (tmp_path / "parallel" / p).read_bytes()


def test_cli_build_end_to_end(tmp_path, psds):
    out = tmp_path / "out"
    result = invoke("build", psds.good, "-o", out, "--source-root", psds.good.parent, "-j", "1",
                    "--fail-on", "never", *[
        a for slot in ["google-display/300x250", "coupang/additional", "meta/story"]
        for a in ("--only", slot)])
    assert result.exit_code == 0, result.output
    out_lines = result.stdout.splitlines()
    assert re.fullmatch(r"Built 3 outputs \(0 up to date, 0 stale removed\) from 1 sources x "
                        r"3 slots in \d+\.\d s", out_lines[0]), out_lines[0]
    assert re.fullmatch(r"Findings: \d+ errors, \d+ warnings, \d+ info", out_lines[1])
    assert out_lines[-3:] == [f"Outputs:  {out}{os.sep}", f"Manifest: {out / 'manifest.json'}",
                              f"Report:   {out / 'report.html'}"]
    slots = bundled_slots()
    for o in read_manifest_json(out)["outputs"]:
        check_file(out, o, slots[f"{o['platform']}/{o['slot']}"])
    again = invoke("build", psds.good, "-o", out, "--source-root", psds.good.parent, "-j", "1",
                   "--fail-on", "never",
                   "--only", "google-display/300x250", "--only", "coupang/additional",
                   "--only", "meta/story")
    assert again.stdout.splitlines()[0].startswith(
        "Built 0 outputs (3 up to date, 0 stale removed) from 1 sources x 3 slots in ")
