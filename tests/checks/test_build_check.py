"""`assetkit check` on a real build output: passes as built, fails a deliberately broken copy
with exactly one finding per problem; CLI exit codes, JSON, JUnit and GitHub output."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import junitparser
import pytest
from click.testing import CliRunner
from PIL import Image

import assetkit
from assetkit import BuildOptions
from assetkit.cli import cli
from assetkit.samples import make_test_psd
from assetkit.store.manifest import read_manifest

SLOTS = ["google-display/300x250", "coupang/main", "meta/feed-square", "youtube/thumbnail"]


REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "input" / "haneul-serum-launch.psd"  # the sample campaign's master banner
BRAND = REPO / "brand_rules" / "example.yaml"
STEM = "haneul"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sample banner built for a few slots (a generated PSD if the sample is absent)."""
    root = tmp_path_factory.mktemp("campaign")
    psd = root / "input" / f"{STEM}.psd"
    if SAMPLE.is_file() and BRAND.is_file():
        psd.parent.mkdir()
        shutil.copyfile(SAMPLE, psd)
    else:
        make_test_psd(psd)
    brand = BRAND if BRAND.is_file() else None
    result = assetkit.build([psd], out=root / "out", only=SLOTS, jobs=1,
                            options=BuildOptions(brand_path=brand, source_root=psd.parent))
    assert not result.failures and len(result.outputs) == len(SLOTS)
    return root / "out"


def output_file(out: Path, slot_key: str) -> Path:
    manifest = read_manifest(out)
    (hit,) = [o for o in manifest.outputs if f"{o.platform}/{o.slot}" == slot_key]
    assert hit.format == "jpeg"
    return out / hit.path


@pytest.fixture
def broken(built, tmp_path) -> Path:
    """A copy with four problems: wrong size, over the cap, CMYK, a missing output (the three
    edited files are also not what the build wrote: the folder's check names each once)."""
    out = Path(shutil.copytree(built, tmp_path / "broken"))
    resized = output_file(out, "coupang/main")
    Image.open(resized).resize((900, 900)).save(resized, quality=90)
    heavy = output_file(out, "google-display/300x250")  # cap 150 KB
    noise = Image.frombytes("RGB", (300, 250), os.urandom(300 * 250 * 3))
    noise.save(heavy, format="JPEG", quality=100, subsampling=0)
    cmyk = output_file(out, "meta/feed-square")
    Image.open(cmyk).convert("CMYK").save(cmyk, format="JPEG", quality=90)
    output_file(out, "youtube/thumbnail").unlink()
    return out


def run(*args, cwd: Path):
    old = Path.cwd()
    os.chdir(cwd)  # no assetkit.yaml above a tmp folder: no campaign, no brand
    try:
        return CliRunner().invoke(cli, ["check", *map(str, args)])
    finally:
        os.chdir(old)


def test_check_passes_the_build_output(built):
    result = run(built, cwd=built.parent)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "PASS  out"
    assert sum(line.startswith("PASS  out/haneul/") for line in lines) == len(SLOTS)
    assert lines[-1].startswith(f"{len(SLOTS) + 1} assets: {len(SLOTS) + 1} passed,")


def test_broken_copy_fails_with_one_finding_per_problem(broken):
    result = run(broken, "--json", cwd=broken.parent)
    assert result.exit_code == 1, result.output
    doc = json.loads(result.output)
    found = sorted((f["code"], Path(a["path"]).name)
                   for a in doc["assets"] for c in a["checks"] for f in c["findings"])
    assert found == [
        *[("build.changed-output", "broken")] * 3,
        ("build.missing-output", "broken"),
        ("file.cmyk", "haneul_meta_feed-square_1080x1080.jpg"),
        ("file.over-cap", "haneul_google-display_300x250_300x250.jpg"),
        ("file.size-mismatch", "haneul_coupang_main_1000x1000.jpg"),
    ]
    assert doc["exit_code"] == 1 and doc["summary"]["failed"] == 4


