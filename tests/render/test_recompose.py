"""Recomposed variants measured on their rendered role masks, not on claimed boxes."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from assetkit.config import load_catalog
from assetkit.document import open_document
from assetkit.geometry import Box, zone_box
from assetkit.layout import plan_layout
from assetkit.render.compositor import composite
from assetkit.render.recompose import (
    Recent,
    RoleMasks,
    prepare_source,
    render_key,
    render_layout,
)
from assetkit.understand import understand
from assetkit.understand.focus import focus_point
from tests.factories import LOGO_SIZE, PRODUCT_SIZE, make_geometry_psd

SLOTS = ["google-display/300x250", "google-display/728x90", "google-display/160x600",
         "google-display/970x250", "meta/story", "meta/feed-square", "meta/feed-landscape",
         "youtube/thumbnail", "kakao-ads/channel-search-thumbnail", "coupang/main"]


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    path = make_geometry_psd(tmp_path_factory.mktemp("geo") / "geo.psd")
    doc = open_document(path)
    understood = understand(doc)
    assert understood.findings == ()  # every role is tagged by name
    return doc, understood, prepare_source(doc, understood)


def _render(source, key):
    doc, understood, src = source
    platform, slot_id = key.split("/")
    slot = load_catalog().get(platform).slot(slot_id)
    layout = plan_layout(src.layout_source, slot, slot.size,
                         focus=focus_point(understood, src.plate))
    return slot, layout, render_layout(src, layout)


def _mask_box(mask: Image.Image) -> Box | None:
    a = np.asarray(mask) > 0
    if not a.any():
        return None
    ys, xs = np.nonzero(a)
    return Box(xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)


@pytest.mark.parametrize("key", SLOTS)
def test_rendered_geometry(source, key):
    slot, layout, rendered = _render(source, key)
    assert rendered.image.size == slot.size
    product = _mask_box(rendered.masks["product"])
    assert product is not None
    frame = Box(0, 0, *slot.size)
    assert product.intersect(frame) == product  # fully inside
    aspect = product.width / product.height
    assert aspect == pytest.approx(PRODUCT_SIZE[0] / PRODUCT_SIZE[1], rel=0.04)  # undistorted
    zones = [zone_box(z, slot.size) for z in slot.overlay_zones]
    for role, mask in rendered.masks.items():
        for zone in zones:
            z = tuple(int(v) for v in zone.as_tuple())
            inside = np.asarray(mask)[z[1]:z[3], z[0]:z[2]]
            assert not inside.any(), f"{role} pixels inside zone {zone}"


@pytest.mark.parametrize("key", ["google-display/300x250", "meta/story", "meta/feed-square",
                                 "youtube/thumbnail", "google-pmax/landscape"])
def test_big_slots_keep_headline_logo_cta_with_logo_aspect(source, key):
    _, layout, rendered = _render(source, key)
    assert {"headline", "logo", "cta"} <= set(rendered.masks)
    logo = _mask_box(rendered.masks["logo"])
    assert logo.width / logo.height == pytest.approx(LOGO_SIZE[0] / LOGO_SIZE[1], rel=0.1)


def test_main_image_is_product_on_pure_white(source):
    slot, layout, rendered = _render(source, "coupang/main")
    assert set(rendered.masks) == {"product"}
    pixels = np.asarray(rendered.image)
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    assert (border == 255).all()
    product = _mask_box(rendered.masks["product"])
    assert max(product.width / slot.size[0], product.height / slot.size[1]) >= 0.85


def test_compositor_matches_psd_tools_render(source):
    doc, understood, _ = source
    scene = understood.scene
    ours = composite(doc, scene, [la for la in scene.layers if la.parent is None],
                     Box(0, 0, scene.width, scene.height)).image.convert("RGB")
    theirs = doc.flatten().convert("RGB")  # psd-tools' writer stored this composite
    diff = np.abs(np.asarray(ours, dtype=np.int16) - np.asarray(theirs, dtype=np.int16))
    assert diff.mean() < 1.0 and np.percentile(diff, 99.9) <= 3


def test_missing_product_yields_layout_no_product(tmp_path):
    path = make_geometry_psd(tmp_path / "noproduct.psd", product=False)
    doc = open_document(path)
    src = prepare_source(doc, understand(doc))
    slot = load_catalog().get("amazon").slot("main")
    layout = plan_layout(src.layout_source, slot, (1500, 1500))
    assert [f.code for f in layout.findings] == ["layout.no-product"]


@pytest.mark.parametrize("backdrop", ["opaque", "transparent", "packed in pieces"])
def test_the_plate_in_the_buffer_is_its_composite_laid_on_white(tmp_path, backdrop, monkeypatch):
    """The plate part writes its composite laid on white into the shared buffer, and the focus
    reads those pixels: an opaque composite's own colour bytes (no RGB copy made first), a
    composite with transparency blended over white; a part bigger than the packing's buffer
    goes in pieces, to the same bytes."""
    from assetkit.document.writer import PixelLayer, write_layered_psd
    from assetkit.render import parts as parts_module
    from assetkit.render.compositor import PixelCache
    from assetkit.render.flatten import opaque
    from assetkit.render.parts import PLATE, SourceParts

    if backdrop == "packed in pieces":  # the 240x160 plate is 115,200 bytes
        monkeypatch.setattr(parts_module, "PACK_MAX", 65536)

    size = (240, 160)
    back = Image.linear_gradient("L").resize(size).convert("RGB")
    if backdrop == "transparent":  # a backdrop over part of the canvas only
        back = back.convert("RGBA").crop((0, 0, 160, 160))
    product = Image.new("RGBA", (60, 80), (200, 40, 40, 255))
    path = write_layered_psd(tmp_path / "plate.psd", size, [
        PixelLayer("@bg", back), PixelLayer("@product", product, 150, 40)])
    doc = open_document(path)
    pixels = PixelCache(doc, read=doc.layer_pixels)
    parts = SourceParts(pixels, understand(pixels, {}, None))
    plate = parts.parts[0]
    assert plate.key == PLATE
    seen: list[bytes] = []
    parts.run(0, look=lambda image: seen.append(image.convert("L").tobytes()) or (0.5, 0.5))
    made = composite(pixels, parts.scene, plate.layers, plate.box)
    expected = opaque(made.image)
    assert bytes(parts.packed(plate)) == expected.tobytes()
    assert seen == [expected.convert("L").tobytes()]
    assert (made.image.getchannel("A").getextrema()[0] == 255) == (backdrop != "transparent")
    # a unit: its composite and its premultiplied copy, read back as they were made
    product = next(p for p in parts.parts if p.key != PLATE)
    parts.run(parts.parts.index(product))
    unit = composite(pixels, parts.scene, product.layers, product.box).image
    assert parts.image(product).tobytes() == unit.tobytes()
    assert parts.image(product, premultiplied=True).tobytes() == unit.convert("RGBa").tobytes()
    # read in place, no copy: the units' images are mapped over the buffer (the premultiplied
    # one too); the plate's pixels are unpacked only once read (libvips reads the buffer)
    for premultiplied in (False, True):
        mapped = parts.image(product, premultiplied)
        assert mapped.readonly and mapped.mode == ("RGBa" if premultiplied else "RGBA")
        start = product.offset + (product.nbytes // 2 if premultiplied else 0)
        parts.buffer[start:start + 4] = b"\x01\x02\x03\x04"
        assert mapped.getpixel((0, 0)) == (1, 2, 3, 4)
    lazy = parts.image(plate)
    assert (lazy.mode, lazy.size) == ("RGB", size) and not lazy._unpacked
    assert lazy.resize((24, 16)).tobytes() == expected.resize((24, 16)).tobytes()
    assert lazy._unpacked and lazy.tobytes() == expected.tobytes()


def test_role_masks_are_drawn_when_first_read_from_the_pieces_placed(monkeypatch):
    """A role's mask is 255 where any of its placed pieces has alpha above 8 (pieces of one
    role overlap: their union), 0 elsewhere; it is drawn on the first read, once."""
    rng = np.random.default_rng(7)
    alphas = [rng.integers(0, 256, (4, 6), dtype=np.uint8) for _ in range(3)]
    pieces = [Image.fromarray(np.dstack([np.full((4, 6, 3), 90, np.uint8), a]), "RGBA")
              for a in alphas]
    masks = RoleMasks((20, 10))
    masks.place("product", pieces[0], (2, 3))
    masks.place("product", pieces[1], (5, 4))  # overlaps the first
    masks.place("logo", pieces[2], (14, 0))
    drawn = []
    new = Image.new
    monkeypatch.setattr(Image, "new", lambda *a, **k: drawn.append(a) or new(*a, **k))
    assert list(masks) == ["product", "logo"] and len(masks) == 2 and not drawn
    expected = np.zeros((10, 20), bool)
    expected[3:7, 2:8] |= alphas[0] > 8
    expected[4:8, 5:11] |= alphas[1] > 8
    product = masks["product"]
    assert product.mode == "L" and product.size == (20, 10)
    assert np.array_equal(np.asarray(product), expected * np.uint8(255))
    assert masks["product"] is product and len(drawn) == 1  # drawn once, the logo's not yet
    logo = np.zeros((10, 20), bool)
    logo[0:4, 14:20] = alphas[2] > 8
    assert np.array_equal(np.asarray(masks["logo"]) > 0, logo)
    assert masks.get("cta") is None and "cta" not in masks


def _story(tmp_path):
    path = make_geometry_psd(tmp_path / "geo.psd")
    doc = open_document(path)
    understood = understand(doc)
    slot = load_catalog().get("meta").slot("story")
    layout = plan_layout(prepare_source(doc, understood).layout_source, slot, slot.size,
                         focus=(0.5, 0.5))
    return doc, understood, layout


def _same(a, b) -> bool:
    return a.image.tobytes() == b.image.tobytes() and \
        {r: m.tobytes() for r, m in a.masks.items()} == {r: m.tobytes() for r, m in b.masks.items()}


def test_a_unit_placed_at_a_size_it_had_is_not_made_again(tmp_path, monkeypatch):
    """Two layouts that place the units at the same sizes over another background: the second
    render takes the units as the first made them (no resample, no text re-set) and gives the
    bytes of a render that makes them afresh."""
    from assetkit.render import recompose

    doc, understood, layout = _story(tmp_path)
    white = replace(layout, background="white")
    assert render_key(white) != render_key(layout)
    made = []
    unit_pixels = recompose._unit_pixels
    monkeypatch.setattr(recompose, "_unit_pixels", lambda *a: made.append(a[1]) or unit_pixels(*a))
    src = prepare_source(doc, understood)
    render_layout(src, layout)
    units = sorted(made)
    assert units and sorted(p.unit or p.role for p in layout.placements) == units
    second = render_layout(src, white)
    assert sorted(made) == units  # nothing made again
    assert _same(second, render_layout(prepare_source(doc, understood), white))
    assert sorted(made) == sorted(units * 2)


def test_a_layout_that_renders_like_a_recent_one_takes_its_render(tmp_path, monkeypatch):
    """Another slot's layout with the same size, background and placements (its template or
    findings may differ): the render is the first one's, the bytes of a fresh render."""
    from assetkit.render import recompose

    doc, understood, layout = _story(tmp_path)
    other = replace(layout, template="another", findings=())
    assert render_key(other) == render_key(layout) and other != layout
    drawn = []
    draw = recompose._draw
    monkeypatch.setattr(recompose, "_draw", lambda *a: drawn.append(a[1]) or draw(*a))
    src = prepare_source(doc, understood)
    first = render_layout(src, layout)
    assert render_layout(src, other) is first and drawn == [layout]
    moved = replace(layout, bg_crop=Box(layout.bg_crop.x0 + 1, layout.bg_crop.y0,
                                        layout.bg_crop.x1 + 1, layout.bg_crop.y1))
    assert render_key(moved) != render_key(layout)
    assert render_layout(src, moved) is not first and drawn == [layout, moved]
    assert _same(first, render_layout(prepare_source(doc, understood), other))


