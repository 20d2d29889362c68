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
import sys
from functools import cache

from PIL import Image

Box = tuple[float, float, float, float]


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


GAP = 2.0  # Pillow's reducing_gap, wherever assetkit resizes with Pillow's LANCZOS
_RUNNING = False  # whether libvips may have threads in this process (set before its first use)


def libvips_running() -> bool:
    """Whether libvips may have started threads here: forking this process is then unsafe
    (a child can hang on a lock one of them held)."""
    return _RUNNING


def _thread_count() -> int | None:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:  # not Linux
        return None


def preload(name: str) -> None:
    """Load libvips (backend `name` == 'vips') in a parent about to fork workers, so each
    worker inherits it instead of loading it again (about 30 ms of CPU a worker). Loading
    starts no thread (libvips starts them on its first operation); where that cannot be seen
    to hold, libvips counts as running and workers come from a fork server."""
    global _RUNNING
    if name != "vips" or "pyvips" in sys.modules:
        return
    before = _thread_count()
    try:
        _load_pyvips()
    except ImportError:  # reported by the first resize that needs it
        return
    if before is None or _thread_count() != before:
        _RUNNING = True


def _load_pyvips():
    try:
        import pyvips
    except (ImportError, OSError) as exc:
        raise ImportError(f"pyvips cannot load libvips ({exc}); ASSETKIT_RESAMPLER=pillow "
                          "uses Pillow's resampler instead") from None
    pyvips.concurrency_set(1)  # the variant pool is the parallelism; same bytes at any -j
    pyvips.cache_set_max(0)
    return pyvips


def _to_pil(vimage) -> Image.Image:
    return Image.frombytes("RGB", (vimage.width, vimage.height), vimage.write_to_memory())


class Resampler:
    """Lanczos-3 resampling with one backend, 'vips' or 'pillow' (a build's parent decides once,
    and every worker uses that choice whatever its own environment says). It keeps the libvips
    copy of the last image it resized, so a source is converted once, not once per slot; a
    missing libvips is reported by the first resize that needs it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._handed: tuple[Image.Image, object, object] | None = None
        self._packed: dict[int, tuple[Image.Image, memoryview]] = {}

    def knows(self, image: Image.Image, packed: memoryview) -> None:
        """`packed` holds `image`'s pixels as packed RGB bytes (a shared buffer): libvips
        reads them there, with no copy, each time it is handed `image`."""
        self._packed[id(image)] = (image, packed)

    def _vips(self, image: Image.Image):
        global _RUNNING
        if self._handed is None or self._handed[0] is not image:
            _RUNNING = True
            pyvips = _load_pyvips()
            known = self._packed.get(id(image))
            data: object
            if known is not None and known[0] is image:
                data = known[1]
            else:
                data = (image if image.mode == "RGB" else image.convert("RGB")).tobytes()
            self._handed = (image, pyvips.Image.new_from_memory(data, image.width, image.height,
                                                                3, "uchar"), data)
        return self._handed[1]

    def resize(self, image: Image.Image, size: tuple[int, int], box: Box | None = None
               ) -> Image.Image:
        """`image` (or its `box`) resampled to exactly `size` with a Lanczos-3 filter."""
        width = image.width if box is None else box[2] - box[0]
        if self.name == "pillow" or size[0] > width:
            # libvips enlarges with a bicubic affine, not Lanczos: upscales stay with Pillow.
            return image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=GAP)
        source = self._vips(image)
        if box is not None:
            # libvips crops on whole pixels: the box is rounded (at most half a source pixel).
            x0, y0 = round(box[0]), round(box[1])
            x1, y1 = min(round(box[2]), source.width), min(round(box[3]), source.height)
            source = source.crop(x0, y0, max(1, x1 - x0), max(1, y1 - y0))
        return _to_pil(source.thumbnail_image(size[0], height=size[1], size="force"))


def lanczos_whole(image: Image.Image, size: tuple[int, int], reduced: dict | None = None
                  ) -> Image.Image:
    """`image.resize(size, LANCZOS, reducing_gap=GAP)`, the same bytes, keeping the step that
    `reducing_gap` takes first in `reduced` (factors -> image) for the next size: resizing the
    whole image, Pillow reduces the whole image (its safe box is clamped to it) by integer
    factors that are all the step depends on, then resamples the reduced copy over the box
    scaled by them (PIL.Image.resize). Modes Pillow converts first go the plain way."""
    w, h = image.size
    fx, fy = int(w / size[0] / GAP) or 1, int(h / size[1] / GAP) or 1
    if reduced is None or (fx, fy) == (1, 1) or image.mode not in ("RGB", "RGBa", "L"):
        return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=GAP)
    if (fx, fy) not in reduced:
        reduced[(fx, fy)] = image.reduce((fx, fy), box=(0, 0, w, h))
    return reduced[(fx, fy)].resize(size, Image.Resampling.LANCZOS, box=(0, 0, w / fx, h / fy))


def resize(image: Image.Image, size: tuple[int, int], box: Box | None = None) -> Image.Image:
    """A one-off resize with this environment's default resampler (scripts and tests)."""
    return Resampler(default_backend()).resize(image, size, box)
