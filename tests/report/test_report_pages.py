"""The report's pages from the records (no browser): one page per source rewritten only when
its source changed, the index's size at 200 sources, strict HTML, the language, one file."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from assetkit.model import Finding, Output, SliceInfo
from assetkit.report.web import ReportSettings, page_name, slot_views, write_pages
from assetkit.report.web.pages import INDEX_NAME, pages_dir, report_dir
from assetkit.store.ids import SourceId
from assetkit.store.index import Index
from assetkit.store.records import Record, SourceStat, write_record
from tests.report.htmlcheck import assert_valid_html

SLOTS = (("coupang", "main"), ("meta", "story"), ("youtube", "thumbnail"),
         ("google-display", "300x250"), ("naver-smartstore", "detail"))


@pytest.fixture(scope="module")
def settings() -> ReportSettings:
    from assetkit.config import load_catalog

    return ReportSettings("Synthetic", "en", {}, slot_views(load_catalog()))


def _output(source: str, platform: str, slot: str, n: int = 0,
            sliced: SliceInfo | None = None) -> Output:
    folder = SourceId(source).folder
    w, h = (860, 3000) if sliced else (1080, 1920) if slot == "story" else (1000, 1000)
    layout = {"layers": [{"path": "@logo", "index": 1, "unit": "logo", "role": "logo",
                          "box": [40.0, 40.0, 300.0, 120.0]},
                         {"path": "@product", "index": 2, "unit": "product", "role": "product",
                          "box": [300.0, 300.0, 700.0, 900.0]}]}
    suffix = f"#{n}" if sliced else ""
    return Output(f"{folder}/{platform}/{slot}{suffix}", folder, platform,
                  slot, f"{folder}/{platform}/{slot}_{n}.jpg", w, h, 150_000 + n, 3_145_728,
                  "jpeg", {"quality": 85}, "k", slice=sliced,
                  group=f"{folder}/{platform}/{slot}" if sliced else None,
                  layout=None if sliced else layout)


def _record(source: str, version: int = 0) -> Record:
    outputs = [_output(source, p, s) for p, s in SLOTS if s != "detail"]
    outputs += [_output(source, "naver-smartstore", "detail", i + 1,
                        SliceInfo(i, 2, i * 3000, (i + 1) * 3000)) for i in range(2)]
    findings = [Finding("layout.upscaled", "warning", f"product scaled up (v{version})",
                        SourceId(source).folder, "@product", "coupang", "main"),
                Finding("file.over-cap", "error", "3.2 MB over the 3 MB cap",
                        SourceId(source).folder, None, "coupang", "main"),
                Finding("zones.overlap", "error", "cta: 120 px inside the caption-cta zone",
                        SourceId(source).folder, None, "meta", "story")]
    return Record(source, SourceId(source).folder, SourceStat(1, version, 1), "0" * 64,
                  1_700_000_000.0 + version, "k", tuple(outputs), tuple(findings))


def _store(out: Path, count: int) -> list[str]:
    index = Index(out)
    ids = [f"designer{i % 7}/banner-{i:03d}.psd" for i in range(count)]
    for sid in ids:
        record = _record(sid)
        write_record(out, SourceId(sid).digest, record)
        index.put(record)
    index.flush()
    return ids


def _stamps(out: Path) -> dict[str, int]:
    files = [out / INDEX_NAME, *report_dir(out).rglob("*.html")]
    return {p.relative_to(out).as_posix(): os.stat(p).st_mtime_ns for p in files}


@pytest.fixture(scope="module")
def big(tmp_path_factory, settings) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("store200")
    ids = _store(out, 200)
    write_pages(out, ids, None, settings)
    return out, ids


def test_200_sources_give_an_index_under_200_kb_and_a_page_each(big):
    out, ids = big
    index = (out / INDEX_NAME).read_bytes()
    assert len(index) < 200_000, len(index)
    pages = sorted(pages_dir(out).rglob("*.html"))
    assert len(pages) == 200
    assert all(f'href=".assetkit/report/sources/{page_name(i)}"' in index.decode() for i in ids)
    sizes = [p.stat().st_size for p in pages]
    assert max(sizes) < 40_000, max(sizes)  # 6 outputs a page


def test_a_rebuild_changing_one_source_rewrites_only_the_index_and_its_page(big, settings):
    from dataclasses import replace

    out, ids = big
    before = _stamps(out)
    changed = ids[17]
    record = _record(changed, version=1)
    record = replace(record, findings=record.findings[:2])  # one error fewer: the index shows it
    write_record(out, SourceId(changed).digest, record)
    done = write_pages(out, ids, [changed], settings)
    after = _stamps(out)
    rewritten = {k for k in after if after[k] != before.get(k)}
    assert rewritten == {INDEX_NAME, f".assetkit/report/sources/{page_name(changed)}"}
    assert sorted(p.relative_to(out).as_posix() for p in done.written) == sorted(rewritten)
    assert "(v1)" in (pages_dir(out) / page_name(changed)).read_text(encoding="utf-8")
    newer = _record(changed, version=2)
    write_record(out, SourceId(changed).digest, replace(newer, findings=newer.findings[:2]))
    again = write_pages(out, ids, [changed], settings)  # only a message the index does not show
    assert again.written == (pages_dir(out) / page_name(changed),)
    assert _stamps(out)[INDEX_NAME] == after[INDEX_NAME]


def test_a_no_op_writes_nothing(big, settings):
    out, ids = big
    before = _stamps(out)
    state = os.stat(report_dir(out) / "state.json").st_mtime_ns
    done = write_pages(out, ids, [], settings)
    assert done.written == () and _stamps(out) == before
    assert os.stat(report_dir(out) / "state.json").st_mtime_ns == state


def test_a_source_gone_loses_its_page(tmp_path, settings):
    ids = _store(tmp_path, 3)
    write_pages(tmp_path, ids, None, settings)
    done = write_pages(tmp_path, ids[1:], [], settings)
    assert done.removed == (pages_dir(tmp_path) / page_name(ids[0]),)
    assert not done.removed[0].exists()
    assert ids[0] not in (tmp_path / INDEX_NAME).read_text(encoding="utf-8")


def test_other_settings_rewrite_every_page(tmp_path, settings):
    ids = _store(tmp_path, 3)
    write_pages(tmp_path, ids, None, settings)
    from dataclasses import replace

    done = write_pages(tmp_path, ids, [], replace(settings, lang="ko"))
    assert len(done.written) == 4  # three pages and the index
    assert "대표이미지" in (pages_dir(tmp_path) / page_name(ids[0])).read_text(encoding="utf-8")
    index = (tmp_path / INDEX_NAME).read_text(encoding="utf-8")  # each source's findings titled
    assert '<span class="warning" title="layout.upscaled">확대됨×1</span>' in index


def test_pages_are_valid_html(big):
    out, ids = big
    assert_valid_html((out / INDEX_NAME).read_text(encoding="utf-8"))
    assert_valid_html((pages_dir(out) / page_name(ids[0])).read_text(encoding="utf-8"))


def test_a_page_links_its_images_relative_to_it_and_loads_nothing_else(big):
    out, ids = big
    page = pages_dir(out) / page_name(ids[3])
    text = page.read_text(encoding="utf-8")
    sources = set(re.findall(r'src="([^"]+)"', text))
    record = _record(ids[3])
    assert sources == {os.path.relpath(out / o.path, page.parent) for o in record.outputs}
    assert "http://" not in text and "https://" not in text
    assert not re.search(r"<(link|script)[^>]+(href|src)=", text)  # CSS and JS inline


def test_a_card_lists_its_findings_errors_first(big):
    out, ids = big
    text = (pages_dir(out) / page_name(ids[0])).read_text(encoding="utf-8")
    codes = re.findall(r'<span class="code">([^<]+)</span>', text)
    assert codes == ["file.over-cap", "layout.upscaled", "zones.overlap"]  # coupang, meta
    top = re.search(r'<ul class="codes">(.*?)</ul>', text).group(1)  # errors lead the counts
    assert top.index("zones.overlap") < top.index("layout.upscaled")


def test_a_build_rewrites_only_the_pages_of_the_sources_it_built(tmp_path):
    """Through the build: a no-op build writes no page; a changed source rewrites its page and
    the index, nothing else."""
    import yaml

    from assetkit import pipeline
    from assetkit.config import load_campaign
    from assetkit.samples import make_test_psd

    (tmp_path / "assetkit.yaml").write_text(yaml.safe_dump(
        {"name": "Pages", "sources": ["input/*.psd"], "targets": ["coupang/main"],
         "output": "output", "source_root": "input"}), encoding="utf-8")
    for name in ("a", "b", "c"):
        make_test_psd(tmp_path / "input" / f"{name}.psd", size=(120, 80))
    campaign = load_campaign(tmp_path / "assetkit.yaml")
    out = pipeline.build(campaign=campaign, jobs=1).out_dir
    first = _stamps(out)
    assert set(first) == {INDEX_NAME, *(f".assetkit/report/sources/{n}.html" for n in "abc")}
    pipeline.build(campaign=campaign, jobs=1)
    assert _stamps(out) == first
    make_test_psd(tmp_path / "input" / "b.psd", size=(160, 90), logo=False)
    pipeline.build(campaign=campaign, jobs=1)
    after = _stamps(out)
    rewritten = {k for k in after if after[k] != first[k]}
    # the index too when what it shows of b (counts, codes) changed
    assert ".assetkit/report/sources/b.html" in rewritten
    assert rewritten <= {INDEX_NAME, ".assetkit/report/sources/b.html"}


def test_the_index_is_paged_worst_first(tmp_path, settings):
    from dataclasses import replace

    ids = _store(tmp_path, 5)
    clean = _record(ids[2])
    clean = replace(clean, findings=())
    write_record(tmp_path, SourceId(ids[2]).digest, clean)
    done = write_pages(tmp_path, ids, None, replace(settings, index_rows=2))
    index = [tmp_path / INDEX_NAME, report_dir(tmp_path) / "index" / "2.html",
             report_dir(tmp_path) / "index" / "3.html"]
    assert [p for p in done.written if p in index] == index
    links = [re.findall(r'<td><a href="([^"]+)">', p.read_text(encoding="utf-8")) for p in index]
    assert [len(found) for found in links] == [2, 2, 1]
    last = (index[2].parent / links[2][0]).resolve()  # the clean one last
    assert last == (pages_dir(tmp_path) / page_name(ids[2])).resolve()
    for path, found in zip(index, links, strict=True):
        assert_valid_html(path.read_text(encoding="utf-8"))
        assert all((path.parent / href).is_file() for href in found)
        assert "5 sources" in path.read_text(encoding="utf-8")  # the totals on every page
    write_pages(tmp_path, ids, None, replace(settings, index_rows=3))
    assert not index[2].exists()  # one page fewer


def test_a_card_shows_the_layout_score_when_there_is_one():
    from dataclasses import replace

    from assetkit.report.web.views import card

    out = _output("a.psd", "coupang", "main")
    assert card(out, (), None, "x.jpg", "en")["score"] is None
    scored = replace(out, layout={**out.layout, "score": 0.87})
    made = card(scored, (), None, "x.jpg", "en")
    assert made["score"] == 0.87 and [u["role"] for u in made["units"]] == ["logo", "product"]
    from assetkit.report.web.render import render_source
    from assetkit.report.web.views import PageSource, source_view

    view = source_view(PageSource("a.psd", (scored,), ()), {}, "ko")
    assert "레이아웃 점수 0.87" in render_source([view], "t", "ko", None)
