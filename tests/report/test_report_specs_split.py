"""The report's pages against the specs and at size: a spec change rewrites exactly the pages
that show the changed slots (the page state keeps a digest of what each page shows of them), and
a source with many outputs is split into a page per platform (parts) under an overview page."""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from assetkit.model import Finding, SliceInfo
from assetkit.report.web import ReportSettings, page_name, slot_views, write_pages
from assetkit.report.web.pages import INDEX_NAME, pages_dir, report_dir
from assetkit.store.ids import SourceId
from assetkit.store.records import Record, SourceStat, write_record
from tests.report.htmlcheck import assert_valid_html
from tests.report.test_report_pages import _output, _stamps


@pytest.fixture(scope="module")
def settings() -> ReportSettings:
    from assetkit.config import load_catalog

    return ReportSettings("Synthetic", "en", {}, slot_views(load_catalog()))


def _put(out: Path, source: str, outputs, findings=()) -> str:
    record = Record(source, SourceId(source).folder, SourceStat(1, 0, 1), "0" * 64,
                    1_700_000_000.0, "k", tuple(outputs), tuple(findings))
    write_record(out, SourceId(source).digest, record)
    return source


def _page(out: Path, source: str) -> str:
    return f".assetkit/report/sources/{page_name(source)}"


def _relabelled(settings: ReportSettings, key: str, **changes) -> ReportSettings:
    slots = dict(settings.slots)
    slots[key] = replace(slots[key], **changes)
    return replace(settings, slots=slots)


@pytest.fixture
def three(tmp_path, settings) -> tuple[Path, list[str]]:
    """Three sources: one for Coupang's main image, one for Meta's story, one for both."""
    ids = [_put(tmp_path, "coupang-only.psd", [_output("coupang-only.psd", "coupang", "main")]),
           _put(tmp_path, "meta-only.psd", [_output("meta-only.psd", "meta", "story")]),
           _put(tmp_path, "both.psd", [_output("both.psd", "coupang", "main"),
                                       _output("both.psd", "meta", "story")])]
    write_pages(tmp_path, ids, None, settings)
    return tmp_path, ids


def test_a_slot_label_change_rewrites_only_the_pages_showing_that_slot(three, settings):
    out, ids = three
    before = _stamps(out)
    label = {"en": "Hero image", "ko": "메인 이미지"}
    done = write_pages(out, ids, [], _relabelled(settings, "coupang/main", label=label))
    after = _stamps(out)
    rewritten = {k for k in after if after[k] != before[k]}
    assert rewritten == {_page(out, "coupang-only.psd"), _page(out, "both.psd")}  # not the
    assert len(done.written) == 2  # index: it shows no slot
    assert "Hero image" in (pages_dir(out) / page_name("both.psd")).read_text(encoding="utf-8")


def test_a_zone_or_platform_name_change_rewrites_its_pages_and_nothing_else(three, settings):
    out, ids = three
    story = settings.slots["meta/story"]
    moved = _relabelled(settings, "meta/story", zones=story.zones[:1])
    before = _stamps(out)
    write_pages(out, ids, [], moved)
    after = _stamps(out)
    assert {k for k in after if after[k] != before[k]} == {
        _page(out, "meta-only.psd"), _page(out, "both.psd")}
    renamed = _relabelled(moved, "coupang/main", platform={"en": "Coupang Wing", "ko": "쿠팡 윙"})
    write_pages(out, ids, [], renamed)
    again = _stamps(out)
    assert {k for k in again if again[k] != after[k]} == {
        _page(out, "coupang-only.psd"), _page(out, "both.psd")}
    assert write_pages(out, ids, [], renamed).written == ()  # the same specs: nothing


def test_settings_without_a_slot_leave_its_pages_alone(three, settings):
    """A build knows only its own targets' specs: a page showing a slot it does not know is
    not rewritten for that (nor for another spec of a slot it does know but the page lacks)."""
    out, ids = three
    before = _stamps(out)
    only_coupang = replace(settings, slots={"coupang/main": settings.slots["coupang/main"]})
    assert write_pages(out, ids, [], only_coupang).written == ()
    assert _stamps(out) == before


def test_the_state_keeps_each_page_s_slots_once_per_set(three):
    out, _ = three
    state = json.loads((report_dir(out) / "state.json").read_text(encoding="utf-8"))
    assert sorted(map(tuple, state["slot_sets"])) == [
        ("coupang/main",), ("coupang/main", "meta/story"), ("meta/story",)]
    assert all(len(row[7]) == 12 for row in state["sources"])  # each page's look


def test_a_spec_change_through_the_build_rewrites_the_pages_of_that_platform(tmp_path):
    """A platform renamed in the campaign's specs (no output changes: names are not in the
    outputs' keys) rewrites the pages of its sources, nothing else (the index shows no
    platform name)."""
    import yaml

    from assetkit import pipeline
    from assetkit.config import bundled_specs_dir, load_campaign
    from assetkit.samples import make_test_psd

    (tmp_path / "specs").mkdir()
    spec = tmp_path / "specs" / "coupang.yaml"
    shutil.copy(bundled_specs_dir() / "coupang.yaml", spec)
    (tmp_path / "assetkit.yaml").write_text(yaml.safe_dump(
        {"name": "Specs", "specs": "specs", "output": "output", "source_root": "input",
         "sources": [{"path": "input/a.psd", "targets": ["coupang/main"]},
                     {"path": "input/b.psd", "targets": ["google-display/300x250"]}]}),
        encoding="utf-8")
    for name in "ab":
        make_test_psd(tmp_path / "input" / f"{name}.psd", size=(120, 80))
    out = pipeline.build(campaign=load_campaign(tmp_path / "assetkit.yaml"), jobs=1).out_dir
    first = _stamps(out)
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("names: {en: Coupang,", "names: {en: Coupang Marketplace,"),
                    encoding="utf-8")
    result = pipeline.build(campaign=load_campaign(tmp_path / "assetkit.yaml"), jobs=1)
    assert result.rendered == 0  # no output changed
    after = _stamps(out)
    assert {k for k in after if after[k] != first[k]} == {".assetkit/report/sources/a.html"}
    assert "Coupang Marketplace" in (pages_dir(out) / "a.html").read_text(encoding="utf-8")


