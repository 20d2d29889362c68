"""The resampler behind the flatten path and the recompose background plate: libvips'
lanczos3 (pyvips + pyvips-binary, installed with assetkit; about 2.5x faster than Pillow on
big sources) or Pillow's LANCZOS (always there; upscales always use it).

libvips is the default when pyvips is installed; ASSETKIT_RESAMPLER=pillow|vips forces one.
The choice is part of every output's inputs key: the two give very close, not identical,
pixels. libvips runs worker threads, and a
process that forks after using it can hang, so with vips the variant pool never forks from
a process that has used it (see schedule.py)."""
from __future__ import annotations

import ctypes.util
import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from PIL import Image

Box = tuple[float, float, float, float]
_HANDED: list = []  # [(PIL image, vips image)]: the last source handed over, per process


_SELECTED: list[str] = []  # the build's choice while one of its variants is being made


@contextmanager
def selected(name: str) -> Iterator[None]:
    """Use this resampler inside the block (a build's parent decides once and every worker
    follows, whatever environment a long-lived worker process was started with). A missing
    libvips is reported by the first resize that needs it."""
    saved = list(_SELECTED)
    _SELECTED[:] = [name]
    try:
        yield
    finally:
        _SELECTED[:] = saved


def backend() -> str:
    """The resampler in use: the selected one, else the environment's default."""
    return _SELECTED[0] if _SELECTED else default_backend()


@cache
def default_backend() -> str:
    """libvips when pyvips is installed (a dependency: pyvips + pyvips-binary), else Pillow;
    ASSETKIT_RESAMPLER=pillow|vips forces one. pyvips is only looked up here: libvips is
    loaded on the first resize, so a parent that only decodes and dispatches stays free of its
    threads and can fork workers that share its decode."""
    asked = os.environ.get("ASSETKIT_RESAMPLER", "").strip().lower()
    if asked == "pillow":
        return "pillow"
    # pyvips with its compiled binding (pyvips-binary's _libvips) or a system libvips
    found = importlib.util.find_spec("pyvips") is not None and (
        importlib.util.find_spec("_libvips") is not None or ctypes.util.find_library("vips"))
    if asked == "vips" and not found:
        raise ImportError("ASSETKIT_RESAMPLER=vips needs pyvips: pip install pyvips pyvips-binary")
    return "vips" if found else "pillow"


def _vips(image: Image.Image):
    """The source as a libvips image, converted once per source and process."""
    try:
        import pyvips
    except (ImportError, OSError) as exc:
        raise ImportError(f"pyvips cannot load libvips ({exc}); ASSETKIT_RESAMPLER=pillow "
                          "uses Pillow's resampler instead") from None

    if not _HANDED or _HANDED[0][0] is not image:
        pyvips.concurrency_set(1)  # the variant pool is the parallelism; same bytes at any -j
        pyvips.cache_set_max(0)
        rgb = image if image.mode == "RGB" else image.convert("RGB")
        data = rgb.tobytes()
        _HANDED[:] = [(image, pyvips.Image.new_from_memory(data, rgb.width, rgb.height, 3,
                                                           "uchar"), data)]
    return _HANDED[0][1]


def _to_pil(vimage) -> Image.Image:
    return Image.frombytes("RGB", (vimage.width, vimage.height), vimage.write_to_memory())


def resize(image: Image.Image, size: tuple[int, int], box: Box | None = None) -> Image.Image:
    """`image` (or its `box`) resampled to exactly `size` with a Lanczos-3 filter."""
    width = image.width if box is None else box[2] - box[0]
    if backend() == "pillow" or size[0] > width:
        # libvips enlarges with a bicubic affine, not Lanczos: upscales stay with Pillow.
        return image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=2.0)
    source = _vips(image)
    if box is not None:
        # libvips crops on whole pixels: the box is rounded (at most half a source pixel).
        x0, y0 = round(box[0]), round(box[1])
        x1, y1 = min(round(box[2]), source.width), min(round(box[3]), source.height)
        source = source.crop(x0, y0, max(1, x1 - x0), max(1, y1 - y0))
    return _to_pil(source.thumbnail_image(size[0], height=size[1], size="force"))
