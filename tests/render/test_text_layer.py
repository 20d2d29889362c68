"""Build integration: type layers re-set at a slot's scale, or a fonts.fallback-raster finding."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from assetkit.document import open_document
from assetkit.fonts.index import FontIndex
from assetkit.fonts.resolve import FontResolver
from assetkit.render.compositor import composite
from assetkit.render.recompose import SourceRender, _unit_pixels
from assetkit.render.text.layer import TextUnits, render_type_layer
from assetkit.understand import understand
from tests.conftest import real_psd
from tests.imaging import ssim


@pytest.fixture(scope="module")
def index() -> FontResolver:
    """Bundled faces only (and the table's substitutes among them)."""
    return FontResolver(FontIndex.build(system=False))


def test_type_layer_is_reset_at_the_slot_scale(index):
    doc = open_document(real_psd("agpsd-text-alias-notosanskr.psd"))
    layer = next(la for la in doc.scene.layers if la.name == "Windows")
    stored = doc.layer_pixels(layer.id)
    reset, findings = render_type_layer(layer, index, 2.0)
    assert findings == [] and [f.postscript_name for f in reset.faces] == ["NotoSansKR-Regular"]
    ours, photoshop = _ink(reset.pixels.image, reset.pixels.offset), _ink(stored.image,
                                                                         stored.offset)
    assert ours == pytest.approx(tuple(2 * v for v in photoshop), abs=6)


def _ink(image: Image.Image, offset=(0, 0)) -> tuple[int, int, int, int]:
    alpha = np.asarray(image.getchannel("A"))
    ys, xs = np.nonzero(alpha > 64)
    return (int(xs.min()) + offset[0], int(ys.min()) + offset[1],
            int(xs.max()) + 1 + offset[0], int(ys.max()) + 1 + offset[1])


def _soft(image: Image.Image) -> float:
    """Share of inked pixels that are half-tone edges: lower is crisper."""
    alpha = np.asarray(image.getchannel("A"))
    return float(((alpha > 16) & (alpha < 240)).sum() / max(1, (alpha > 16).sum()))


@pytest.mark.parametrize("scale", [2.0, 0.5])
def test_missing_font_keeps_the_raster_with_a_finding(index, scale):
    doc = open_document(real_psd("psdtools-masks-app-ui.psd"))
    layer = next(la for la in doc.scene.layers if la.name == "text replaced")
    pixels, (finding,) = render_type_layer(layer, index, scale, source="app-ui")
    assert pixels is None
    assert (finding.code, finding.severity, finding.layer) == (
        "fonts.fallback-raster", "warning", "text replaced")
    assert "'ProximaNova-Regular' is not installed, bundled or in the substitution table" in \
        finding.message
    assert ("enlarged x2.00" in finding.message) == (scale > 1)


def test_recompose_hook_composites_a_text_unit_crisply(index, tmp_path):
    doc = open_document(real_psd("agpsd-text-alias-notosanskr.psd"))
    layer = next(la for la in doc.scene.layers if la.name == "Windows LCD")
    understood = understand(doc, [(layer.path_str, "headline")])
    scene = understood.scene
    part = composite(doc, scene, [scene.by_id(layer.id)])
    size = (round(part.box.width * 2.5), round(part.box.height * 2.5))
    units = TextUnits(doc, scene, index)
    src = SourceRender(scene.size, None, {"headline": part}, (), (), units,
                       by_id={u.id: u for u in understood.units})
    drawn, text, bleed = _unit_pixels(src, "headline", part, size)
    assert text.raster_text is None and [f.postscript_name for f in text.faces] == [
        "NotoSansKR-Regular"]
    assert text.notes == ()
    resampled = part.image.resize(size, Image.Resampling.LANCZOS)
    assert drawn.size == (size[0] + 2 * bleed, size[1] + 2 * bleed) and bleed >= 2
    crisp = drawn.crop((bleed, bleed, bleed + size[0], bleed + size[1]))  # the unit's box

    def on_white(image):
        canvas = Image.new("RGBA", image.size, "white")
        canvas.alpha_composite(image)
        return canvas

    # same place and size as the upscaled raster, but crisp: its edges are re-rasterised
    # (measured: ink boxes within 2 px, SSIM 0.81 against the blurrier upscale)
    assert _ink(crisp) == pytest.approx(_ink(resampled), abs=4)
    assert _soft(crisp) < 0.8 * _soft(resampled)
    score = ssim(on_white(crisp), on_white(resampled))
    if score < 0.75:
        on_white(crisp).save(tmp_path / "crisp.png")
        on_white(resampled).save(tmp_path / "resampled.png")
        pytest.fail(f"re-set unit differs from the resampled raster: SSIM {score:.3f}")
    plain = SourceRender(scene.size, None, {"headline": part}, ())
    assert _unit_pixels(plain, "headline", part, size)[0].tobytes() == resampled.tobytes()


def test_rasterized_text_in_a_slot_that_needs_3x_is_drawn_at_1_25x(tmp_path):
    """A generated headline of stored text pixels (no type data) in a 300x250 slot that needs
    3.5x: drawn at 1.25x, centred in its place, with fonts.raster-limited naming layer and factor;
    measured on the output's pixels."""
    from assetkit import BuildOptions, build
    from assetkit.document.writer import PixelLayer, write_layered_psd
    from tests.factories import block, gradient

    psd = write_layered_psd(tmp_path / "small.psd", (100, 84), [
        PixelLayer("@bg", gradient((100, 84))),
        PixelLayer("@headline", block((60, 12), (30, 30, 30), stripes=True), 10, 10)])
    result = build([psd], out=tmp_path / "out", only=["google-display/300x250"], jobs=1,
                   options=BuildOptions(source_root=tmp_path))
    (out,) = result.outputs
    (placement,) = [p for p in out.layout["placements"] if p["role"] == "headline"]
    assert placement["scale"] > 3
    (limited,) = [f for f in result.findings if f.code == "fonts.raster-limited"]
    assert (limited.severity, limited.layer, limited.slot) == ("warning", "@headline", "300x250")
    assert limited.message == ("the headline unit would enlarge the stored text pixels of "
                               "'@headline' x3.53: drawn at x1.25 instead, smaller than designed")
    assert dict(out.raster_text) == {"headline": 1.25}
    # the block's two dark stripes span 36 x 12 source px: at most 1.25x that in the output
    with Image.open(tmp_path / "out" / out.path) as image:
        dark = np.asarray(image.convert("RGB")).max(axis=2) < 90
    ys, xs = np.nonzero(dark)
    width, height = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    assert width <= 36 * 1.25 + 1 and height <= 12 * 1.25 + 1, (width, height)
    box = placement["box"]  # centred where the 3.5x headline would have been
    assert (xs.min() + xs.max()) / 2 == pytest.approx((box[0] + box[2]) / 2, abs=2)


def test_a_substitute_sets_text_only_where_the_raster_would_be_enlarged_beyond_1_25x(
        ci_fonts):
    doc = open_document(real_psd("psdtools-pen-text-32bit.psd"))
    layer = next(la for la in doc.scene.layers if la.text is not None
                 and la.text.runs[0].font == "TimesNewRomanPSMT")
    for scale in (0.5, 1.2):  # Photoshop's own pixels are truer than another face
        assert render_type_layer(layer, ci_fonts, scale) == (None, [])
    reset, findings = render_type_layer(layer, ci_fonts, 1.3)
    assert findings == [] and [f.postscript_name for f in reset.faces] == ["LiberationSerif"]


def test_warped_type_keeps_its_pixels(index):
    doc = open_document(real_psd("agpsd-text-complex-multifont.psd"))
    (layer,) = [la for la in doc.scene.layers if la.text is not None]
    assert layer.text.warp == "warpArc"
    pixels, (finding,) = render_type_layer(layer, index, 2.0)
    assert pixels is None and "warped type (warpArc) is not re-set" in finding.message


def test_a_wider_stand_in_face_is_shrunk_into_the_designers_bounds(ci_fonts):
    """Helvetica Neue Light set in Liberation Sans (wider) at 2x: the ink stays within the
    stored text's bounds at that scale, instead of spilling out of its unit and being cut."""
    doc = open_document(real_psd("psdjs-example.psd"))
    layer = next(la for la in doc.scene.layers if la.text is not None and la.visible)
    assert ci_fonts.resolve(layer.text.runs[0].font).face.family == "Liberation Sans"
    reset, _ = render_type_layer(layer, ci_fonts, 2.0)
    x0, y0, x1, y1 = _ink(reset.pixels.image, reset.pixels.offset)
    assert x1 - x0 <= layer.bbox.width * 2 + 2 and y1 - y0 <= layer.bbox.height * 2 + 2
    assert x1 - x0 >= layer.bbox.width * 2 * 0.9  # shrunk only as much as needed


@pytest.mark.parametrize("scale", [0.05, 0.137, 0.3, 0.9])
def test_layer_pixels_resample_at_any_scale_and_offset(scale):
    """A pixel layer drawn with re-set text at a small scale: the output grid starts up to
    1 / scale source pixels before the layer (it used to fail below scale 0.5)."""
    from assetkit.render.text.layer import _resample

    image = Image.new("RGBA", (301, 97), (10, 20, 30, 255))
    for offset in [(1, 1), (7, 13), (1003, 2999)]:
        out, (ox, oy) = _resample(image, offset, scale)
        assert ox <= offset[0] * scale < ox + 1 and oy <= offset[1] * scale < oy + 1
        assert abs(out.width - 301 * scale) <= 2 and abs(out.height - 97 * scale) <= 2


def test_a_unit_drawn_at_the_raster_limit_is_made_once_for_every_slot(tmp_path, index,
                                                                       monkeypatch):
    """Every slot that would enlarge a unit's stored text pixels beyond RASTER_LIMIT draws it
    at that limit: the unit is composited at the limit once, and each slot's canvas (its own
    size, its own finding) holds the bytes a fresh hook would draw."""
    from assetkit.document.writer import PixelLayer, write_layered_psd
    from assetkit.render.text import layer as text_layer
    from tests.factories import block, gradient

    psd = write_layered_psd(tmp_path / "small.psd", (100, 84), [
        PixelLayer("@bg", gradient((100, 84))),
        PixelLayer("@headline", block((60, 12), (30, 30, 30), stripes=True), 10, 10)])
    doc = open_document(psd)
    understood = understand(doc)
    (unit,) = [u for u in understood.units if u.role == "headline"]
    scene = understood.scene
    part = composite(doc, scene, [scene.by_id(i) for i in unit.layers])
    made = []
    real = text_layer.composite
    monkeypatch.setattr(text_layer, "composite",
                        lambda *args, **kw: made.append(args[3]) or real(*args, **kw))
    units = TextUnits(doc, scene, index)
    sizes = [(240, 48), (300, 60), (180, 36)]  # 3x, 3.75x, 2.25x: all beyond 1.25x
    drawn = [units(unit, part.box, size) for size in sizes]
    assert len(made) == 1
    for size, pixels in zip(sizes, drawn, strict=True):
        fresh = TextUnits(doc, scene, index)(unit, part.box, size)
        assert pixels.image.size == size and pixels.raster_text == 1.25
        assert pixels.image.tobytes() == fresh.image.tobytes()
        assert pixels.findings == fresh.findings and f"x{size[0] / 60:.2f}" in \
            pixels.findings[0].message


def test_faces_are_read_before_the_workers_fork_and_a_damaged_one_is_left(index, tmp_path,
                                                                          monkeypatch):
    """`load_faces` reads the metrics of the faces the units' text is set in (the parent's, for
    its workers to inherit); a face it cannot read is left to the text engine, as before."""
    from assetkit.render.text import layer as text_layer
    from assetkit.render.text.metrics import face_metrics
    from tests.typefactory import make_text_psd

    doc = open_document(make_text_psd(tmp_path / "text.psd"))
    understood = understand(doc, [])
    assert any(la.kind == "type" for u in understood.units
               for la in (understood.scene.by_id(i) for i in u.layers))
    units = TextUnits(doc, understood.scene, index)
    face_metrics.cache_clear()
    units.load_faces(understood.units)
    assert face_metrics.cache_info().currsize == 1  # NotoSansKR-Regular

    def damaged(path, face):
        raise ValueError("bad glyf table")

    monkeypatch.setattr(text_layer, "face_metrics", damaged)
    units.load_faces(understood.units)  # no error: the engine meets the face where it did


def test_a_reset_glyph_that_reaches_past_its_box_is_not_clipped(index, tmp_path):
    """Re-set at a slot's size, glyphs reach 1-2 px past the ink box Photoshop stored (the
    agency set's 'Gentle enough for every day' lost the left of its G in every small slot):
    the unit is composited with a margin around its box, and nothing reaches its edge."""
    from PIL import ImageDraw, ImageFont

    from assetkit.document.typelayer import TypeLayer
    from assetkit.document.writer import write_layered_psd
    from assetkit.fonts.scan import bundled_font_path

    font = ImageFont.truetype(str(bundled_font_path("NotoSansKR-Regular")), 120)
    words = "Gentle enough for every day"
    full = Image.new("RGBA", (1900, 260), (0, 0, 0, 0))
    ImageDraw.Draw(full).text((40, 40), words, font=font, fill=(255, 255, 255, 255))
    ink = full.getbbox()
    stored = full.crop(ink)  # as Photoshop stores it: tight to its ink
    ascent = font.getmetrics()[0]
    layer = TypeLayer("copy", words, "NotoSansKR-Regular", 120.0, (255, 255, 255),
                      (100 + 40 - ink[0], 300 + 40 + ascent - ink[1]), stored, 100, 300)
    path = write_layered_psd(tmp_path / "copy.psd", (2200, 800), [layer], background=(40, 40, 60))
    doc = open_document(path)
    understood = understand(doc, [("copy", "headline")])
    scene = understood.scene
    part = composite(doc, scene, [scene.by_id(scene.layers[0].id)])
    units = TextUnits(doc, scene, index)
    src = SourceRender(scene.size, None, {"headline": part}, (), (), units,
                       by_id={u.id: u for u in understood.units})
    past = 0
    for scale in (0.08, 0.1, 0.13, 0.17, 0.25, 0.4, 0.7):
        size = (round(part.box.width * scale), round(part.box.height * scale))
        drawn, text, bleed = _unit_pixels(src, "headline", part, size)
        assert text is not None and text.raster_text is None, scale  # re-set, not resampled
        alpha = np.asarray(drawn.getchannel("A"))
        ring = np.concatenate([alpha[0], alpha[-1], alpha[:, 0], alpha[:, -1]])
        assert ring.max() == 0, (scale, "ink reaches the composite's edge: clipped")
        inner = alpha[bleed:-bleed, bleed:-bleed]
        past += int(alpha.sum() > inner.sum())
    assert past >= 3  # the margin holds ink at several sizes: without it, that ink was cut


def test_text_drawn_at_the_raster_limit_is_centred_where_it_would_have_gone(tmp_path):
    """The unit at 1.25x is composited with a margin around its box (re-set glyphs reach past
    it): the box is what is centred, not box and margin (the stripes sat 2 px right and down)."""
    from assetkit import BuildOptions, build
    from assetkit.document.writer import PixelLayer, write_layered_psd
    from tests.factories import block

    stripes = block((60, 24), (30, 30, 30), stripes=True)
    psd = write_layered_psd(tmp_path / "small.psd", (100, 84), [
        PixelLayer("@bg", Image.new("RGB", (100, 84), (250, 250, 250))),
        PixelLayer("@headline", stripes, 10, 10)])
    result = build([psd], out=tmp_path / "out", only=["google-display/300x250"], jobs=1,
                   options=BuildOptions(source_root=tmp_path))
    (out,) = result.outputs
    assert dict(out.raster_text) == {"headline": 1.25}
    (placement,) = [p for p in out.layout["placements"] if p["role"] == "headline"]
    ink = np.asarray(stripes.getchannel("A")) > 0
    ys, xs = np.nonzero(ink)  # the stripes' ink box in the layer, at 1.25x, centred in the box
    want_x = (placement["box"][0] + placement["box"][2]) / 2 + (
        (xs.min() + xs.max() + 1) / 2 - 30) * 1.25
    want_y = (placement["box"][1] + placement["box"][3]) / 2 + (
        (ys.min() + ys.max() + 1) / 2 - 12) * 1.25
    with Image.open(tmp_path / "out" / out.path) as image:
        dark = np.asarray(image.convert("RGB")).max(axis=2) < 90
    ys, xs = np.nonzero(dark)
    assert (xs.min() + xs.max() + 1) / 2 == pytest.approx(want_x, abs=1)
    assert (ys.min() + ys.max() + 1) / 2 == pytest.approx(want_y, abs=1)
