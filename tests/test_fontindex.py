"""Tests for assetkit.fonts.index: names, priority, coverage, cache and unreadable files."""
from __future__ import annotations

import dataclasses
import json
import os
import random
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection

from assetkit.fonts import scan as fontscan
from assetkit.fonts.index import (
    BrandFontDirMissing,
    FontFace,
    FontIndex,
    FontNotFound,
    bundled_font_dir,
    bundled_font_path,
    default_cache_dir,
    system_font_dirs,
)
from tests.fontfactory import save_tiny, tiny_font

BUNDLED = bundled_font_dir()

# Font names found in the real Photoshop fixtures under /work/shared/fixtures/psd/.
PSD_NAMES_BUNDLED = ("NotoSansKR-Regular",)  # agpsd-text-alias-notosanskr.psd
PSD_NAMES_NOT_SHIPPED = (  # webtoon-example-ko-emoji.psd
    "NanumBarunGothicOTF",
    "AppleColorEmoji",
    "Arial-Black",
    "BradleyHandITCTT-Bold",
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> FontIndex:
    return FontIndex.build(system=False, cache_dir=tmp_path_factory.mktemp("cache"))


# ---------------------------------------------------------------- names


def test_bundled_faces_read_from_name_table(index: FontIndex) -> None:
    regular = index.find("NotoSansKR-Regular")
    assert regular == FontFace(
        path=BUNDLED / "NotoSansKR-Regular.ttf",
        index=0,
        postscript_name="NotoSansKR-Regular",
        full_name="Noto Sans KR Regular",
        family="Noto Sans KR",
        style="Regular",
        origin="bundled",
        weight=400,
        italic=False,
        version="Version 2.004-H2;hotconv 1.0.118;makeotfexe 2.5.65603",
    )
    assert index.find("NotoSansKR-Bold").weight == 700
    assert {face.postscript_name for face in index.faces} == {"NotoSansKR-Regular", "NotoSansKR-Bold"}
    assert index.skipped == ()


@pytest.mark.parametrize(
    "name",
    [
        "NotoSansKR-Regular",  # PostScript name
        "notosanskr-regular",
        "Noto Sans KR Regular",  # full name (name ID 4)
        "NOTO SANS KR REGULAR",
        "Noto Sans KR-Regular",  # Family-Style
        "  NotoSansKR-Regular ",
    ],
)
def test_find_regular_by_any_name_form(index: FontIndex, name: str) -> None:
    face = index.find(name)
    assert face is not None
    assert face.postscript_name == "NotoSansKR-Regular"


@pytest.mark.parametrize("name", ["NotoSansKR-Bold", "Noto Sans KR Bold", "noto sans kr-bold"])
def test_find_bold(index: FontIndex, name: str) -> None:
    face = index.find(name)
    assert face is not None
    assert face.postscript_name == "NotoSansKR-Bold"
    assert face.path == BUNDLED / "NotoSansKR-Bold.ttf"


@pytest.mark.parametrize("name", ["", "Comic Sans MS", "NotoSansKR", "NotoSansKR-Medium"])
def test_unknown_name_is_none_not_a_substitute(index: FontIndex, name: str) -> None:
    assert index.find(name) is None


def test_postscript_match_beats_earlier_full_name_match(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    save_tiny(brand / "a.ttf", "Alpha-Regular", "SharedName", "Alpha", "Regular")
    save_tiny(brand / "b.ttf", "SharedName", "Beta Regular", "Beta", "Regular")
    idx = FontIndex.build([brand], system=False, bundled=False, cache_dir=tmp_path / "cache")
    assert [f.postscript_name for f in idx.faces] == ["Alpha-Regular", "SharedName"]
    face = idx.find("sharedname")
    assert face is not None and face.path == brand / "b.ttf"


def test_typographic_family_and_subfamily_preferred(tmp_path: Path) -> None:
    save_tiny(
        tmp_path / "brand" / "wide.ttf", "Acme-WideBlack", "Acme Wide Black", "Acme Wide Black", "Regular",
        typographicFamily="Acme", typographicSubfamily="Wide Black",
    )
    idx = FontIndex.build([tmp_path / "brand"], system=False, bundled=False, cache_dir=tmp_path / "c")
    (face,) = idx.faces
    assert (face.family, face.style) == ("Acme", "Wide Black")
    assert idx.find("Acme-Wide Black") == face


def test_collection_faces_indexed_with_their_numbers(tmp_path: Path) -> None:
    collection = TTCollection()
    collection.fonts = [
        tiny_font("Duo-Light", "Duo Light", "Duo", "Light"),
        tiny_font("Duo-Heavy", "Duo Heavy", "Duo", "Heavy", chars="B"),
    ]
    (tmp_path / "brand").mkdir()
    collection.save(tmp_path / "brand" / "duo.ttc")
    idx = FontIndex.build([tmp_path / "brand"], system=False, bundled=False, cache_dir=tmp_path / "c")
    assert [(f.postscript_name, f.index) for f in idx.faces] == [("Duo-Light", 0), ("Duo-Heavy", 1)]
    heavy = idx.find("Duo Heavy")
    assert heavy is not None
    assert idx.coverage(heavy, "AB") == ("A",)  # read from face 1's own cmap


def test_families_groups_faces(index: FontIndex) -> None:
    families = index.families()
    assert list(families) == ["Noto Sans KR"]
    assert {f.style for f in families["Noto Sans KR"]} == {"Regular", "Bold"}


def test_font_face_is_frozen(index: FontIndex) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        index.faces[0].origin = "brand"  # type: ignore[misc]


# ---------------------------------------------------------------- PSD names (resolution with
# aliases and substitutes: tests/fonts/test_resolve.py)


@pytest.mark.parametrize("name", PSD_NAMES_BUNDLED)
def test_psd_font_names_shipped_with_assetkit_are_found(index: FontIndex, name: str) -> None:
    face = index.find(name)
    assert face is not None
    assert (face.postscript_name, face.origin) == (name, "bundled")


@pytest.mark.parametrize("name", PSD_NAMES_NOT_SHIPPED)
def test_psd_font_names_not_shipped_are_not_found(index: FontIndex, name: str) -> None:
    assert index.find(name) is None


# ---------------------------------------------------------------- coverage


def test_korean_text_fully_covered(index: FontIndex) -> None:
    face = index.find("NotoSansKR-Regular")
    assert face is not None
    assert index.coverage(face, "한글텍스트 나눔바른고딕") == ()


def test_emoji_missing_but_math_sum_covered(index: FontIndex) -> None:
    face = index.find("NotoSansKR-Bold")
    assert face is not None
    assert index.coverage(face, "합계∑ 🤣!") == ("🤣",)


def test_missing_characters_listed_once_in_order(index: FontIndex) -> None:
    face = index.find("NotoSansKR-Regular")
    assert face is not None
    assert index.coverage(face, "🤣가❤️🤣❤") == ("🤣", "❤")  # U+FE0F selector needs no glyph


def test_controls_and_spaces_need_no_glyph(tmp_path: Path) -> None:
    save_tiny(tmp_path / "b" / "a.ttf", "OnlyA", "Only A", "Only", "A", chars="A")
    idx = FontIndex.build([tmp_path / "b"], system=False, bundled=False, cache_dir=tmp_path / "c")
    face = idx.faces[0]
    assert idx.coverage(face, "A\r\nA\x03A\tA A\u00a0A\u3000A\u200d") == ()
    assert idx.coverage(face, "AB") == ("B",)


def test_text_is_nfc_normalised(tmp_path: Path) -> None:
    save_tiny(tmp_path / "b" / "e.ttf", "OnlyE", "Only E", "Only", "E", chars="\u00e9")
    idx = FontIndex.build([tmp_path / "b"], system=False, bundled=False, cache_dir=tmp_path / "c")
    assert idx.coverage(idx.faces[0], "e\u0301") == ()  # decomposed é composes to U+00E9


# ---------------------------------------------------------------- priority


def test_brand_copy_beats_bundled(tmp_path: Path) -> None:
    brand = tmp_path / "brand" / "nested"
    brand.mkdir(parents=True)
    shutil.copy(BUNDLED / "NotoSansKR-Bold.ttf", brand / "CorporateBold.ttf")
    idx = FontIndex.build([tmp_path / "brand"], system=False, cache_dir=tmp_path / "cache")
    bold = idx.find("NotoSansKR-Bold")
    assert bold is not None
    assert (bold.origin, bold.path) == ("brand", brand / "CorporateBold.ttf")
    regular = idx.find("NotoSansKR-Regular")
    assert regular is not None and regular.origin == "bundled"
    assert [f.origin for f in idx.faces] == ["brand", "bundled", "bundled"]


def test_system_beats_bundled(tmp_path: Path) -> None:
    system = tmp_path / "system"
    system.mkdir()
    shutil.copy(BUNDLED / "NotoSansKR-Regular.ttf", system / "NotoSansKR-Regular.ttf")
    idx = FontIndex.build(system_dirs=[system], cache_dir=tmp_path / "cache")
    face = idx.find("Noto Sans KR Regular")
    assert face is not None and face.origin == "system"


def test_same_file_reached_twice_is_indexed_once(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    save_tiny(brand / "x.ttf", "Brand-X", "Brand X", "Brand", "X")
    (brand / "loop").symlink_to(brand, target_is_directory=True)  # must not walk forever
    idx = FontIndex.build([brand, brand], system_dirs=[brand], bundled=False, cache_dir=tmp_path / "c")
    assert [(f.postscript_name, f.origin) for f in idx.faces] == [("Brand-X", "brand")]


def test_missing_brand_dir_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BrandFontDirMissing, match="brand font folder not found"):
        FontIndex.build([tmp_path / "nope"], system=False, cache_dir=tmp_path / "cache")


def test_build_with_system_fonts_keeps_bundled_faces(tmp_path: Path) -> None:
    idx = FontIndex.build(cache_dir=tmp_path / "cache")
    bundled = {f.postscript_name for f in idx.faces if f.origin == "bundled"}
    assert {"NotoSansKR-Regular", "NotoSansKR-Bold"} <= bundled


# ---------------------------------------------------------------- unreadable files


def test_corrupt_font_is_skipped_and_listed(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "broken.ttf").write_bytes(random.Random(7).randbytes(4096))
    (brand / "empty.otf").write_bytes(b"")
    (brand / "notes.txt").write_text("not a font")
    idx = FontIndex.build([brand], system=False, cache_dir=tmp_path / "cache")
    assert [path for path, _reason in idx.skipped] == [brand / "broken.ttf", brand / "empty.otf"]
    assert all(reason for _path, reason in idx.skipped)
    assert {f.origin for f in idx.faces} == {"bundled"}


# ---------------------------------------------------------------- cache


def _refuse_to_parse(path: Path) -> tuple:
    pytest.fail(f"parsed {path} although the cache holds it")


def test_second_build_reads_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    brand = tmp_path / "brand"
    save_tiny(brand / "x.ttf", "Brand-X", "Brand X", "Brand", "X")
    (brand / "broken.ttf").write_bytes(b"\x00" * 64)
    cold = FontIndex.build([brand], system=False, cache_dir=tmp_path / "cache")
    assert (tmp_path / "cache" / "fonts.json").is_file()
    monkeypatch.setattr(fontscan, "read_faces", _refuse_to_parse)
    warm = FontIndex.build([brand], system=False, cache_dir=tmp_path / "cache")
    assert warm.faces == cold.faces
    assert warm.skipped == cold.skipped  # parse failures are cached too


def test_changed_file_is_read_again(tmp_path: Path) -> None:
    font = save_tiny(tmp_path / "brand" / "x.ttf", "Brand-Old", "Brand Old", "Brand", "Old")
    FontIndex.build([font.parent], system=False, bundled=False, cache_dir=tmp_path / "cache")
    save_tiny(font, "Brand-NewName", "Brand NewName", "Brand", "NewName")
    stat = font.stat()
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    idx = FontIndex.build([font.parent], system=False, bundled=False, cache_dir=tmp_path / "cache")
    assert [f.postscript_name for f in idx.faces] == ["Brand-NewName"]


@pytest.mark.parametrize("content", ["{not json", "[]", '{"version": 1, "files": {"x": {}}}', "\udcff"])
def test_corrupt_cache_is_ignored_and_rewritten(tmp_path: Path, content: str) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "fonts.json").write_bytes(content.encode("utf-8", "surrogateescape"))
    idx = FontIndex.build(system=False, cache_dir=cache)
    assert {f.postscript_name for f in idx.faces} == {"NotoSansKR-Regular", "NotoSansKR-Bold"}
    data = json.loads((cache / "fonts.json").read_text(encoding="utf-8"))
    assert str(BUNDLED / "NotoSansKR-Bold.ttf") in data["files"]
    assert [p.name for p in cache.iterdir()] == ["fonts.json"]  # no temp file left behind


def test_cache_keeps_entries_of_other_builds(tmp_path: Path) -> None:
    font = save_tiny(tmp_path / "brand" / "x.ttf", "Brand-X", "Brand X", "Brand", "X")
    FontIndex.build([font.parent], system=False, cache_dir=tmp_path / "cache")
    FontIndex.build(system=False, cache_dir=tmp_path / "cache")
    data = json.loads((tmp_path / "cache" / "fonts.json").read_text(encoding="utf-8"))
    assert str(font) in data["files"]


def test_default_cache_dir_precedence(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert default_cache_dir({}, home) == home / ".cache" / "assetkit"
    assert default_cache_dir({"XDG_CACHE_HOME": "/xdg"}, home) == Path("/xdg/assetkit")
    env = {"XDG_CACHE_HOME": "/xdg", "ASSETKIT_CACHE_DIR": "/mine"}
    assert default_cache_dir(env, home) == Path("/mine")


# ---------------------------------------------------------------- helpers


def test_system_font_dirs_per_platform(tmp_path: Path) -> None:
    home = tmp_path
    assert system_font_dirs("linux", {}, home) == (
        Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
        home / ".fonts", home / ".local/share/fonts",
    )
    assert system_font_dirs("darwin", {}, home) == (
        Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts",
    )
    assert system_font_dirs("win32", {"WINDIR": "D:/Win"}, home)[0] == Path("D:/Win") / "Fonts"


def test_bundled_font_path() -> None:
    assert bundled_font_path() == BUNDLED / "NotoSansKR-Regular.ttf"
    assert bundled_font_path("NotoSansKR-Bold") == BUNDLED / "NotoSansKR-Bold.ttf"
    with pytest.raises(FontNotFound, match="NanumBarunGothicOTF"):
        bundled_font_path("NanumBarunGothicOTF")


def test_face_file_digests_are_hashed_once_per_file_version(tmp_path: Path, monkeypatch) -> None:
    """A build records the digest of every face it may use; the sha256 is kept in the cache
    folder, so a second index (a second build) reads no font file to hash it."""
    from assetkit.fonts import scan

    cold = FontIndex.build(system=False, cache_dir=tmp_path / "cache")
    face = cold.faces[0]
    digest = cold.file_digest(face)
    assert (tmp_path / "cache" / scan.DIGEST_FILE).is_file()

    def refuse(path):
        raise AssertionError(f"{path} hashed again")

    monkeypatch.setattr(scan, "file_sha256", refuse)
    warm = FontIndex.build(system=False, cache_dir=tmp_path / "cache")
    assert warm.file_digest(face) == digest


def test_build_and_fonts_name_a_brand_font_file_they_cannot_read(tmp_path: Path) -> None:
    """A brand font folder holding a file that is not a font (a download that saved the
    site's error page as Brand-Bold.ttf): the index skips it, and the build and `assetkit
    fonts` used to say nothing, so its faces went missing unexplained. Each says so in one
    warning line naming the file and what is wrong with it."""
    import assetkit
    from assetkit import BuildOptions
    from assetkit.commands.fonts import fonts
    from assetkit.samples import make_test_psd

    brand_dir = tmp_path / "brand"
    (brand_dir / "fonts").mkdir(parents=True)
    (brand_dir / "fonts" / "Brand-Bold.ttf").write_bytes(b"<html>403 Forbidden</html>")
    (brand_dir / "brand.yaml").write_text("name: B\nfonts: {dirs: [fonts]}\n", encoding="utf-8")
    said = (f"{brand_dir / 'fonts' / 'Brand-Bold.ttf'}: a brand font file that cannot be read "
            "(TTLibError: ")
    psd = make_test_psd(tmp_path / "a.psd")
    result = assetkit.build([psd], out=tmp_path / "out", only=["coupang/main"], jobs=1,
                            options=BuildOptions(brand_path=brand_dir / "brand.yaml",
                                                 source_root=tmp_path))
    assert [w for w in result.warnings if w.startswith(said)] != []
    report = fonts((), brand=brand_dir / "brand.yaml")
    assert [w for w in report.warnings if w.startswith(said)] != []
