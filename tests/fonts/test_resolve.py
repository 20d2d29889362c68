"""The one font resolver: brand folders and aliases, bundled faces, the substitution table,
nearest weights, the per-script fallback chain, and the same faces on every machine."""
from __future__ import annotations

from pathlib import Path

import pytest

from assetkit.config import load_brand
from assetkit.config.fonttable import load_substitution_table
from assetkit.errors import InvalidConfig
from assetkit.fonts.index import FontIndex, bundled_font_dir
from assetkit.fonts.resolve import FontResolver, bundled_table, face_record
from assetkit.model import Substitute
from assetkit.render.text import set_text
from assetkit.scene import TextInfo, TextRun
from tests.fontfactory import save_tiny

LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 %!"


def _liberation(folder: Path) -> Path:
    """A stand-in for the fonts-liberation2 package: Liberation Sans in four styles."""
    for ps, style, weight, italic in (("LiberationSans", "Regular", 400, False),
                                      ("LiberationSans-Bold", "Bold", 700, False),
                                      ("LiberationSans-Italic", "Italic", 400, True),
                                      ("LiberationSans-BoldItalic", "Bold Italic", 700, True)):
        save_tiny(folder / "truetype" / "liberation2" / f"{ps}.ttf", ps,
                  f"Liberation Sans {style}", "Liberation Sans", style, LATIN, weight=weight,
                  italic=italic)
    return folder


def _decoys(folder: Path) -> Path:
    """What one designer's machine has besides the packages: Arial itself (with Hangul, even),
    a second copy of Liberation Sans, a Noto Sans KR that is not the bundled one."""
    save_tiny(folder / "Arial.ttf", "ArialMT", "Arial", "Arial", "Regular", LATIN + "세일")
    save_tiny(folder / "Arial Bold.ttf", "Arial-BoldMT", "Arial Bold", "Arial", "Bold",
              LATIN, weight=700)
    save_tiny(folder / "LiberationSans-Regular.ttf", "LiberationSans", "Liberation Sans Regular",
              "Liberation Sans", "Regular", LATIN + "세일")
    save_tiny(folder / "NotoSansKR-Regular.ttf", "NotoSansKR-Regular", "Noto Sans KR Regular",
              "Noto Sans KR", "Regular", LATIN + "세일")
    return folder


def _fonts(tmp_path: Path, *system: Path, brand: tuple[Path, ...] = (), **kwargs
           ) -> FontResolver:
    index = FontIndex.build(brand, system_dirs=list(system), cache_dir=tmp_path / "cache")
    return FontResolver(index, **kwargs)


def test_the_same_packages_give_the_same_faces_and_a_decoy_is_never_chosen(tmp_path):
    packages = _liberation(tmp_path / "usr-share-fonts")
    decoy = _decoys(tmp_path / "home-fonts")
    clean = _fonts(tmp_path, packages)
    busy = _fonts(tmp_path, packages, decoy)
    regular = packages / "truetype" / "liberation2" / "LiberationSans.ttf"
    bold = packages / "truetype" / "liberation2" / "LiberationSans-Bold.ttf"
    bundled_kr = bundled_font_dir() / "NotoSansKR-Regular.ttf"
    for fonts in (clean, busy):
        arial = fonts.resolve("ArialMT")
        assert (arial.face.path, arial.via, arial.metric) == (regular, "substitute", True)
        assert fonts.resolve("Arial-BoldMT").face.path == bold
        assert fonts.resolve("Helvetica-BoldOblique").face.postscript_name == \
            "LiberationSans-BoldItalic"
        assert fonts.resolve("NotoSansKR-Regular").face.path == bundled_kr
        korean = fonts.text_faces("ArialMT", "Sale 50% 세일")
        assert [f.path for f in korean.used] == [regular, bundled_kr]
        assert korean.missing == ()
    chosen = {f.path for name in ("ArialMT", "Arial-BoldMT", "LiberationSans", "NotoSansKR-Regular",
                                  "Liberation Sans Regular", "Helvetica")
              for f in busy.text_faces(name, "Sale 세일").used}
    assert not any(decoy in path.parents for path in chosen)
    assert busy.digest() == clean.digest()
    info = TextInfo("Sale 50% 세일", (TextRun("Sale 50% 세일", "ArialMT", 30.0, (0, 0, 0, 255)),),
                    "left", "point", None, (1, 0, 0, 1, 10, 40))
    one, two = set_text(info, clean), set_text(info, busy)
    assert one.image.tobytes() == two.image.tobytes()
    assert [face_record(f)["file"] for f in one.faces] == [
        str(regular), "assetkit/data/fonts/NotoSansKR-Regular.ttf"]


def test_brand_folders_come_first_then_bundled_then_the_table(tmp_path):
    packages = _liberation(tmp_path / "system")
    brand_dir = tmp_path / "brand"
    save_tiny(brand_dir / "Arial.ttf", "ArialMT", "Arial", "Arial", "Regular", LATIN)
    fonts = _fonts(tmp_path, packages, brand=(brand_dir,))
    arial = fonts.resolve("ArialMT")
    assert (arial.via, arial.face.path) == ("brand", brand_dir / "Arial.ttf")
    assert fonts.resolve("Arial-BoldMT").via == "substitute"  # not in the brand's folder
    assert fonts.resolve("NotoSansKR-Bold").via == "bundled"
    assert fonts.resolve("LiberationSans-Bold").via == "installed"  # a face the table names


