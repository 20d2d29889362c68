"""Write layered PSD files from Pillow images (the writer side of the psd_tools adapter)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from psd_tools import PSDImage
from psd_tools.api.layers import Group
from psd_tools.api.numpy_io import encode_image_data
from psd_tools.constants import Compression

from ..fsutil import open_atomic
from .typelayer import TypeLayer, make_type


@dataclass(frozen=True)
class PixelLayer:
    """One raster layer to write: pixels, position on the canvas, opacity and optional group."""

    name: str
    image: Image.Image  # RGBA or RGB
    left: int = 0
    top: int = 0
    opacity: int = 255
    group: str | None = None
    clipping: bool = False  # clipped to the layer below (Photoshop's clipping mask)
    visible: bool = True


def write_layered_psd(
    path: Path,
    size: tuple[int, int],
    layers: Sequence[PixelLayer | TypeLayer],
    *,
    background: tuple[int, int, int] = (255, 255, 255),
    quick_preview: bool = False,
) -> Path:
    """Write `layers` (bottom to top) into an 8-bit RGB PSD of `size`, atomically; return `path`.

    Each distinct `group` name becomes one group, created where its first layer appears. A
    `TypeLayer` is written as a type layer (TySh block) storing its rendered pixels.
    `quick_preview`: the merged image is Pillow's alpha composite of the layers (all normal
    blend) instead of psd-tools' compositor, which takes seconds per 3000 px document.
    """
    # The merged preview defaults to RAW (12 MB for 2000x2000); RLE is what Photoshop writes.
    psd = PSDImage.new("RGB", size, color=background, compression=Compression.RLE)
    groups: dict[str, Group] = {}
    for layer in layers:
        parent = psd if layer.group is None else _group(psd, groups, layer.group)
        _add_layer(parent, layer)
    if quick_preview:
        _set_preview(psd, size, layers, background)
    return _save_atomically(psd, Path(path), keep_preview=quick_preview)


def _add_layer(parent: PSDImage | Group, layer: PixelLayer | TypeLayer) -> None:
    image = _pil_for_psd(layer.image)
    if isinstance(layer, TypeLayer) or image.mode == "RGBA":
        # create_pixel_layer() would move the alpha into a layer mask over an all-opaque
        # transparency channel; the array route keeps it as transparency, as Photoshop does.
        made = parent.create_pixel_layer_from_array(
            np.asarray(image.convert("RGBA")), name=_name(layer.name), left=layer.left,
            top=layer.top, opacity=layer.opacity,
        )
    else:
        made = parent.create_pixel_layer(
            image, name=_name(layer.name), left=layer.left, top=layer.top, opacity=layer.opacity
        )
    if not layer.name.isascii():
        # the name property keeps a non-Mac-Roman name (Korean) in the Unicode name block only
        made.name = layer.name
    if isinstance(layer, TypeLayer):
        make_type(made, layer)
        return
    if layer.clipping:
        made.clipping = True
    if not layer.visible:
        made.visible = False


def _group(psd: PSDImage, groups: dict[str, Group], name: str) -> Group:
    if name not in groups:
        groups[name] = psd.create_group(name=_name(name))
        if not name.isascii():
            groups[name].name = name
    return groups[name]


def _name(name: str) -> str:
    """What psd-tools' writer is given: the name, or a placeholder for one its legacy (Mac
    Roman) name field cannot hold, set afterwards through the Unicode name block."""
    return name if name.isascii() else "?"


def _pil_for_psd(image: Image.Image) -> Image.Image:
    # The writer understands RGB and RGBA; palette, greyscale and LA images are widened first.
    if image.mode in ("RGB", "RGBA"):
        return image
    has_alpha = image.mode in ("LA", "PA") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def _set_preview(psd: PSDImage, size: tuple[int, int], layers: Sequence[PixelLayer | TypeLayer],
                 background: tuple[int, int, int]) -> None:
    canvas = Image.new("RGBA", size, (*background, 255))
    for layer in layers:
        image = layer.image.convert("RGBA")
        if layer.opacity < 255:
            alpha = image.getchannel("A").point(lambda v, o=layer.opacity: v * o // 255)
            image.putalpha(alpha)
        sheet = Image.new("RGBA", size, (0, 0, 0, 0))
        sheet.paste(image, (layer.left, layer.top))  # paste, not alpha_composite: may be off-canvas
        canvas.alpha_composite(sheet)
    colour = np.asarray(canvas.convert("RGB"), dtype=np.float32) / 255.0
    solid = np.ones((size[1], size[0], 1), dtype=np.float32)
    psd._record.image_data.set_data(encode_image_data(psd, colour, solid), psd._record.header)


def _save_atomically(psd: PSDImage, path: Path, keep_preview: bool = False) -> Path:
    # Readers never see a half-written file (fsutil.open_atomic: temp file + rename).
    with open_atomic(path) as handle:
        if keep_preview:  # save() would re-composite the merged image over the one just set
            psd._record.write(handle)
        else:
            psd.save(handle)
    return path
