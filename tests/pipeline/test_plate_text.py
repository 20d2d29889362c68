"""Text left in the background plate of a tagged file as pixels (an untagged layer of
rasterized copy, e.g. a price) is named when a recomposed slot's crop cuts it or a unit covers
it, as a type layer there is; a picture of the same size in the same place is not."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assetkit import BuildOptions, build
from assetkit.document.writer import PixelLayer
from assetkit.samples.draw import text_image
from tests.factories import ellipse, make_geometry_psd

SLOTS = ["google-display/160x600", "google-display/728x90", "meta/story",
         "google-display/300x250", "youtube/thumbnail", "google-display/970x250"]
PRICE = text_image(["19,900 won", "today only"], "Bold", 64, (20, 20, 30))
WHERE = (1520, 1180)  # near the bottom right corner of the 2000 x 1500 canvas


def _named(source: Path, out: Path, jobs: int) -> dict[str, list[str]]:
    build([source], out=out, only=SLOTS, jobs=jobs,
          options=BuildOptions(source_root=source.parent))
    outputs = json.loads((out / "manifest.json").read_text("utf-8"))["outputs"]
    assert {o["layout"]["mode"] for o in outputs} == {"recompose"}
    return {o["path"]: [f["code"] for f in o["findings"] if f.get("layer") == "price"]
            for o in outputs}


@pytest.mark.parametrize("jobs", [1, 2])
def test_rasterized_copy_left_in_the_plate_cut_or_covered_is_named(tmp_path, jobs):
    source = make_geometry_psd(tmp_path / "banner.psd",
                               extra=[PixelLayer("price", PRICE, *WHERE)])
    named = _named(source, tmp_path / "out", jobs)
    hit = {path: codes for path, codes in named.items() if codes}
    assert hit, named
    assert all(set(codes) <= {"layout.cut", "layout.covered", "layout.left-out"}
               for codes in hit.values())
    # the background crop moves off it where it can (tests/layout/test_crop_clear.py): a slot
    # that shows it shows it whole, under no unit; the others leave it out, and say so
    assert any("layout.left-out" in codes for codes in hit.values())


def test_a_picture_in_the_same_place_is_not_taken_for_text(tmp_path):
    source = make_geometry_psd(tmp_path / "banner.psd",
                               extra=[PixelLayer("price", ellipse(PRICE.size, (20, 20, 30)),
                                                 *WHERE)])
    named = _named(source, tmp_path / "out", 2)
    assert not any(named.values()), named


class _Counting:
    """A document that counts the layers whose pixels are read."""

    def __init__(self, doc) -> None:
        self.doc, self.read = doc, []

    def layer_pixels(self, layer_id):
        self.read.append(layer_id)
        return self.doc.layer_pixels(layer_id)

    def __getattr__(self, name):
        return getattr(self.doc, name)


def test_what_understanding_read_is_not_read_again_and_what_it_did_not_is(tmp_path):
    from assetkit.document import open_document
    from assetkit.render.parts import SourceParts
    from assetkit.understand import text_in_plate, understand

    source = make_geometry_psd(tmp_path / "banner.psd",
                               extra=[PixelLayer("price", PRICE, *WHERE)])
    doc = open_document(source)
    understood = understand(doc)
    plate = SourceParts(doc, understood).plate_leaves
    price = next(la for la in plate if la.name == "price")
    assert price.id not in understood.read_text  # a tagged file: its plate is not read
    counting = _Counting(doc)
    assert text_in_plate(understood, plate, counting) == (price.id,)
    assert counting.read == [price.id]  # @bg has a role: what its role says
    again = _Counting(doc)
    known = replace(understood, read_text={price.id: understood.read_text.get(price.id)})
    assert text_in_plate(known, plate, again) == () and again.read == []


def test_the_crop_slides_to_leave_the_text_whole_rather_than_cut_it_through(tmp_path):
    """970x250 cut the price through its middle at the crop's bottom edge; a slide of less
    than a quarter of the crop keeps it wholly out (taking it in would need more)."""
    source = make_geometry_psd(tmp_path / "banner.psd",
                               extra=[PixelLayer("price", PRICE, *WHERE)])
    build([source], out=tmp_path / "out", only=["google-display/970x250"], jobs=1,
          options=BuildOptions(source_root=source.parent))
    (output,) = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))["outputs"]
    said = [(f["code"], f["severity"], f["message"]) for f in output["findings"]
            if f.get("layer") == "price"]
    assert said == [("layout.left-out", "warning",
                     "text left in the background plate lies wholly outside the crop: not in "
                     "this slot")]
    crop = output["layout"]["bg_crop"]
    assert crop[3] <= WHERE[1] + 0.5  # the crop ends where the price begins


def test_text_in_a_group_tagged_as_the_background_is_what_its_group_says(tmp_path):
    from assetkit.document import open_document
    from assetkit.render.parts import SourceParts
    from assetkit.understand import text_in_plate, understand

    source = make_geometry_psd(tmp_path / "banner.psd",
                               extra=[PixelLayer("price", PRICE, *WHERE, group="@bg")])
    doc = open_document(source)
    understood = understand(doc)
    plate = SourceParts(doc, understood).plate_leaves
    assert "price" in {la.name for la in plate}
    assert text_in_plate(understood, plate, doc) == ()