def test_a_font_installed_on_the_machine_but_not_in_the_table_is_missing(tmp_path):
    folder = tmp_path / "system"
    save_tiny(folder / "Proxima.ttf", "ProximaNova-Regular", "Proxima Nova", "Proxima Nova",
              "Regular", LATIN)
    fonts = _fonts(tmp_path, folder)
    assert fonts.resolve("ProximaNova-Regular").face is None
    assert fonts.text_faces("ProximaNova-Regular", "sign in").missing == tuple("sign")


def test_brand_rows_are_tried_before_the_bundled_table(tmp_path):
    packages = _liberation(tmp_path / "system")
    rows = (Substitute(("ProximaNova*",), ("Noto Sans KR",)),
            Substitute(("Arial*",), ("Noto Sans KR",)))
    fonts = _fonts(tmp_path, packages, rows=rows)
    proxima = fonts.resolve("ProximaNova-Semibold")
    assert (proxima.via, proxima.face.postscript_name) == ("substitute", "NotoSansKR-Bold")
    assert fonts.resolve("ArialMT").face.postscript_name == "NotoSansKR-Regular"


def test_a_row_whose_families_are_all_missing_passes_the_name_on(tmp_path):
    packages = _liberation(tmp_path / "system")
    rows = (Substitute(("Arial*",), ("Arimo", "Not Installed Sans")),)
    fonts = _fonts(tmp_path, packages, rows=rows)
    assert fonts.resolve("ArialMT").face.family == "Liberation Sans"


def test_aliases_are_the_brands_word_and_never_fall_back(tmp_path):
    packages = _liberation(tmp_path / "system")
    fonts = _fonts(tmp_path, packages, aliases={"NotoSansKR": "NotoSansKR-Regular",
                                                "ArialMT": "BrandSans-Regular"})
    alias = fonts.resolve("notosanskr")  # alias keys are case-insensitive
    assert (alias.via, alias.face.postscript_name, alias.alias) == (
        "alias", "NotoSansKR-Regular", "NotoSansKR-Regular")
    missing = fonts.resolve("ArialMT")  # the table would have Liberation Sans: not used
    assert (missing.face, missing.alias) == (None, "BrandSans-Regular")


@pytest.mark.parametrize(("name", "postscript"), [
    ("ArialMT", "LiberationSans"), ("Arial-BoldMT", "LiberationSans-Bold"),
    ("Arial-Black", "LiberationSans-Bold"), ("Arial-ItalicMT", "LiberationSans-Italic"),
    ("HelveticaNeue-Light", "LiberationSans"), ("HelveticaNeue-Medium", "LiberationSans"),
    ("Helvetica-Bold", "LiberationSans-Bold"), ("Arial Bold Italic", "LiberationSans-BoldItalic"),
    ("MalgunGothicBold", "NotoSansKR-Bold"), ("AppleSDGothicNeo-Thin", "NotoSansKR-Regular"),
    ("AppleSDGothicNeo-ExtraBold", "NotoSansKR-Bold"), ("NanumBarunGothicOTF", "NotoSansKR-Regular"),
])
def test_weights_map_to_the_nearest(tmp_path, name, postscript):
    fonts = _fonts(tmp_path, _liberation(tmp_path / "system"))
    assert fonts.resolve(name).face.postscript_name == postscript


@pytest.mark.parametrize(("name", "family", "weight", "metric"), [
    ("ArialMT", "Liberation Sans", 400, True), ("Helvetica", "Liberation Sans", 400, True),
    ("Arial-BoldMT", "Liberation Sans", 700, True),
    ("TimesNewRomanPSMT", "Liberation Serif", 400, True), ("Times-Bold", "Liberation Serif", 700, True),
    ("CourierNewPSMT", "Liberation Mono", 400, True), ("Courier", "Liberation Mono", 400, True),
    ("MalgunGothic", "Noto Sans KR", 400, False), ("AppleSDGothicNeo-Bold", "Noto Sans KR", 700, False),
    ("NanumGothic", "Noto Sans KR", 400, False),
    ("MicrosoftYaHei", "Noto Sans CJK SC", 400, False), ("PingFangSC-Semibold", "Noto Sans CJK SC", 700, False),
    ("SimHei", "Noto Sans CJK SC", 400, False),
    ("HiraKakuProN-W3", "Noto Sans CJK JP", 400, False), ("HiraginoSans-W6", "Noto Sans CJK JP", 700, False),
    ("MS-Gothic", "Noto Sans CJK JP", 400, False),
])
def test_the_bundled_table_maps_agency_fonts_to_installed_substitutes(ci_fonts, name, family,
                                                                      weight, metric):
    resolved = ci_fonts.resolve(name)
    assert (resolved.via, resolved.face.family, resolved.face.weight, resolved.metric) == (
        "substitute", family, weight, metric)


