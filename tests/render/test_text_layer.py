"""Build integration: type layers re-set at a slot's scale, or a fonts.fallback-raster finding."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from assetkit.document import open_document
from assetkit.fonts.index import FontIndex
from assetkit.render.compositor import composite
from assetkit.render.recompose import SourceRender, _unit_pixels
from assetkit.render.text.layer import TextUnits, render_type_layer
from assetkit.understand import understand
from tests.conftest import real_psd
from tests.imaging import ssim


@pytest.fixture(scope="module")
def index() -> FontIndex:
    return FontIndex.build(system=False)


def test_type_layer_is_reset_at_the_slot_scale(index):
    doc = open_document(real_psd("agpsd-text-alias-notosanskr.psd"))
    layer = next(la for la in doc.scene.layers if la.name == "Windows")
    stored = doc.layer_pixels(layer.id)
    pixels, findings = render_type_layer(layer, index, {}, 2.0)
    assert findings == []
    ours, photoshop = _ink(pixels.image, pixels.offset), _ink(stored.image, stored.offset)
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


@pytest.mark.parametrize(("scale", "severity"), [(2.0, "error"), (0.5, "warning")])
def test_missing_font_keeps_the_raster_with_a_finding(index, scale, severity):
    doc = open_document(real_psd("psdtools-masks-app-ui.psd"))
    layer = next(la for la in doc.scene.layers if la.name == "text replaced")
    pixels, (finding,) = render_type_layer(layer, index, {}, scale, source="app-ui")
    assert pixels is None
    assert (finding.code, finding.severity, finding.layer) == (
        "fonts.fallback-raster", severity, "text replaced")
    assert "'ProximaNova-Regular' is not installed" in finding.message


def test_recompose_hook_composites_a_text_unit_crisply(index, tmp_path):
    doc = open_document(real_psd("agpsd-text-alias-notosanskr.psd"))
    layer = next(la for la in doc.scene.layers if la.name == "Windows LCD")
    scene = understand(doc, [(layer.path_str, "headline")]).scene
    part = composite(doc, scene, [scene.by_id(layer.id)])
    size = (round(part.box.width * 2.5), round(part.box.height * 2.5))
    units = TextUnits(doc, scene, index)
    src = SourceRender(scene.size, None, {"headline": part}, (), (), units)
    crisp, notes = _unit_pixels(src, "headline", part, size)
    resampled = part.image.resize(size, Image.Resampling.LANCZOS)
    assert crisp.size == size and notes == ()

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
