"""The compositor draws each plain layer only where its pixels are: the same bytes as drawing
it over the whole box (clipping, masks, multiply, opacity, layers partly or wholly outside)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from assetkit.document.pixels import LayerPixels
from assetkit.geometry import Box
from assetkit.render import compositor
from assetkit.scene import Layer, Scene


def _noise(size: tuple[int, int], seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (size[1], size[0], 4), dtype=np.uint8), "RGBA")


def _layer(i: int, box: Box, **kw) -> Layer:
    fields = {"opacity": 1.0, "fill_opacity": 1.0, "blend_mode": "normal", "clipping": False}
    return Layer(i, f"l{i}", (f"l{i}",), "pixel", True, bbox=box, index=i, **{**fields, **kw})


class _Doc:
    """Layer pixels by id, as SourceDocument.layer_pixels hands them out."""

    def __init__(self, pixels: dict[int, LayerPixels]) -> None:
        self.pixels = pixels

    def layer_pixels(self, layer_id: int) -> LayerPixels:
        return self.pixels[layer_id]


def _stack() -> tuple[Scene, _Doc]:
    specs = [  # (offset, size, layer fields, mask)
        ((0, 0), (300, 200), {}, None),
        ((40, 30), (120, 90), {"opacity": 0.7}, ((50, 40), (60, 60), 0)),
        ((70, 50), (200, 200), {"clipping": True}, None),  # clipped to the layer below
        ((-30, 150), (90, 90), {"blend_mode": "multiply", "fill_opacity": 0.5}, None),
        ((250, -20), (80, 60), {}, ((240, -30), (40, 40), 255)),
        ((100, 100), (50, 50), {"clipping": True, "blend_mode": "multiply"}, None),
        ((400, 400), (30, 30), {}, None),  # wholly outside the box
        ((10, 10), (20, 20), {"clipping": True}, None),  # clipped to an empty base
        ((150, 20), (60, 40), {}, None),  # plain, inside the box: its own pixels blended
        ((160, 120), (50, 30), {"clipping": True}, None),  # clipped to that one
    ]
    layers, pixels = [], {}
    for i, (offset, size, kw, mask) in enumerate(specs):
        box = Box(offset[0], offset[1], offset[0] + size[0], offset[1] + size[1])
        layers.append(_layer(i, box, **kw))
        m = (_noise(mask[1], 100 + i).getchannel("R"), mask[0], mask[2]) if mask else (None,)
        pixels[i] = LayerPixels(_noise(size, i), offset, *m)
    return Scene(300, 200, 72.0, "RGB", 8, tuple(layers)), _Doc(pixels)


@pytest.mark.parametrize("box", [Box(0, 0, 300, 200), Box(20, 10, 280, 190)])
def test_regions_draw_the_same_bytes_as_the_whole_box(monkeypatch, box):
    scene, doc = _stack()
    ours = compositor.composite(doc, scene, scene.layers, box)
    monkeypatch.setattr(compositor, "_region",  # every layer over the whole box
                        lambda pixels, box, reach: (0, 0, int(box.width), int(box.height)))
    whole = compositor.composite(doc, scene, scene.layers, box)
    assert ours is not None and whole is not None
    assert ours.image.tobytes() == whole.image.tobytes()
    assert ours.image.getchannel("A").getextrema() == (0, 255)  # something was drawn, not all


def test_an_opaque_image_is_laid_on_white_without_the_blend_to_the_same_bytes():
    from assetkit.render.flatten import opaque

    values = np.arange(256, dtype=np.uint8)
    grid = np.zeros((256, 256, 4), np.uint8)
    grid[..., 0], grid[..., 1] = values[:, None], values[None, :]
    grid[..., 2], grid[..., 3] = values[::-1][:, None], 255
    image = Image.fromarray(grid, "RGBA")
    blended = Image.alpha_composite(Image.new("RGBA", image.size, (255, 255, 255, 255)), image)
    assert opaque(image).tobytes() == blended.convert("RGB").tobytes()
    grid[0, 0, 3] = 0  # one transparent pixel: laid on white
    assert opaque(Image.fromarray(grid, "RGBA")).getpixel((0, 0)) == (255, 255, 255)


def _first(offset, size, box, seed=0, transparent=True, **kw):
    """A scene of one layer (plus a plain one above it) and its pixels."""
    image = _noise(size, seed)
    if not transparent:
        image.putalpha(image.getchannel("A").point(lambda v: max(1, v)))
    mask = kw.pop("mask", None)
    prerendered = kw.pop("prerendered", False)
    bbox = Box(offset[0], offset[1], offset[0] + size[0], offset[1] + size[1])
    layers = (_layer(0, bbox, **kw), _layer(1, Box(5, 5, 65, 45)))
    pixels = {0: LayerPixels(image, offset, *(mask or (None,)), prerendered=prerendered),
              1: LayerPixels(_noise((60, 40), 9), (5, 5))}
    return Scene(300, 200, 72.0, "RGB", 8, layers), _Doc(pixels)


@pytest.mark.parametrize(("offset", "size", "box", "extra", "placed"), [
    ((0, 0), (300, 200), Box(0, 0, 300, 200), {"transparent": False}, True),  # a plate's background
    ((0, 0), (300, 200), Box(0, 0, 300, 200), {}, True),  # with transparent pixels
    ((20, 10), (200, 150), Box(20, 10, 220, 160), {}, True),  # a unit's box
    ((-40, 30), (200, 150), Box(0, 0, 300, 200), {"transparent": False}, True),  # partly outside
    ((250, 150), (100, 100), Box(0, 0, 300, 200), {}, True),
    ((400, 400), (30, 30), Box(0, 0, 300, 200), {}, True),  # wholly outside
    ((0, 0), (300, 200), Box(20, 10, 280, 190), {"transparent": False}, True),  # larger than the box
    ((0, 0), (300, 200), Box(0, 0, 300, 200), {"prerendered": True}, True),
    # the general way: faded, masked, multiplied, clipped
    ((0, 0), (300, 200), Box(0, 0, 300, 200), {"opacity": 0.5}, False),
    ((0, 0), (300, 200), Box(0, 0, 300, 200), {"fill_opacity": 0.998}, False),
    ((0, 0), (300, 200), Box(0, 0, 300, 200), {"blend_mode": "multiply"}, False),
    ((0, 0), (300, 200), Box(0, 0, 300, 200), {"clipping": True}, False),
    ((0, 0), (300, 200), Box(0, 0, 300, 200),
     {"mask": (_noise((60, 60), 5).getchannel("R"), (10, 10), 0)}, False),
])
def test_the_first_layer_on_the_bare_canvas_is_the_bytes_of_the_blend(monkeypatch, offset,
                                                                      size, box, extra, placed):
    """The first layer is placed as it is, not blended over transparency: the same bytes,
    the layer above it blended the same, and the same clipping base for a clipped one."""
    scene, doc = _first(offset, size, box, **extra)
    first = scene.layers[0]
    assert (compositor._onto_bare(doc.layer_pixels(0), first, scene, box) is not None) == placed
    clipped = replace(scene, layers=(scene.layers[0], replace(scene.layers[1], clipping=True)))
    for stack in (scene, clipped):
        ours = compositor.composite(doc, stack, stack.layers, box)
        with monkeypatch.context() as patch:
            patch.setattr(compositor, "_onto_bare", lambda *args: None)
            blended = compositor.composite(doc, stack, stack.layers, box)
        assert ours is not None and blended is not None
        assert ours.image.tobytes() == blended.image.tobytes()


class _Decoding(_Doc):
    """A document whose every read decodes anew (as SourceDocument.layer_pixels does): fresh
    images, reads counted by layer."""

    def __init__(self, pixels: dict[int, LayerPixels]) -> None:
        super().__init__(pixels)
        self.reads: dict[int, int] = {}
        self.handed: list[Image.Image] = []  # the images read, in order

    def layer_pixels(self, layer_id: int) -> LayerPixels:
        self.reads[layer_id] = self.reads.get(layer_id, 0) + 1
        pixels = self.pixels[layer_id]
        self.handed.append(pixels.image.copy())
        return replace(pixels, image=self.handed[-1])


@pytest.mark.parametrize("solid", [True, False])
def test_a_bottom_layer_read_for_the_composite_alone_becomes_its_canvas(solid):
    """`own_first` (the plate's part): a bottom layer the cache has not kept is read for this
    composite alone and becomes its canvas, not copied and not kept; one the cache keeps is
    copied and left as it was. A bottom layer covering the box with alpha 255 makes the
    composite known to be opaque (every blend over it keeps alpha 255). Same bytes."""
    scene, doc = _first((0, 0), (300, 200), Box(0, 0, 300, 200), transparent=False)
    if solid:
        doc.pixels[0].image.putalpha(255)
    box = Box(0, 0, 300, 200)
    want = compositor.composite(doc, scene, scene.layers, box)
    assert want is not None and want.opaque == solid
    decoding = _Decoding(doc.pixels)
    cache = compositor.PixelCache(decoding)
    owned = compositor.composite(cache, scene, scene.layers, box, own_first=True)
    assert owned is not None and owned.image.tobytes() == want.image.tobytes()
    assert owned.opaque == solid == (owned.image.getchannel("A").getextrema()[0] == 255)
    assert decoding.reads == {0: 1, 1: 1} and owned.image is decoding.handed[0]
    kept = cache.layer_pixels(0)  # not kept by the composite: read again
    assert decoding.reads[0] == 2 and kept is not None and kept.image is not owned.image
    before = kept.image.tobytes()
    again = compositor.composite(cache, scene, scene.layers, box, own_first=True)
    assert again is not None and again.image.tobytes() == want.image.tobytes()
    assert kept.image.tobytes() == before and again.image is not kept.image
    assert decoding.reads == {0: 2, 1: 1}


@pytest.mark.parametrize(("offset", "kw", "prerendered"), [
    ((30, 20), {}, False),  # inside the box: its own pixels are the top image
    ((30, 20), {"blend_mode": "multiply"}, True),  # psd-tools' render, blended normally
    ((-10, 20), {}, False),  # partly outside: placed in the box
    ((30, 20), {"opacity": 0.6}, False),  # faded: its alpha scaled
])
def test_a_plain_layer_inside_its_region_blends_its_own_pixels(monkeypatch, offset, kw,
                                                             prerendered):
    """A layer drawn as it is over a region it fills exactly blends its own RGBA: the same
    canvas and clipping base as placing its colour and alpha in the region."""
    image = _noise((60, 40), 3)
    bbox = Box(offset[0], offset[1], offset[0] + 60, offset[1] + 40)
    layer = _layer(0, bbox, **kw)
    scene = Scene(300, 200, 72.0, "RGB", 8, (layer,))
    pixels = LayerPixels(image, offset, prerendered=prerendered)
    canvas = _noise((60, 40), 4)
    box = Box(30, 20, 90, 60)
    fast = compositor._plain_layer(canvas, pixels, layer, scene, box, None)
    monkeypatch.setattr(compositor, "_fills", lambda pixels, box: False)
    placed = compositor._plain_layer(canvas, pixels, layer, scene, box, None)
    assert [im.tobytes() for im in fast] == [im.tobytes() for im in placed]
    assert fast[0].tobytes() != canvas.tobytes()
