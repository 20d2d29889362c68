"""`localize` end to end on real Photoshop files: translations from a strings file, every text
layer fitted or reported, Korean kept whole per word, slices, detail.html, the localized PSD."""
from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from psd_tools import PSDImage

from assetkit.cli import cli
from assetkit.commands.localize import LocalizeOptions, localize
from assetkit.config import load_catalog
from assetkit.localize.translators import OfflineTranslator, ProviderOptions
from assetkit.store.manifest import read_manifest
from tests.conftest import real_psd
from tests.imaging import ssim

APP_UI = "psdtools-masks-app-ui.psd"
KOREAN = {"replaced": "교체되었습니다", "text replaced": "텍스트가 새 문장으로 교체되었습니다",
          "sign in": "로그인"}
BREAK_OK = set(" \r\x03.,!?·…)」』】〉》、。")


@pytest.fixture
def brand(tmp_path: Path) -> Path:
    path = tmp_path / "brand.yaml"
    path.write_text("name: Test\nfonts:\n  aliases: {ProximaNova-Regular: NotoSansKR-Regular, "
                    "NanumBarunGothicOTF: NotoSansKR-Regular, "
                    "AppleColorEmoji: NotoSansKR-Regular}\nmin_text_px: 10\n", encoding="utf-8")
    return path


