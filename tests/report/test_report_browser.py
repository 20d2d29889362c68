"""The sample campaign's report in headless Chromium: a card per output, no console errors, no
network, toggles draw, the failures-only filter hides clean cards, detail pages show their
slices at 390 CSS px. Screenshots are kept in the artefacts folder (tests/report/browser.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assetkit import pipeline
from assetkit.config import load_campaign
from assetkit.report.web import page_name
from assetkit.report.web.pages import pages_dir
from assetkit.store.records import iter_records
from tests.report.browser import REPO, artefacts_dir, chromium
from tests.report.htmlcheck import assert_valid_html


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The sample campaign (assetkit.yaml, input/, brand_rules/) built once with its coded-text
    previews; its output folder."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copy(REPO / "assetkit.yaml", root)
    for folder in ("input", "brand_rules"):
        shutil.copytree(REPO / folder, root / folder)
    result = pipeline.build(campaign=load_campaign(root / "assetkit.yaml"),
                            options=pipeline.BuildOptions(previews=True))
    assert not result.failures
    return result.out_dir


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


class Visit:
    """A page opened with everything it logs and every request it makes recorded."""

    def __init__(self, browser, path: Path, width: int = 1280) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def settle(self) -> None:
        """Every lazy image scrolled into view and loaded."""
        self.page.evaluate("""async () => {
            for (const img of document.images) { img.loading = 'eager'; }
            await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
        }""")

    def visible(self, selector: str) -> int:
        return self.page.locator(f"{selector} >> visible=true").count()


def _pages(out: Path) -> dict[str, Path]:
    return {r.id: pages_dir(out) / page_name(r.id) for r in iter_records(out)}


def test_every_output_has_a_card_and_pages_load_cleanly(sample, browser):
    records = {r.id: r for r in iter_records(sample)}
    index = Visit(browser, sample / "report.html")
    links = index.page.locator("tbody a")
    assert links.count() == len(records)
    seen = 0
    for record_id, path in _pages(sample).items():
        visit = Visit(browser, path)
        visit.settle()
        cards = visit.page.locator("[data-output]").count()
        assert cards == len(records[record_id].outputs), record_id
        seen += cards
        broken = visit.page.evaluate(
            "[...document.images].filter(i => !i.naturalWidth).map(i => i.src)")
        assert broken == [], broken
        assert visit.console == [], visit.console
        assert all(url.startswith("file://") for url in visit.requests), visit.requests
        assert_valid_html(path.read_text(encoding="utf-8"))
        visit.page.close()
    assert seen == sum(len(r.outputs) for r in records.values())
    assert index.console == [] and all(u.startswith("file://") for u in index.requests)
    assert_valid_html((sample / "report.html").read_text(encoding="utf-8"))
    index.page.screenshot(path=artefacts_dir() / "report-index.png")


def test_toggles_change_what_is_drawn(sample, browser):
    visit = Visit(browser, _pages(sample)["haneul-serum-launch.psd"])
    visit.settle()
    card = visit.page.locator('[data-output="haneul-serum-launch/meta/story"]')
    card.scroll_into_view_if_needed()
    bare = card.screenshot()
    assert visit.visible(".u-logo") == 0 and visit.visible(".ov-zones") == 0
    visit.page.check("input[data-toggle=role-logo]")
    assert visit.visible(".u-logo") > 0 and visit.visible(".u-headline") == 0
    visit.page.check("input[data-toggle=show-zones]")
    assert visit.visible(".ov-zones") > 0
    drawn = card.screenshot(path=str(artefacts_dir() / "report-card-toggles.png"))
    assert drawn != bare
    visit.page.uncheck("input[data-toggle=role-logo]")
    assert visit.visible(".u-logo") == 0
    visit.page.screenshot(path=artefacts_dir() / "report-source.png")


def test_failures_only_hides_clean_cards(sample, browser):
    visit = Visit(browser, _pages(sample)["haneul-serum-launch.psd"])
    clean = visit.visible('.card[data-status="ok"]')
    flagged = visit.visible('.card:not([data-status="ok"])')
    assert clean > 0 and flagged > 0
    visit.page.check("input[data-toggle=failures-only]")
    assert visit.visible('.card[data-status="ok"]') == 0
    assert visit.visible('.card:not([data-status="ok"])') == flagged


def test_a_detail_page_shows_its_slices_at_390_css_px(sample, browser):
    record = next(r for r in iter_records(sample) if r.id == "haneul-detail-page.psd")
    visit = Visit(browser, _pages(sample)[record.id], width=1000)
    visit.settle()
    stacks = visit.page.locator(".stack")
    groups = {o.group for o in record.outputs}
    assert stacks.count() == len(groups)
    first = stacks.first
    slices = first.locator(".slice")
    count = next(o.slice.count for o in record.outputs if o.slice)
    assert slices.count() == count and first.locator(".cut").count() == count - 1
    widths = first.locator(".slice img").evaluate_all(
        "imgs => imgs.map(i => [i.getBoundingClientRect().width, i.naturalWidth])")
    assert all(w == 390 and natural > 0 for w, natural in widths), widths
    tops = first.locator(".slice img").evaluate_all(
        "imgs => imgs.map(i => [i.getBoundingClientRect().top, i.getBoundingClientRect().bottom])")
    assert all(abs(b[0] - a[1]) < 1 for a, b in zip(tops, tops[1:], strict=False)), tops  # stacked
    assert "KB" in first.locator(".slice-info").first.inner_text()
    first.screenshot(path=artefacts_dir() / "report-detail.png")


def test_single_file_inlines_every_thumbnail(sample, browser, tmp_path):
    from assetkit.commands.report import report

    files = report(sample, single_file=tmp_path / "mail" / "report.html")
    text = files.html.read_text(encoding="utf-8")
    assert_valid_html(text)
    visit = Visit(browser, files.html)
    visit.settle()
    assert visit.page.locator("[data-output]").count() == files.outputs
    sources = visit.page.evaluate("[...document.images].map(i => i.src.slice(0, 5))")
    assert set(sources) == {"data:"}
    assert visit.console == [] and all(u.startswith(("file://", "data:")) for u in visit.requests)


def test_a_coded_text_preview_is_shown_in_place_of_the_output_by_its_toggle(sample, browser):
    """Issue 21: the output's `preview` (build --previews) on its card, behind a toggle."""
    record = next(r for r in iter_records(sample) if r.id == "haneul-serum-launch.psd")
    with_preview = [o for o in record.outputs if o.preview]
    assert [o.slot for o in with_preview] == ["rich-pop-1200x600"]
    out = with_preview[0]
    visit = Visit(browser, _pages(sample)[record.id])
    visit.settle()
    card = visit.page.locator(f'[data-output="{out.variant_id}"]')
    card.scroll_into_view_if_needed()
    image = card.locator(".frame").first
    shown = "els => els.filter(e => e.offsetParent !== null).map(e => e.getAttribute('src'))"
    src = image.locator("img").evaluate_all(shown)
    assert [Path(s).name for s in src] == [Path(out.path).name]
    plain = card.screenshot()
    assert visit.visible('[data-output] .coded img') == 0
    visit.page.check("input[data-toggle=show-previews]")
    src = image.locator("img").evaluate_all(shown)
    assert [Path(s).name for s in src] == [Path(out.preview).name]
    natural = image.locator(".coded img").evaluate("i => i.naturalWidth")
    assert natural == out.width  # the preview file loaded, at the output's size
    coded = card.screenshot(path=str(artefacts_dir() / "report-card-preview.png"))
    assert coded != plain
    assert visit.visible("[data-output] .coded img") == 1  # only cards with a preview change
    visit.page.uncheck("input[data-toggle=show-previews]")
    assert [Path(s).name for s in image.locator("img").evaluate_all(shown)] == [
        Path(out.path).name]
    assert visit.console == []