def test_recent_keeps_the_most_recently_used_within_its_budget():
    recent = Recent(budget=800)
    values = {k: object() for k in "abcd"}
    recent.keep("a", values["a"], 400)
    recent.keep("b", values["b"], 400)
    assert recent.get("a") is values["a"]  # a is now the most recent
    recent.keep("c", values["c"], 400)  # over budget: b, the least recent, goes
    assert recent.get("b") is None and recent.held == 800
    assert recent.get("a") is values["a"] and recent.get("c") is values["c"]
    assert recent.keep("d", values["d"], 1600) is values["d"]  # bigger than the budget alone
    assert recent.held == 0 and recent.get("d") is None and recent.get("a") is None
    recent.keep("a", values["a"], 300)
    recent.keep("a", values["b"], 200)  # kept again: counted once
    assert recent.held == 200 and recent.get("a") is values["b"]


def test_a_kept_render_counts_its_pieces_and_masks_and_a_replaced_source_starts_empty(tmp_path):
    doc, understood, layout = _story(tmp_path)
    src = prepare_source(doc, understood)
    drawn = render_layout(src, layout)
    w, h = layout.size
    assert drawn.masks.nbytes >= len(drawn.masks) * w * h > 0
    assert src.drawn.held == w * h * 3 + drawn.masks.nbytes
    other = replace(src, resampler=src.resampler)
    assert other.drawn.held == 0 and other.sized.held == 0


