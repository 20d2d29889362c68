"""A localized copy of a source PSD/PSB: translated type layers hidden, the translated text as
pixel layers in a group `@i18n/<lang>`, and our own render of the page as its merged preview, in
the source's colour mode and depth (RGB, grayscale or CMYK at 8 or 16 bit)."""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops
from psd_tools import PSDImage
from psd_tools.api import numpy_io
from psd_tools.constants import ColorMode, Resource

from ..errors import UnreadableDocument
from ..fsutil import Staged, open_staged
from .icc import profile_bytes, srgb_to_cmyk
from .scene_reader import layer_ids, walk

# The modes whose pixels an sRGB render converts into, as Pillow modes; and the depths written.
MODES = {ColorMode.RGB: "RGB", ColorMode.GRAYSCALE: "L", ColorMode.CMYK: "CMYK"}
DEPTHS = (8, 16)


@dataclass(frozen=True)
class TextPixels:
    """A translated text to add: RGBA pixels at (left, top) in document px."""

    name: str
    image: Image.Image
    left: int
    top: int


class PreviewUnsupported(UnreadableDocument):
    """The document's colour mode or depth cannot carry our sRGB render (see MODES, DEPTHS)."""


def write_localized_psd(source: Path, out: Path, *, lang: str, hide: Sequence[int],
                        texts: Sequence[TextPixels], preview: Image.Image,
                        cmyk_profile: bytes | None = None, scratch: Path | None = None
                        ) -> Staged:
    """Save a copy of `source` next to `out`, aside (the source is never written): layers
    whose scene ids are in `hide` hidden, `texts` in a new top group `@i18n/<lang>`, and
    `preview` (the localized page, document size) as the merged image instead of psd-tools'
    re-render. The file is `out` with `.psb` for a PSB (version 2), `.psd` otherwise, written
    whole and returned staged: the caller puts it in place (with the pages' slices) or discards
    it. A CMYK document's pixels go through `cmyk_profile` (default: assetkit's); the temp file
    is made in `scratch` (see fsutil.open_atomic)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        psd = PSDImage.open(source)
    if psd.color_mode not in MODES or psd.depth not in DEPTHS:
        depth = f" {psd.depth}-bit" if psd.color_mode in MODES else ""
        raise PreviewUnsupported(f"{psd.color_mode.name}{depth} documents get no localized PSD "
                                 f"(RGB, grayscale and CMYK at 8 or 16 bit only)")
    if preview.size != (psd.width, psd.height):
        raise ValueError(f"preview {preview.size} is not the document's size")
    profile = cmyk_profile or profile_bytes(None)
    layers = [layer for layer, _ in walk(psd)]
    ids = layer_ids(layers)
    wanted = set(hide)
    for layer in layers:
        if ids[id(layer)] in wanted:
            layer.visible = False
    group = psd.create_group(name=f"@i18n/{lang}")
    for text in texts:
        layer = group.create_pixel_layer_from_array(_stored(text.image.convert("RGBA"), psd, profile),
                                                    left=text.left, top=text.top)
        layer.name = text.name  # the setter keeps non-Latin names (Unicode name block)
    _set_preview(psd, preview, profile)
    return _write(psd, Path(out).with_suffix(".psb" if psd.version == 2 else ".psd"), scratch)


def _stored(image: Image.Image, psd: PSDImage, profile: bytes) -> np.ndarray:
    """RGB or RGBA pixels (sRGB) as the document stores them, uint8 (height, width, colours [+ alpha]):
    grey levels for grayscale, inverted inks (255 = none) for CMYK."""
    mode = MODES[psd.color_mode]
    if mode == "RGB":
        return np.asarray(image)
    bands = [image.convert("L")] if mode == "L" else \
        list(ImageChops.invert(srgb_to_cmyk(image.convert("RGB"), profile)).split())
    if "A" in image.getbands():
        bands.append(image.getchannel("A"))
    return np.stack([np.asarray(band) for band in bands], axis=2)


def _set_preview(psd: PSDImage, page: Image.Image, profile: bytes) -> None:
    # psd.save() would re-render the preview with psd-tools' compositor (slow, not our text, and
    # refused past 30,000 px); the merged image section gets our page instead.
    header = psd._record.header
    colour = _stored(page.convert("RGB"), psd, profile)
    if header.depth == 8:
        planes = [colour[:, :, i].tobytes() for i in range(colour.shape[2])]
        opaque = bytes([255]) * (header.width * header.height)
        planes += [opaque] * (header.channels - colour.shape[2])
    else:
        alpha = np.ones((header.height, header.width, 1), dtype=np.float32)
        planes = numpy_io.encode_image_data(psd, colour.astype(np.float32) / 255, alpha)
    psd._record.image_data.set_data(planes, header)
    info = psd.image_resources.get_data(Resource.VERSION_INFO)
    if info is not None and hasattr(info, "has_composite"):
        info.has_composite = True


def _write(psd: PSDImage, path: Path, scratch: Path | None) -> Staged:
    # Readers never see a half-written file (fsutil: temp file, renamed when put).
    with open_staged(path, scratch) as (handle, staged):
        psd._record.write(handle)
    return staged