# ---- very large sources: a page per platform

PLATFORMS = (("coupang", "main"), ("meta", "story"), ("youtube", "thumbnail"))


def _big(source: str, per_platform: int) -> tuple[list, list[Finding]]:
    """`per_platform` localized outputs on each of three platforms, plus a two-slice detail
    page; an error on one Meta output and a source-level warning."""
    outputs = []
    for platform, slot in PLATFORMS:
        for n in range(per_platform):
            made = _output(source, platform, slot, n)
            outputs.append(replace(made, lang=f"l{n:03d}", variant_id=f"{made.variant_id}@{n}"))
    outputs += [_output(source, "naver-smartstore", "detail", i + 1,
                        SliceInfo(i, 2, i * 3000, (i + 1) * 3000)) for i in range(2)]
    folder = SourceId(source).folder
    findings = [Finding("zones.overlap", "error", "cta inside the caption band", folder, None,
                        "meta", "story"),
                Finding("roles.heuristic", "warning", "roles read from layer names", folder)]
    return outputs, findings


def test_a_source_with_many_outputs_gets_a_page_per_platform(tmp_path, settings):
    outputs, findings = _big("catalogue.psd", 250)
    ids = [_put(tmp_path, "catalogue.psd", outputs, findings),
           _put(tmp_path, "small.psd", [_output("small.psd", "coupang", "main")])]
    limited = replace(settings, page_outputs=200)
    done = write_pages(tmp_path, ids, None, limited)
    home = pages_dir(tmp_path) / page_name("catalogue.psd")
    parts = sorted(pages_dir(tmp_path).glob("catalogue~*.html"))
    assert [p.name for p in parts] == [
        "catalogue~coupang-2.html", "catalogue~coupang.html", "catalogue~meta-2.html",
        "catalogue~meta.html", "catalogue~naver-smartstore.html",
        "catalogue~youtube-2.html", "catalogue~youtube.html"]
    assert set(parts) | {home} <= set(done.written)
    assert not list(pages_dir(tmp_path).glob("small~*"))  # a small source: one page
    shown = []
    for part in parts:
        text = part.read_text(encoding="utf-8")
        assert_valid_html(text)
        cards = re.findall(r'data-output="([^"]+)"', text)
        assert 0 < len(cards) <= 200, (part.name, len(cards))
        assert len(part.read_bytes()) < 6_000 + 3_000 * len(cards), part.name  # ~2.5 KB a card
        assert f'href="{home.name}"' in text  # back to the source's page
        shown += cards
    assert sorted(shown) == sorted(o.variant_id for o in outputs)  # each card once
    overview = home.read_text(encoding="utf-8")
    assert_valid_html(overview)
    assert "data-output" not in overview and len(home.read_bytes()) < 30_000
    links = re.findall(r'<li data-status="(\w+)"><a href="([^"]+)">', overview)
    assert sorted(h for _, h in links) == sorted(p.name for p in parts)
    assert dict((h, s) for s, h in links)["catalogue~meta.html"] == "error"
    assert "zones.overlap" in overview and "roles read from layer names" in overview
    meta = (pages_dir(tmp_path) / "catalogue~meta.html").read_text(encoding="utf-8")
    assert "cta inside the caption band" in meta and "roles read from layer names" not in meta
    index = (tmp_path / INDEX_NAME).read_text(encoding="utf-8")
    assert f'href=".assetkit/report/sources/{home.name}"' in index
    assert "catalogue~" not in index


def test_a_smaller_rebuild_removes_the_parts_it_no_longer_has(tmp_path, settings):
    limited = replace(settings, page_outputs=200)
    outputs, findings = _big("catalogue.psd", 250)
    ids = [_put(tmp_path, "catalogue.psd", outputs, findings)]
    write_pages(tmp_path, ids, None, limited)
    assert len(list(pages_dir(tmp_path).glob("catalogue~*.html"))) == 7
    fewer, _ = _big("catalogue.psd", 150)
    _put(tmp_path, "catalogue.psd", fewer, findings)
    done = write_pages(tmp_path, ids, ids, limited)
    left = sorted(p.name for p in pages_dir(tmp_path).glob("catalogue~*.html"))
    assert left == ["catalogue~coupang.html", "catalogue~meta.html",
                    "catalogue~naver-smartstore.html", "catalogue~youtube.html"]
    assert sorted(p.name for p in done.removed) == [
        "catalogue~coupang-2.html", "catalogue~meta-2.html", "catalogue~youtube-2.html"]
    done = write_pages(tmp_path, [], [], limited)  # the source gone: every page of it goes
    assert list(pages_dir(tmp_path).glob("catalogue*")) == []
    assert len(done.removed) == 5
