"""Detect a file cut short (its header and section lengths need more bytes than it has) and
pixel data that psd-tools would silently zero-fill (truncated RLE channels)."""
from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

from psd_tools.constants import Tag

RLE = 1
RAW = 0
SIGNATURE = b"8BPS"  # the first bytes of every PSD and PSB file


def has_psd_signature(path: Path) -> bool:
    """Whether the file starts like a PSD/PSB (whatever its name says)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == SIGNATURE
    except OSError:
        return False


def truncation(path: Path) -> str | None:
    """'truncated: 200000 of 412345 bytes' when a PSD/PSB is shorter than its header and
    section lengths need ('of at least N' when it ends before what would say the rest);
    None when it is not (or does not start like a PSD/PSB, or cannot be read now)."""
    try:
        size = Path(path).stat().st_size
        with open(path, "rb") as handle:
            need = _needed_size(handle, size)
    except OSError:  # gone or unreadable since it was opened: the caller's own error stands
        return None
    if need is None or size >= need[0]:
        return None
    return f"truncated: {size} of {'' if need[1] else 'at least '}{need[0]} bytes"


def _needed_size(handle: BinaryIO, size: int) -> tuple[int, bool] | None:
    """(bytes the file needs, whether exactly that many) from the header, the lengths of the
    colour-mode, image-resource and layer sections, and the merged image's compression and
    RLE row counts; None when the file does not start like a PSD/PSB."""
    header = handle.read(26)
    if header[:4] != SIGNATURE:
        return None
    if len(header) < 26:
        return 26, False
    version, channels, height, width, depth = struct.unpack(">H6xHIIH", header[4:24])
    if version not in (1, 2):
        return None
    offset = 26
    for field in (4, 4, 4 if version == 1 else 8):  # the PSB layer section has an 8-byte length
        if offset + field > size:
            return offset + field, False
        handle.seek(offset)
        offset += field + int.from_bytes(handle.read(field), "big")
    if offset + 2 > size:
        return offset + 2, False
    handle.seek(offset)
    compression = int.from_bytes(handle.read(2), "big")
    return _image_data_end(handle, offset + 2, size, compression, version,
                           channels * height, (width * depth + 7) // 8)


def _image_data_end(handle: BinaryIO, start: int, size: int, compression: int, version: int,
                    rows: int, row_bytes: int) -> tuple[int, bool]:
    if compression == RAW:
        return start + rows * row_bytes, True
    if compression != RLE:  # ZIP: only the stream knows its length
        return start, False
    table = rows * (2 if version == 1 else 4)
    if start + table > size:
        return start + table, False
    counts = struct.unpack(f">{rows}{'H' if version == 1 else 'I'}", handle.read(table))
    return start + table + sum(counts), True


def rle_short(data: bytes, rows: int, version: int) -> bool:
    """True when an RLE block's row-length table asks for more bytes than it holds."""
    width = 2 if version == 1 else 4
    need = rows * width
    if len(data) < need:
        return True
    counts = struct.unpack(f">{rows}{'H' if width == 2 else 'I'}", data[:need])
    return need + sum(counts) > len(data)


def _channel_rows(record, channel_id: int) -> int:
    if channel_id == -2 and record.mask_data is not None:
        return record.mask_data.bottom - record.mask_data.top
    if channel_id == -3 and record.mask_data is not None:
        real = record.mask_data
        return (real.real_bottom or 0) - (real.real_top or 0)
    return record.bottom - record.top


_COLOURS = {1: ("gray",), 3: ("red", "green", "blue"), 4: ("cyan", "magenta", "yellow", "black"),
            9: ("lightness", "a", "b")}  # colour mode -> its channels, in order
_SPECIAL = {-1: "transparency", -2: "layer mask", -3: "user mask"}


def _channel_name(channel_id: int, colour_mode: int) -> str:
    """A channel as a designer reads it: 'green channel', 'layer mask'."""
    if channel_id in _SPECIAL:
        return _SPECIAL[channel_id]
    names = _COLOURS.get(colour_mode, ())
    return f"{names[channel_id]} channel" if channel_id < len(names) else f"channel {channel_id}"


def _layer_name(record) -> str:
    """The layer's Unicode name, as Photoshop's Layers panel shows it (the legacy Pascal name
    cannot hold most scripts: Photoshop writes '?' or mojibake there)."""
    blocks = getattr(record, "tagged_blocks", None)
    name = blocks.get_data(Tag.UNICODE_LAYER_NAME) if blocks is not None else None
    return str(name).rstrip("\x00") if name else record.name


def truncated_parts(record, version: int) -> list[str]:
    """Names of the parts of a PSD record whose pixel data is shorter than it claims."""
    problems = []
    header = record.header
    image = record.image_data
    if image is not None and int(image.compression) == RLE and image.data:
        if rle_short(image.data, header.height * header.channels, version):
            problems.append("merged image")
    info = record.layer_and_mask_information.layer_info
    if info is None or info.layer_records is None:
        return problems
    for layer, channels in zip(info.layer_records, info.channel_image_data or (), strict=False):
        for meta, data in zip(layer.channel_info, channels, strict=False):
            rows = _channel_rows(layer, int(meta.id))
            if int(data.compression) == RLE and rows > 0 and rle_short(data.data, rows, version):
                problems.append(f"layer '{_layer_name(layer)}' "
                                f"({_channel_name(int(meta.id), int(header.color_mode))})")
                break
    return problems