def test_a_changed_output_that_still_passes_its_own_checks_is_named(built, tmp_path):
    """A hand-edited or half-synced output (a valid file of the right size, under the cap)
    is not what the build wrote, checked and listed: the folder's check compares every listed
    file with its recorded size and sha256 and names the one that differs."""
    out = Path(shutil.copytree(built, tmp_path / "edited"))
    edited = output_file(out, "coupang/main")
    Image.open(edited).save(edited, format="JPEG", quality=60)  # same size, lighter
    same_size = output_file(out, "meta/feed-square")
    data = bytearray(same_size.read_bytes())
    data[-3] ^= 0xFF  # one byte of the entropy-coded data, just before EOI: same length
    same_size.write_bytes(bytes(data))
    result = run(out, "--json", cwd=out.parent)
    assert result.exit_code == 1, result.output
    doc = json.loads(result.output)
    found = sorted((f["code"], f["message"]) for a in doc["assets"] for c in a["checks"]
                   for f in c["findings"])
    manifest = read_manifest(out)
    sizes = {o.path: o.bytes for o in manifest.outputs}
    rel_edited = edited.relative_to(out).as_posix()
    rel_same = same_size.relative_to(out).as_posix()
    assert found == sorted([
        ("build.changed-output", f"{rel_edited} is not the file the build wrote "
         f"({edited.stat().st_size:,} bytes; manifest.json lists {sizes[rel_edited]:,}): "
         "build again, or restore it"),
        ("build.changed-output", f"{rel_same} is not the file the build wrote (same size, "
         "another sha256 than manifest.json lists): build again, or restore it"),
    ])


def test_broken_copy_console_lines(broken):
    result = run(broken, cwd=broken.parent)
    lines = result.output.splitlines()
    assert lines[0] == "FAIL  broken"
    assert ("      error    build.missing-output: "
            "haneul/youtube/haneul_youtube_thumbnail_1280x720.jpg is listed in manifest.json "
            "but missing") in lines[1:5]
    assert sum(line.startswith("      error    build.changed-output: haneul/")
               for line in lines[1:5]) == 3
    i = lines.index("FAIL  broken/haneul/coupang/haneul_coupang_main_1000x1000.jpg  coupang/main")
    assert lines[i + 1] == ("      error    file.size-mismatch: 900x900 px: the slot needs "
                            "1000x1000 (coupang/main)")
    assert lines[-1] == ("4 assets: 0 passed, 0 with warnings, 4 failed, 0 could not be checked "
                         "— findings: 7 errors, 0 warnings, 0 info")


def test_junit_file_reads_back(broken, tmp_path):
    report = tmp_path / "junit.xml"
    result = run(broken, "--junit", report, cwd=broken.parent)
    assert result.exit_code == 1
    xml = junitparser.JUnitXml.fromfile(str(report))
    cases = [case for suite in xml for case in suite]
    kinds = {}
    for case in cases:
        kinds.setdefault(type(case.result[0]).__name__ if case.result else "passed",
                         []).append((case.classname, case.name))
    assert sorted(name for _, name in kinds["Failure"]) == ["colour", "dimensions", "outputs",
                                                            "weight"]
    assert ("broken/haneul/coupang/haneul_coupang_main_1000x1000.jpg",
            "dimensions") in kinds["Failure"]
    assert "Error" not in kinds and "Skipped" not in kinds
    assert len(cases) == 2 + 3 * 9  # the folder's two checks, 9 file checks x 3 files


def test_github_annotations(broken):
    result = run(broken, "--github", cwd=broken.parent)
    notes = [line for line in result.output.splitlines() if line.startswith("::")]
    assert len(notes) == 7
    assert ("::error file=broken/haneul/coupang/haneul_coupang_main_1000x1000.jpg,"
            "title=assetkit dimensions::file.size-mismatch: 900x900 px: the slot needs 1000x1000 "
            "(coupang/main)") in notes