def _filled_csv(psd: Path, tmp_path: Path, targets: dict[str, str]) -> Path:
    """`strings export` to CSV, then the targets filled in by source text (as a translator)."""
    out = tmp_path / "strings.csv"
    result = CliRunner().invoke(cli, ["strings", "export", str(psd), "--output-file", str(out), "--to", "ko"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    for row in rows:
        row["target"] = targets.get(row["source"], "")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    out.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return out


def _breaks_between_words(source_text: str, lines) -> bool:
    """Every line break of the set text falls at a space or punctuation, never mid-word."""
    body = source_text.replace("\r", " ").replace("\x03", " ")
    pos = 0
    for line in lines[:-1]:
        pos = body.index(line.text, pos) + len(line.text)
        before, after = body[pos - 1], body[pos] if pos < len(body) else " "
        if not (after in BREAK_OK or before in BREAK_OK):
            return False
    return True


def test_app_ui_becomes_korean_slices_html_and_psd(tmp_path, brand):
    psd = real_psd(APP_UI)
    digest = hashlib.sha256(psd.read_bytes()).hexdigest()
    strings = _filled_csv(psd, tmp_path, KOREAN)
    out = tmp_path / "out"
    result = localize([psd], to="ko", translations=strings, out=out, only=["naver-smartstore/detail", "coupang/detail"], options=LocalizeOptions(brand_path=brand, source_root=psd.parent))
    assert result.failures == () and int(result.exit_code()) == 0
    (source,) = result.sources
    # every visible text layer: fitted, or reported
    typed = [la for la in source_scene(psd).layers if la.text is not None and la.visible]
    fitted = {t.layer.id for t in source.texts}
    reported = {f.layer for f in result.findings}
    assert all(la.id in fitted or la.path_str in reported for la in typed)
    assert len(fitted) == 6 and all(t.fit.fits for t in source.texts)
    for item in source.texts:
        assert _breaks_between_words(item.text, item.fit.render.lines), item.fit.render.lines
    catalog = load_catalog()
    for platform in ("naver-smartstore", "coupang"):
        slot = catalog.get(platform).slot("detail")
        slices = [o for o in source.outputs if o.platform == platform]
        assert slices and all(o.lang == "ko" and o.width == slot.detail.width for o in slices)
        assert all(o.height <= slot.detail.max_slice_height and o.bytes <= o.max_bytes
                   for o in slices)
        snippet = (out / source.source / platform / "detail.ko.html").read_text("utf-8")
        names = re.findall(r'src="([^"]+)"', snippet)
        assert names == [Path(o.path).name for o in sorted(slices, key=lambda o: o.slice.index)]
        assert 'alt="로그인 텍스트가 새 문장으로' in snippet  # the page's text, top down
    manifest = read_manifest(out)
    assert {o.path for o in manifest.outputs} == {o.path for o in source.outputs}
    assert all(o.group and o.slice and o.lang == "ko" for o in manifest.outputs)
    assert all([f["face"] for f in o.fonts] == ["NotoSansKR-Regular"] for o in manifest.outputs)
    # the localized PSD: reopens, group @i18n/ko, originals hidden, preview = our page
    reopened = PSDImage.open(source.psd)
    group = next(la for la in reopened if la.name == "@i18n/ko")
    assert len(list(group)) == 6 and all(la.visible and la.kind == "pixel" for la in group)
    hidden = [la for la in reopened.descendants() if la.kind == "type"]
    assert hidden and not any(la.visible for la in hidden)
    score = ssim(reopened.composite().convert("RGB"), source.page)
    assert score >= 0.98, score
    assert hashlib.sha256(psd.read_bytes()).hexdigest() == digest


def source_scene(psd: Path):
    from assetkit.document import open_document

    return open_document(psd).scene


def test_long_translation_in_a_small_box_is_an_overflow(tmp_path, brand):
    psd = real_psd(APP_UI)
    words = "매우 긴 로그인 안내 문구가 여기에 들어갑니다 " * 6
    strings = _filled_csv(psd, tmp_path, {**KOREAN, "sign in": words.strip()})
    result = localize([psd], to="ko", translations=strings, out=tmp_path / "out", only=["coupang/detail"], options=LocalizeOptions(brand_path=brand, source_root=psd.parent))
    overflow = [f for f in result.findings if f.code == "localize.overflow"]
    assert [f.layer for f in overflow] == ["Header/sign in"]
    assert "does not fit its box even at 10 px" in overflow[0].message
    assert int(result.exit_code()) == 1


def test_korean_paragraph_wraps_between_words(tmp_path, brand):
    psd = real_psd("agpsd-text-alias-notosanskr.psd")
    text = "윈도우 화면에서 보이는 글꼴 렌더링을 비교합니다"
    translator = OfflineTranslator(ProviderOptions(entries={"Windows": text,
                                                            "Windows LCD": "윈도우 LCD"}))
    result = localize([psd], to="ko", translator=translator, out=tmp_path / "out", only=["naver-smartstore/detail"], options=LocalizeOptions(brand_path=brand, source_root=psd.parent))
    (source,) = result.sources
    wrapped = next(t for t in source.texts if t.text == text)
    assert len(wrapped.fit.render.lines) >= 2
    assert _breaks_between_words(text, wrapped.fit.render.lines)
    assert " ".join(line.text for line in wrapped.fit.render.lines) == text
    assert source.machine is not None and "needs-review-translation" in \
        source.machine.read_text("utf-8")


def test_missing_glyph_and_missing_fonts_are_reported(tmp_path, brand, ci_fonts):
    psd = real_psd("webtoon-example-ko-emoji.psd")
    translator = OfflineTranslator(ProviderOptions(entries={
        "Text layer": "텍스트 레이어", "한글텍스트\n나눔바른고딕": "한국어 텍스트\n바른 고딕",
        "∑": "∑", "🤣": "🤣"}))
    result = localize([psd], to="ko", translator=translator, out=tmp_path / "out", only=["coupang/detail"], options=LocalizeOptions(brand_path=brand, source_root=psd.parent))
    (source,) = result.sources
    codes = {(f.code, f.layer) for f in result.findings}
    assert ("fonts.missing-glyph", "그룹 1/🤣") in codes
    assert ("fonts.missing", "Text layer") in codes  # BradleyHandITCTT-Bold is not installed
    assert ("localize.kept-raster", "그룹 1/🤣") in codes
    assert ("fonts.substituted", "∑") in codes  # Arial-Black: Liberation Sans Bold stands in
    assert [t.layer.path_str for t in source.texts] == ["한글텍스트 나눔바른고딕", "∑"]
    assert source.psd is not None and int(result.exit_code()) == 1
