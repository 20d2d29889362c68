"""A localized copy of a source PSD: translated type layers hidden, the translated text as pixel
layers in a group `@i18n/<lang>`, and our own render of the page as its merged preview."""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from psd_tools import PSDImage
from psd_tools.api import numpy_io
from psd_tools.constants import ColorMode, Resource

from ..errors import UnreadableDocument
from ..fsutil import open_atomic
from .scene_reader import layer_ids, walk


@dataclass(frozen=True)
class TextPixels:
    """A translated text to add: RGBA pixels at (left, top) in document px."""

    name: str
    image: Image.Image
    left: int
    top: int


class PreviewUnsupported(UnreadableDocument):
    """The document's colour mode cannot carry our sRGB render as its preview."""


def write_localized_psd(source: Path, out: Path, *, lang: str, hide: Sequence[int],
                        texts: Sequence[TextPixels], preview: Image.Image) -> Path:
    """Save a copy of `source` at `out` (atomically; the source is never written): layers whose
    scene ids are in `hide` hidden, `texts` in a new top group `@i18n/<lang>`, and `preview`
    (the localized page, document size) as the merged image instead of psd-tools' re-render."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        psd = PSDImage.open(source)
    if psd.color_mode not in (ColorMode.RGB, ColorMode.GRAYSCALE):
        raise PreviewUnsupported(f"{source}: {psd.color_mode.name} documents get no localized "
                                 f"PSD yet (only RGB and grayscale)")
    if preview.size != (psd.width, psd.height):
        raise ValueError(f"preview {preview.size} is not the document's size")
    layers = [layer for layer, _ in walk(psd)]
    ids = layer_ids(layers)
    wanted = set(hide)
    for layer in layers:
        if ids[id(layer)] in wanted:
            layer.visible = False
    group = psd.create_group(name=f"@i18n/{lang}")
    for text in texts:
        layer = group.create_pixel_layer_from_array(np.asarray(text.image.convert("RGBA")),
                                                    left=text.left, top=text.top)
        layer.name = text.name  # the setter keeps non-Latin names (Unicode name block)
    _set_preview(psd, preview)
    return _write(psd, Path(out))


def _set_preview(psd: PSDImage, page: Image.Image) -> None:
    # psd.save() would re-render the preview with psd-tools' compositor (slow, not our text, and
    # refused past 30,000 px); the merged image section gets our page instead.
    header = psd._record.header
    image = page.convert("L" if psd.color_mode == ColorMode.GRAYSCALE else "RGB")
    colours = len(image.getbands())
    if header.depth == 8:
        planes = [image.getchannel(i).tobytes() for i in range(colours)]
        opaque = bytes([255]) * (header.width * header.height)
        planes += [opaque] * (header.channels - colours)
    else:
        color = np.asarray(image, dtype=np.float32).reshape(image.height, image.width, -1) / 255
        alpha = np.ones((image.height, image.width, 1), dtype=np.float32)
        planes = numpy_io.encode_image_data(psd, color, alpha)
    psd._record.image_data.set_data(planes, header)
    info = psd.image_resources.get_data(Resource.VERSION_INFO)
    if info is not None and hasattr(info, "has_composite"):
        info.has_composite = True


def _write(psd: PSDImage, path: Path) -> Path:
    # Readers never see a half-written file (fsutil.open_atomic: temp file + rename).
    with open_atomic(path) as handle:
        psd._record.write(handle)
    return path
