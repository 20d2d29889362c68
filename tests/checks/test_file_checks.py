"""Exported-file checks: each has a passing and a failing case on images generated here."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from assetkit.commands.check import check
from assetkit.config import bundled_specs_dir
from assetkit.errors import ExitCode, UsageError


def save(path: Path, size=(300, 250), mode="RGB", fmt=None, noise=False, **params) -> Path:
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new(mode, size, (40, 80, 120) if mode == "RGB" else (0, 50, 50, 10))
    image.save(path, format=fmt, **params)
    return path


def result(report, check_id: str):
    (asset,) = report.assets
    return next(r for r in asset.results if r.check == check_id)


def codes(report) -> list[str]:
    return [f.code for f in report.findings]


# ---- dimensions


def test_exact_size_passes(tmp_path):
    report = check([save(tmp_path / "ad.jpg")], slot="google-display/300x250")
    assert result(report, "dimensions").status == "passed"
    assert report.exit_code() == ExitCode.OK


def test_wrong_size_fails_with_the_needed_size(tmp_path):
    report = check([save(tmp_path / "ad.jpg", size=(301, 250))], slot="google-display/300x250")
    (finding,) = result(report, "dimensions").findings
    assert finding.code == "file.size-mismatch"
    assert finding.message == "301x250 px: the slot needs 300x250 (google-display/300x250)"
    assert report.exit_code() == ExitCode.FINDINGS


@pytest.mark.parametrize(("size", "problem"), [
    ((1000, 1000), None),
    ((900, 900), "smaller than the slot's minimum 1000x1000"),
    ((1000, 1100), "aspect 0.909 is not the slot's 1:1 (tolerance 1%)"),
    ((1005, 1000), None),  # within the 1% aspect tolerance
])
def test_bounds_min_and_aspect(tmp_path, size, problem):
    report = check([save(tmp_path / "main.png", size=size, fmt="PNG")], slot="amazon/main")
    messages = [f.message for f in result(report, "dimensions").findings]
    assert messages == ([] if problem is None else [f"{size[0]}x{size[1]} px: {problem} "
                                                     "(amazon/main)"])


# ---- weight


def test_under_cap_passes(tmp_path):
    report = check([save(tmp_path / "ad.png", fmt="PNG")], slot="google-display/300x250")
    assert result(report, "weight").status == "passed"


def test_over_cap_fails_naming_bytes_and_cap(tmp_path):
    path = save(tmp_path / "ad.png", fmt="PNG", noise=True)
    report = check([path], slot="google-display/300x250")
    (finding,) = result(report, "weight").findings
    size = path.stat().st_size
    assert finding.code == "file.over-cap"
    assert finding.message == (f"{size / 1024:,.1f} KB ({size:,} bytes) is over the 150.0 KB cap "
                               "of google-display/300x250")


# ---- format and extension


def test_allowed_format_passes_and_webp_is_refused(tmp_path):
    ok = check([save(tmp_path / "ad.gif", mode="RGB", fmt="GIF")], slot="google-display/300x250")
    assert result(ok, "format").status == "passed"
    bad = check([save(tmp_path / "ad.webp", fmt="WEBP")], slot="google-display/300x250")
    (finding,) = result(bad, "format").findings
    assert (finding.code, finding.message) == (
        "file.format-not-allowed", "WEBP is not accepted by google-display/300x250 "
        "(allowed: jpeg, png, gif)")


def test_extension_matches_the_sniffed_format(tmp_path):
    assert result(check([save(tmp_path / "a.jpeg", fmt="JPEG")]), "extension").status == "passed"
    report = check([save(tmp_path / "a.jpg", fmt="PNG")])
    (finding,) = result(report, "extension").findings
    assert (finding.code, finding.message) == (
        "file.extension-mismatch", "the file is PNG but its name ends in '.jpg'")


# ---- colour


def test_rgb_jpeg_passes_and_cmyk_jpeg_fails(tmp_path):
    assert result(check([save(tmp_path / "rgb.jpg")]), "colour").status == "passed"
    report = check([save(tmp_path / "cmyk.jpg", mode="CMYK")])
    assert [f.code for f in result(report, "colour").findings] == ["file.cmyk"]


def _profile(kind: str) -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile(kind)).tobytes()


def test_srgb_profile_passes_and_another_profile_warns(tmp_path):
    srgb = check([save(tmp_path / "s.jpg", icc_profile=_profile("sRGB"))])
    assert result(srgb, "colour").status == "passed"
    report = check([save(tmp_path / "x.jpg", icc_profile=_profile("XYZ"))], slot="meta/story")
    (finding,) = result(report, "colour").findings
    assert (finding.code, finding.severity) == ("file.not-srgb", "warning")
    assert "'XYZ identity built-in'" in finding.message
    # a slot whose colour space is 'any' does not ask for sRGB
    relaxed = check([save(tmp_path / "y.jpg", icc_profile=_profile("XYZ"))], slot="coupang/main")
    assert result(relaxed, "colour").status == "passed"


# ---- EXIF


def _exif(gps: bool = False, camera: bool = False) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0131] = "assetkit"  # Software: harmless
    if gps:
        ifd = exif.get_ifd(0x8825)
        ifd[1], ifd[2] = "N", (37.0, 33.0, 0.0)
    if camera:
        exif[0x010F], exif[0x0110] = "Canon", "EOS R5"
    return exif


def test_exif_without_gps_or_camera_passes(tmp_path):
    report = check([save(tmp_path / "a.jpg", exif=_exif())])
    assert result(report, "exif").status == "passed"


def test_exif_gps_is_an_error_and_camera_a_warning(tmp_path):
    report = check([save(tmp_path / "a.jpg", exif=_exif(gps=True, camera=True))])
    found = {f.code: f for f in result(report, "exif").findings}
    assert found["file.exif-gps"].severity == "error"
    assert found["file.exif-camera"].message == (
        "EXIF camera data left in the file: Make='Canon', Model='EOS R5'")
    assert found["file.exif-camera"].severity == "warning"


# ---- slots, unreadable files, overrides


def test_loose_file_without_slot_skips_spec_checks_with_the_reason(tmp_path):
    report = check([save(tmp_path / "a.jpg")])
    statuses = {r.check: (r.status, r.reason) for r in report.assets[0].results}
    reason = "no slot: not inside a build output; pass --slot PLATFORM/SLOT"
    assert statuses["dimensions"] == ("skipped", reason)
    assert statuses["weight"] == ("skipped", reason)
    assert statuses["format"] == ("skipped", reason)
    assert statuses["extension"][0] == statuses["colour"][0] == "passed"
    assert report.exit_code() == ExitCode.OK


def test_unreadable_image_is_an_error_result_and_exit_3(tmp_path):
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    report = check([path, tmp_path / "gone.jpg"], slot="google-display/300x250")
    assert [a.status for a in report.assets] == ["error", "error"]
    assert report.assets[0].error == "not an image Pillow can identify"
    assert {r.status for r in report.assets[0].results} == {"error"}
    assert report.assets[1].error == "no such file or folder"
    assert report.exit_code() == ExitCode.UNREADABLE


@pytest.mark.parametrize(("value", "message"), [
    ("coupang", "--slot expects PLATFORM/SLOT (like coupang/main), got 'coupang'"),
    ("coupang/nope", "--slot coupang/nope: unknown platform or slot (see: assetkit specs list)"),
])
def test_bad_slot_is_a_usage_error(tmp_path, value, message):
    with pytest.raises(UsageError) as err:
        check([save(tmp_path / "a.jpg")], slot=value)
    assert str(err.value) == message


def test_brand_severity_override_applies(tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("severity: {file.size-mismatch: warning, file.cmyk: 'off'}\n")
    path = save(tmp_path / "ad.jpg", size=(301, 250), mode="CMYK")
    report = check([path], slot="google-display/300x250", brand_path=brand)
    assert [(f.code, f.severity) for f in report.findings] == [("file.size-mismatch", "warning")]
    assert report.exit_code("error") == ExitCode.OK
    assert report.exit_code("warning") == ExitCode.FINDINGS


def test_folders_are_walked_and_non_images_ignored(tmp_path):
    save(tmp_path / "a.jpg")
    (tmp_path / "sub").mkdir()
    save(tmp_path / "sub" / "b.png", fmt="PNG")
    (tmp_path / "notes.txt").write_text("x")
    report = check([tmp_path])
    assert [Path(a.path).name for a in report.assets] == ["a.jpg", "b.png"]


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_a_file_cut_short_is_named_a_whole_one_passes(tmp_path, fmt):
    """A half-copied or half-uploaded export: a JPEG or GIF still opens (its header is whole)
    and used to pass every check: it is file.truncated (an error). A PNG or WebP cut short
    cannot be opened: it could not be checked (exit 3), for the same reason, said the same way
    (before: 'image file is truncated', 'could not create decoder object')."""
    whole = save(tmp_path / f"whole.{fmt.lower()}", fmt=fmt, noise=True)
    data = whole.read_bytes()
    cut = tmp_path / f"cut.{fmt.lower()}"
    cut.write_bytes(data[: len(data) * 2 // 3])
    report = check([whole, cut], slot="google-display/300x250")
    assets = {Path(a.path).name: a for a in report.assets}
    said = (f"the file ends before its image does ({len(data) * 2 // 3:,} bytes): a partial "
            "copy or upload")
    assert [f.code for r in assets[whole.name].results for f in r.findings
            if f.code == "file.truncated"] == []
    if fmt in ("JPEG", "GIF"):
        (finding,) = [f for f in report.findings if f.code == "file.truncated"]
        assert finding.severity == "error"
        assert finding.message == f"{said}; export or copy it again"
        assert report.exit_code() == ExitCode.FINDINGS
    else:
        assert assets[cut.name].error == said
        assert report.exit_code() == ExitCode.UNREADABLE


def test_bytes_after_a_whole_jpeg_are_not_a_truncation(tmp_path):
    """Some tools append data after a JPEG's end marker: the image decodes whole."""
    path = save(tmp_path / "tail.jpg", fmt="JPEG")
    path.write_bytes(path.read_bytes() + b"\0" * 100)
    report = check([path], slot="google-display/300x250")
    assert "file.truncated" not in codes(report)


