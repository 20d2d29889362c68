"""The agency set: deterministic, every layer in its sidecar, and the content issue 24 asks for."""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from psd_tools import PSDImage

from bench.agency import BANNERS, PAGES, _doc, _write, make_agency_set
from bench.agency.banner import Brief, draw_banner
from bench.agency.page import WIDTH, draw_page, page_height

ROLES = {"bg", "product", "logo", "headline", "sub", "cta", "badge", "price", "legal", "other"}
BLIND = re.compile(r"^(Layer \d+|레이어 \d+|Rectangle \d+ copy|타원 \d+|SUMMER|그룹 \d+)$")


@pytest.fixture(scope="module")
def agency(tmp_path_factory) -> list[Path]:
    return make_agency_set(tmp_path_factory.mktemp("agency"), scale=0.25)


def _truth(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".truth.json").read_text("utf-8"))


def test_the_set_has_twelve_banners_and_three_pages(agency):
    sizes = [size for size, _ in BANNERS]
    assert len(agency) == 15 and len(BANNERS) == 12 and len(PAGES) == 3
    assert sizes.count((3000, 3000)) >= 6 and (2400, 1200) in sizes and (1080, 1350) in sizes
    pages = [PSDImage.open(p).size for p in agency[12:]]
    assert all(w == WIDTH and 4000 <= h <= 8000 for w, h in pages)


def test_same_seed_same_bytes(tmp_path):
    def write(folder: Path) -> list[bytes]:
        folder.mkdir()
        banner = _doc((270, 337), 24, 11)
        draw_banner(banner, BANNERS[11][1])
        page = _doc((WIDTH, page_height(2)), 24, 100)
        draw_page(page, "ko", "mixed")
        paths = [_write(banner, folder / "b.psd", "banner"), _write(page, folder / "p.psd", "page")]
        return [p.read_bytes() + p.with_name(p.name + ".truth.json").read_bytes() for p in paths]

    assert write(tmp_path / "a") == write(tmp_path / "b")


def test_the_sidecar_covers_every_layer_in_descendants_order(agency):
    for path in agency:
        layers = list(PSDImage.open(path).descendants())
        truth = _truth(path)["layers"]
        assert [e["index"] for e in truth] == list(range(len(layers)))
        assert [e["kind"] for e in truth] == [la.kind for la in layers]
        assert [e["path"].rsplit("/", 1)[-1] for e in truth] == [la.name for la in layers]
        assert {e["role"] for e in truth} <= ROLES
        assert all(e["unit"] == "bg" for e in truth if e["role"] == "bg")


def _all(agency) -> list[dict]:
    return [dict(e, file=p.name) for p in agency for e in _truth(p)["layers"]]


def test_text_comes_as_type_layers_raster_layers_and_text_on_its_panel(agency):
    layers = _all(agency)
    assert any(e["kind"] == "type" and e["text"] for e in layers)
    assert any(e["kind"] == "pixel" and e["text"] and e["role"] in ("headline", "sub")
               for e in layers)
    units = {}
    for e in layers:
        units.setdefault((e["file"], e["unit"]), []).append(e)
    cta = [u for (_, name), u in units.items() if name == "cta"]
    assert any(len([e for e in u if e["kind"] != "group"]) == 1 for u in cta)  # label on panel
    assert any(any(not e["text"] for e in u) and any(e["text"] for e in u) for u in cta)
    assert any(e["kind"] == "group" and e["role"] in ("cta", "badge", "other") for e in layers)


def test_products_have_their_own_shadow_layer_and_some_files_have_two(agency):
    files = [_truth(p) for p in agency[:12]]
    for truth in files:
        product = [e for e in truth["layers"] if e["unit"] == "product" and e["kind"] == "pixel"]
        assert len(product) == 2  # the cut-out and its shadow
    assert sum(any(e["unit"] == "product-2" for e in t["layers"]) for t in files) >= 2


def test_the_tooltip_sits_on_a_light_plate(agency):
    found = 0
    for path in agency[:12]:
        truth = _truth(path)
        if any(e["role"] == "other" and e["text"] for e in truth["layers"]):
            plate = np.asarray(PSDImage.open(path)[0].topil().convert("L"))
            found += plate.mean() > 180
    assert found >= 2


def test_names_no_heuristic_may_match_are_used(agency):
    names = {e["path"].rsplit("/", 1)[-1] for e in _all(agency)}
    assert len({n for n in names if BLIND.match(n)}) >= 10
    assert any(n.startswith("그룹") or n.startswith("Group") for n in names)


def test_briefs_cover_korean_and_english_dark_and_light():
    briefs = [b for _, b in BANNERS]
    assert {b.lang for b in briefs} == {"ko", "en"} and {b.dark for b in briefs} == {True, False}
    assert any(b.tooltip and not b.dark for b in briefs) and any(b.band for b in briefs)
    assert isinstance(briefs[0], Brief)
