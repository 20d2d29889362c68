"""Detect pixel data that psd-tools would silently zero-fill (truncated RLE channels)."""
from __future__ import annotations

import struct
from pathlib import Path

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
                problems.append(f"layer '{layer.name}' channel {int(meta.id)}")
                break
    return problems