def test_a_symlink_loop_in_a_folder_is_one_unreadable_file_the_rest_are_checked(tmp_path):
    """A link that points at itself (a shared drive's leftovers) used to end the whole check
    with an internal error; it is one file that cannot be read, as a missing file is."""
    save(tmp_path / "a.jpg")
    (tmp_path / "loop.jpg").symlink_to("loop.jpg")
    (tmp_path / "dangling.jpg").symlink_to("gone.jpg")
    save(tmp_path / "z.jpg")
    report = check([tmp_path])
    assets = {Path(a.path).name: a for a in report.assets}
    assert sorted(assets) == ["a.jpg", "dangling.jpg", "loop.jpg", "z.jpg"]
    assert assets["a.jpg"].status == assets["z.jpg"].status == "passed"
    assert assets["loop.jpg"].error == "a symbolic link that loops"
    assert assets["dangling.jpg"].error == "a symbolic link to nothing"
    assert report.exit_code() == ExitCode.UNREADABLE


def test_a_typo_in_an_overlay_spec_is_a_warning_of_the_report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    specs = tmp_path / "specs"
    specs.mkdir()
    text = (bundled_specs_dir() / "google-display.yaml").read_text(encoding="utf-8")
    (specs / "google-display.yaml").write_text(text.replace("\nslots:", "\nsloots: x\nslots:"),
                                               encoding="utf-8")
    report = check([save(tmp_path / "ad.jpg")], slot="google-display/300x250", specs_dir=specs)
    line = text.splitlines().index("slots:") + 1
    assert report.warnings == (f"specs/google-display.yaml:{line}: sloots: unknown key "
                               "'sloots' (did you mean 'slots'?)",)
