"""File names: portable stems, unique source stems, output paths from the template."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from assetkit.model import DEFAULT_TEMPLATE
from assetkit.pipeline.naming import output_relpath, safe_stem, source_stems

HANGEUL = "\ud55c\uae00"  # 한글, precomposed (NFC)
HANGEUL_NFD = "\u1112\u1161\u11ab\u1100\u1173\u11af"  # the same word as jamo (macOS file names)
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                    *(f"LPT{i}" for i in range(1, 10))}


def is_portable(stem: str) -> bool:
    return (
        stem != ""
        and not any(c in '<>:"/\\|?*' or ord(c) < 32 or ord(c) == 127 for c in stem)
        and stem == stem.strip()
        and not stem.endswith((".", " "))
        and stem.split(".")[0].upper() not in WINDOWS_RESERVED
        and len(stem.encode("utf-8")) <= 120
        and unicodedata.is_normalized("NFC", stem)
    )


# ---- safe_stem ----

def test_decomposed_korean_is_normalised_to_nfc():
    assert HANGEUL_NFD != HANGEUL
    assert safe_stem(HANGEUL_NFD) == HANGEUL
    assert safe_stem(f"{HANGEUL_NFD} 세럼 v2") == f"{HANGEUL} 세럼 v2"


def test_plain_names_are_kept():
    assert safe_stem("HANEUL serum-launch_v2 (final)") == "HANEUL serum-launch_v2 (final)"
    assert safe_stem(".hidden") == ".hidden"


@pytest.mark.parametrize(("name", "expected"), [
    ('a<b>c:d"e/f\\g|h?i*j', "a_b_c_d_e_f_g_h_i_j"),
    ("tab\there", "tab_here"),
    ("nul\x00byte\x1f\x7fend", "nul_byte__end"),
    ("many   inner \u3000 spaces", "many inner spaces"),
])
def test_forbidden_characters_are_replaced(name, expected):
    assert safe_stem(name) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("CON", "CON_"), ("con", "con_"), ("Nul", "Nul_"), ("LPT1", "LPT1_"), ("COM9", "COM9_"),
    ("AUX ", "AUX_"), ("PRN...", "PRN_"),
    # Windows also reserves a device name followed by any extension (CON.txt is CON)
    ("con.txt", "con_.txt"), ("NUL.tar.gz", "NUL_.tar.gz"),
])
def test_windows_reserved_names(name, expected):
    assert safe_stem(name) == expected
    assert is_portable(expected)


@pytest.mark.parametrize("name", ["CONSOLE", "COM10", "LPT0x", "ACON", "icon.txt"])
def test_names_that_only_look_reserved_are_kept(name):
    assert safe_stem(name) == name


@pytest.mark.parametrize(("name", "expected"), [
    ("report.", "report"), ("report. . .", "report"), ("report   ", "report"),
    ("  report", "report"), ("report\u00a0", "report"),
    ("상품\u3000.", "상품"),  # an ideographic space before a dot used to leave "상품 "
])
def test_trailing_dots_and_spaces_are_removed(name, expected):
    assert safe_stem(name) == expected


@pytest.mark.parametrize("name", ["", "   ", "...", ". . .", "\u3000"])
def test_empty_becomes_untitled(name):
    assert safe_stem(name) == "untitled"


@pytest.mark.parametrize(("name", "expected"), [
    ("a" * 200, "a" * 120),
    ("가" * 100, "가" * 40),  # 3 bytes each: 40 fit in 120
    ("a" + "가" * 50, "a" + "가" * 39),  # 118 bytes; one more would be 121
    ("x" * 119 + ". yyy", "x" * 119),  # cutting at 120 leaves "x….", a trailing dot
    ("x" * 119 + " yyyy", "x" * 119),  # ... or a trailing space
])
def test_long_names_are_cut_to_120_utf8_bytes(name, expected):
    stem = safe_stem(name)
    assert stem == expected
    assert len(stem.encode("utf-8")) <= 120


def test_long_decomposed_korean_is_measured_after_normalising():
    # 60 syllables as jamo are 180 code points / 540 bytes; NFC they are 180 bytes
    stem = safe_stem(HANGEUL_NFD * 30)
    assert stem == HANGEUL * 20
    assert len(stem.encode("utf-8")) == 120


# ---- source_stems ----

def test_unique_stems_are_kept():
    paths = [Path("in/serum.psd"), Path("in/cream.psb")]
    assert source_stems(paths) == {Path("in/serum.psd"): "serum", Path("in/cream.psb"): "cream"}


def test_colliding_stems_get_the_parent_folder():
    paths = [Path("ko/banner.psd"), Path("en/Banner.psd"), Path("en/cream.psd")]
    assert source_stems(paths) == {
        Path("ko/banner.psd"): "banner-ko",
        Path("en/Banner.psd"): "Banner-en",
        Path("en/cream.psd"): "cream",
    }


def test_nfd_and_nfc_spellings_collide():
    paths = [Path(f"mac/{HANGEUL_NFD}.psd"), Path(f"win/{HANGEUL}.psd")]
    assert source_stems(paths) == {paths[0]: f"{HANGEUL}-mac", paths[1]: f"{HANGEUL}-win"}


def test_same_folder_collisions_get_a_counter():
    paths = [Path("in/Serum.psd"), Path("in/serum.psb"), Path("in/SERUM.psd")]
    stems = source_stems(paths)
    assert stems == {paths[0]: "Serum-in", paths[1]: "serum-in-2", paths[2]: "SERUM-in-3"}


@pytest.mark.parametrize("paths", [
    [Path("a/x.psd"), Path("b/X.psd"), Path("x-a.psd"), Path("c/x-A.psd")],
    [Path("a/Foo.psd"), Path("a/foo.psb"), Path("Foo-a.psd"), Path("foo-a-2.psd")],
    [Path(f"{d}/{n}.psd") for d in ("p", "P", "q") for n in ("n", "N", "n-p")],
])
def test_stems_are_unique_case_insensitively(paths):
    stems = source_stems(paths)
    assert set(stems) == set(paths)
    folded = [s.casefold() for s in stems.values()]
    assert len(set(folded)) == len(paths)
    assert all(is_portable(s) for s in stems.values())


# ---- output_relpath ----

def relpath(**kw) -> str:
    args = {"source": "serum", "platform": "coupang", "slot": "main", "size": (1000, 1000),
            "ext": "jpg"} | kw
    return output_relpath(DEFAULT_TEMPLATE, **args)


def test_default_template():
    assert DEFAULT_TEMPLATE == "{source}_{platform}_{slot}_{w}x{h}.{ext}"
    assert relpath() == "serum/coupang/serum_coupang_main_1000x1000.jpg"
    assert relpath(platform="meta", slot="story", size=(1080, 1920), ext="png") == (
        "serum/meta/serum_meta_story_1080x1920.png")


def test_slices_and_languages_are_suffixed_before_the_extension():
    assert relpath(slot="detail", size=(780, 3000), slice_index=0) == (
        "serum/coupang/serum_coupang_detail_780x3000_01.jpg")
    assert relpath(slot="detail", size=(780, 3000), slice_index=11) == (
        "serum/coupang/serum_coupang_detail_780x3000_12.jpg")
    assert relpath(lang="en") == "serum/coupang/serum_coupang_main_1000x1000_en.jpg"
    assert relpath(slot="detail", size=(780, 2000), lang="ja", slice_index=2) == (
        "serum/coupang/serum_coupang_detail_780x2000_03_ja.jpg")


def test_template_placeholders_for_slice_and_lang_are_not_repeated():
    template = "{lang}/{source}-{slice}-{w}.{ext}"
    got = output_relpath(template, source="serum", platform="coupang", slot="detail",
                         size=(780, 3000), ext="webp", lang="ko", slice_index=1)
    assert got == "serum/coupang/ko_serum-02-780.webp"


def test_template_format_specs_get_integer_sizes():
    got = output_relpath("{source}_{w:05d}x{h:05d}.{ext}", source="s", platform="p", slot="x",
                         size=(300, 50), ext="png")
    assert got == "s/p/s_00300x00050.png"


def test_long_korean_source_keeps_extension_and_slice_numbers():
    # 35 syllables = 105 bytes; with the suffixes the name passes 120 bytes. It used to be cut
    # at 120, losing ".jpg" and the slice number, so every slice got the same path.
    source = "가" * 35
    paths = [relpath(source=source, platform="naver-smartstore", slot="detail",
                     size=(860, 4000), slice_index=i) for i in range(3)]
    assert paths == [
        f"{source}/naver-smartstore/{source}_naver-smartstore_detail_860x4000_0{i}.jpg"
        for i in (1, 2, 3)
    ]


def test_over_long_names_are_cut_before_the_extension():
    got = relpath(source="a" * 300)
    name = got.rsplit("/", 1)[1]
    assert name.endswith(".jpg")
    assert len(name.encode("utf-8")) <= 255
    assert name == "a" * 251 + ".jpg"


def test_file_name_is_sanitised_but_not_the_folders():
    got = output_relpath("{source}_{lang}.{ext}", source="serum", platform="coupang",
                         slot="main", size=(1, 1), ext="jpg", lang="zh/TW")
    assert got == "serum/coupang/serum_zh_TW.jpg"