def test_single_file_inside_a_build_gets_its_slot_from_the_manifest(broken):
    file = output_file(broken, "coupang/main")
    result = run(file, cwd=broken.parent)
    assert result.output.splitlines()[0] == (
        "FAIL  broken/haneul/coupang/haneul_coupang_main_1000x1000.jpg  coupang/main")
    assert result.exit_code == 1


def test_exit_codes_usage_and_unreadable(built, tmp_path):
    assert run(built, "--json", "--github", cwd=tmp_path).exit_code == 2
    assert run(built, "--slot", "nope/x", cwd=tmp_path).exit_code == 2
    assert run(tmp_path / "missing.png", cwd=tmp_path).exit_code == 2  # a missing input: usage
    (tmp_path / "bad.jpg").write_bytes(b"not a jpeg")
    result = run(tmp_path / "bad.jpg", built, cwd=tmp_path)
    assert result.exit_code == 3  # unreadable beats findings-free
    assert result.output.splitlines()[:2] == [
        "ERROR bad.jpg", "      error    could not read: not an image Pillow can identify"]


def test_fail_on_warning(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    Image.new("RGB", (20, 20)).save(tmp_path / "cam.jpg", exif=exif)
    assert run(tmp_path / "cam.jpg", cwd=tmp_path).exit_code == 0
    result = run(tmp_path / "cam.jpg", "--fail-on", "warning", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("FAIL  cam.jpg")


def test_build_records_source_findings_in_the_manifest(tmp_path, fixtures_dir, ci_fonts):
    """A brand that allows only NotoSansKR-Bold demands exact faces: every substitution of the
    fixture's four fonts is an error."""
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: HANEUL\nfonts: {allowed: [NotoSansKR-Bold]}\n")
    psd = fixtures_dir / "agpsd-text-complex-multifont.psd"
    result = assetkit.build([psd], out=tmp_path / "out", only=["google-display/300x250"], jobs=1,
                            options=BuildOptions(brand_path=brand, source_root=fixtures_dir))
    manifest = read_manifest(tmp_path / "out")
    substituted = [f for f in manifest.findings if f.code == "fonts.substituted"]
    assert sorted(f.message.split("'")[3] for f in substituted) == [
        "ArialMT", "CourierNewPSMT", "MyriadPro-Bold", "MyriadPro-Regular"]
    assert all(f.severity == "error" and f.message.endswith(
        "; the brand allows only NotoSansKR-Bold") for f in substituted)
    assert not [f for f in manifest.findings if f.code == "fonts.missing"]
    assert set(manifest.fonts) == {"table", "faces"}
    assert {f.layer for f in manifest.findings if f.code.startswith("fonts.")} == {
        "Test text aaaa xxxxx  OMG !"}
    assert result.exit_code() == 1


def test_a_foreign_manifest_json_is_ignored_with_a_warning(tmp_path):
    (tmp_path / "manifest.json").write_text('{"name": "my web app", "icons": []}')
    Image.new("RGB", (16, 16)).save(tmp_path / "icon.png")
    result = run(tmp_path, cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("PASS  icon.png  (5 skipped: no slot: not "
                                                    "inside a build output")
    assert "manifest.json: not an assetkit manifest" in result.stderr


def test_a_damaged_manifest_of_a_build_folder_is_an_error_not_ignored(built, tmp_path):
    """A build folder (it holds the store, `.assetkit/`) whose manifest.json was cut short by a
    half sync used to be taken for someone else's manifest.json: a warning, its outputs
    checked without their slots, exit 0. It is the folder that could not be checked (exit 3),
    with the command that re-makes the manifest from the records."""
    out = Path(shutil.copytree(built, tmp_path / "half"))
    data = (out / "manifest.json").read_bytes()
    (out / "manifest.json").write_bytes(data[: len(data) // 2])
    result = run(out, cwd=out.parent)
    assert result.exit_code == 3, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "ERROR half"
    assert lines[1].startswith("      error    could not read: manifest.json: not an assetkit "
                               "manifest (Unterminated string starting at: line ")
    assert lines[1].endswith("; `assetkit manifest rebuild half` re-makes it from the "
                             "build's records")
    assert "not an assetkit manifest" not in result.stderr