def test_myriad_gets_a_humanist_sans(machine_fonts):
    face = machine_fonts.resolve("MyriadPro-Bold").face
    assert face.family in ("Noto Sans", "Open Sans", "Noto Sans KR") and face.weight == 700


def test_han_follows_the_korean_or_japanese_text_around_it(ci_fonts):
    def han_face(text: str) -> str:
        uses = ci_fonts.text_faces("ArialMT", text)
        return uses.faces[uses.text.index("漢")].family

    assert han_face("漢字") == "Noto Sans CJK SC"
    assert han_face("한국 漢字") in ("Noto Sans KR", "Noto Sans CJK KR")
    assert han_face("ひらがな 漢字") == "Noto Sans CJK JP"


def test_korean_in_a_bold_english_font_gets_the_korean_face_of_the_nearest_weight(machine_fonts):
    if machine_fonts.resolve("Arial-BoldMT").face is None:
        pytest.skip("no Latin substitute for Arial installed")
    uses = machine_fonts.text_faces("Arial-BoldMT", "SALE 세일")
    assert uses.faces[-1].postscript_name == "NotoSansKR-Bold" and uses.missing == ()


def test_every_family_the_table_names_has_a_package():
    table = bundled_table()
    named = {f for row in table.rows for f in row.use} | {
        f for chain in table.fallback.values() for f in chain}
    assert named <= set(table.packages), named - set(table.packages)
    assert table.rows[0].fonts and load_substitution_table() == table


def test_brand_substitutes_are_parsed_in_order(tmp_path):
    path = tmp_path / "brand.yaml"
    path.write_text("name: B\nfonts:\n  substitutes:\n    - fonts: [ProximaNova*, 'Gotham*']\n"
                    "      use: [Noto Sans KR]\n    - fonts: Futura*\n      use: [Liberation Sans]\n"
                    "      metric: false\n", encoding="utf-8")
    brand = load_brand(path)
    assert brand.font_substitutes == (Substitute(("ProximaNova*", "Gotham*"), ("Noto Sans KR",)),
                                      Substitute(("Futura*",), ("Liberation Sans",)))


@pytest.mark.parametrize(("row", "message"), [
    ("    - use: [Noto Sans KR]\n",
     "brand.yaml:4: fonts.substitutes[0].fonts: missing required key 'fonts'"),
    ("    - fonts: []\n      use: [Noto Sans KR]\n",
     "brand.yaml:4: fonts.substitutes[0].fonts: expected a non-empty list"),
    ("    - fonts: [Arial*]\n      use: [Noto Sans KR]\n      metric: maybe\n",
     "brand.yaml:6: fonts.substitutes[0].metric: expected true or false, got 'maybe'"),
])
def test_brand_substitute_errors_name_file_line_and_key(tmp_path, monkeypatch, row, message):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "brand.yaml"
    path.write_text(f"name: B\nfonts:\n  substitutes:\n{row}", encoding="utf-8")
    with pytest.raises(InvalidConfig) as caught:
        load_brand(path)
    assert str(caught.value) == message


def test_a_missing_substitute_skips_but_fails_under_ci(tmp_path, monkeypatch):
    from tests.conftest import need_faces

    bare = FontResolver(FontIndex.build(system=False, cache_dir=tmp_path))  # bundled faces only
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"Liberation Sans \(apt-get install "
                                                    r"fonts-liberation2\)"):
        need_faces(bare, "Liberation Sans")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="substitute faces not installed"):
        need_faces(bare, "Liberation Sans")
    need_faces(bare, "Noto Sans KR")  # bundled: always there


def test_ci_installs_the_packages_of_the_substitutes_the_tests_need():
    script = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text("utf-8")
    line = next(x for x in script.splitlines() if x.startswith("FONT_PACKAGES=("))
    installed = set(line.split("(")[1].rstrip(")").split())
    table = bundled_table()
    needed = {table.packages[f] for f in ("Liberation Sans", "Liberation Serif", "Liberation Mono",
                                          "Noto Sans CJK KR", "Noto Sans CJK SC", "Noto Sans CJK JP")}
    assert needed == installed == {"fonts-liberation2", "fonts-noto-cjk"}


def test_of_two_installed_versions_of_a_family_the_newer_sets_the_text(tmp_path):
    """Debian's fonts-liberation (1.07, pulled in by chromium) and fonts-liberation2 (2.1) both
    hold LiberationSans-Regular; `liberation` sorts first, yet 2.1 must win, or the same PSD
    sets text differently on machines with a browser installed."""
    system = tmp_path / "system"
    for folder, version in (("liberation", "Version 1.07.4"), ("liberation2", "Version 2.1.5")):
        save_tiny(system / "truetype" / folder / "LiberationSans-Regular.ttf", "LiberationSans",
                  "Liberation Sans", "Liberation Sans", "Regular", LATIN, version=version)
    fonts = _fonts(tmp_path, system)
    newer = system / "truetype" / "liberation2" / "LiberationSans-Regular.ttf"
    assert fonts.resolve("ArialMT").face.path == newer  # by substitution
    assert fonts.resolve("LiberationSans").face.path == newer  # by name
