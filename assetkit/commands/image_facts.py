"""The facts `check` reads from an exported image file's header, and whether the file is cut
short (a partial copy or upload): what the file checks judge."""
from __future__ import annotations

from pathlib import Path

from ..checks.base import ImageFacts
from ..checks.file_whole import CUT_SHORT
from ..errors import CannotCheck
from ..model import frozen_map

# How a whole file of each format starts and ends (JPEG's EOI marker, PNG's IEND chunk, GIF's
# trailer); a WebP says its length in its RIFF header
_STARTS = {b"\xff\xd8\xff": "JPEG", b"\x89PNG": "PNG", b"GIF8": "GIF", b"RIFF": "WEBP"}
_ENDINGS = {"JPEG": b"\xff\xd9", "PNG": b"IEND\xaeB`\x82", "GIF": b";"}


def _ending_missing(path: Path) -> bool:
    """Whether the file does not end as a whole JPEG, PNG, GIF or WebP does (False for other
    formats): its first and last bytes are read."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        head = handle.read(12)
        fmt = next((f for magic, f in _STARTS.items() if head.startswith(magic)), None)
        if fmt == "WEBP":
            return len(head) < 12 or size < 8 + int.from_bytes(head[4:8], "little")
        if fmt is None:
            return False
        ending = _ENDINGS[fmt]
        handle.seek(max(0, size - len(ending)))
        return handle.read() != ending


def _cut_short(path: Path, im) -> bool:
    """Whether the file ends before its image does: where its last bytes are not a whole
    file's ending, the pixels are decoded to be sure (some tools append bytes after a JPEG's
    end, and such a file is whole)."""
    if not _ending_missing(path):
        return False
    try:
        im.load()
    except (OSError, SyntaxError, ValueError):
        return True
    return False


def read_image_facts(path: Path) -> ImageFacts:
    """Header facts of an image file, and whether it is cut short; CannotCheck when Pillow
    cannot identify it."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            exif = im.getexif()
            return ImageFacts(
                format=im.format or "unknown", size=im.size, mode=im.mode,
                bytes=path.stat().st_size, icc_profile=im.info.get("icc_profile") or None,
                exif=frozen_map({k: v for k, v in exif.items() if k not in (0x8769, 0x8825)}),
                exif_ifd=frozen_map(exif.get_ifd(0x8769)), gps=frozen_map(exif.get_ifd(0x8825)),
                cut_short=_cut_short(path, im))
    except UnidentifiedImageError:
        raise CannotCheck("not an image Pillow can identify") from None
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        cut = _ending_missing(path) if path.is_file() else False
        raise CannotCheck(CUT_SHORT.format(path.stat().st_size) if cut
                          else str(exc) or type(exc).__name__) from None
