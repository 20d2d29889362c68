"""A document's limits apply to its own calls only: Pillow's process-wide decompression-bomb
limit is the same after opening and decoding a document as before."""
from __future__ import annotations

from PIL import Image

from assetkit.document import DocumentLimits, open_document
from tests.factories import make_geometry_psd


def test_opening_and_decoding_leave_pillows_limit_alone(tmp_path):
    before = Image.MAX_IMAGE_PIXELS
    doc = open_document(make_geometry_psd(tmp_path / "geo.psd"),
                        DocumentLimits(max_megapixels=1234))
    doc.flatten()
    doc.layer_pixels(doc.scene.layers[-1].id)
    assert Image.MAX_IMAGE_PIXELS == before
    assert doc.limits.max_megapixels == 1234