@pytest.mark.parametrize("width", [4096, 4097, 4098, 4099, 7])
def test_a_piece_blends_onto_the_canvas_as_alpha_composite_would(width):
    """Every (source, backdrop, alpha) value, in pieces whose width leaves 0-3 columns to
    Pillow's per-pixel (not SIMD) blend: _blend's bytes are those of Image.alpha_composite
    over the opaque canvas made RGBA, and outside the piece the canvas is untouched."""
    from assetkit.render.recompose import _blend

    values = np.arange(256, dtype=np.uint8)
    src, dst, alpha = (v.ravel() for v in np.meshgrid(values, values, values, indexing="ij"))
    rows = -(-src.size // width)

    def grid(channel: np.ndarray) -> np.ndarray:
        return np.resize(channel, rows * width).reshape(rows, width)

    piece = Image.fromarray(np.dstack([grid(src)] * 3 + [grid(alpha)]), "RGBA")
    backdrop = np.dstack([grid(dst)] * 3)
    want = Image.alpha_composite(Image.fromarray(np.dstack([backdrop, np.full_like(
        backdrop[..., 0], 255)]), "RGBA"), piece).convert("RGB")
    canvas = Image.fromarray(np.pad(backdrop, ((1, 1), (2, 2), (0, 0)), constant_values=77))
    _blend(canvas, piece, (2, 1))
    assert canvas.crop((2, 1, 2 + width, 1 + rows)).tobytes() == want.tobytes()
    border = np.asarray(canvas).copy()
    border[1:1 + rows, 2:2 + width] = 77
    assert (border == 77).all()
