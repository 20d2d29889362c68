"""A truncated PSD/PSB says how many bytes the file has and how many its header and section
lengths need ("truncated: 200000 of 412345 bytes"), not psd-tools' parser message."""
from __future__ import annotations

import struct
from pathlib import Path

import pytest

from assetkit.document import open_document
from assetkit.document.integrity import truncation
from assetkit.errors import UnreadableDocument
from assetkit.samples import make_test_psd
from tests.conftest import real_psd


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> bytes:
    return make_test_psd(tmp_path_factory.mktemp("psd") / "good.psd").read_bytes()


def sections(data: bytes) -> tuple[int, int]:
    """Where the layer section ends and the merged image's RLE row counts end (a PSD)."""
    offset = 26
    for _ in range(3):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        offset += 4 + length
    channels, height = struct.unpack(">HI", data[12:18])
    return offset, offset + 2 + channels * height * 2


def refusal(path: Path) -> str:
    with pytest.raises(UnreadableDocument) as err:
        open_document(path)
    return str(err.value)


def cut(tmp_path: Path, data: bytes, size: int) -> Path:
    path = tmp_path / "cut.psd"
    path.write_bytes(data[:size])
    return path


def test_cut_in_the_merged_pixels_gives_the_exact_size(tmp_path, whole):
    path = cut(tmp_path, whole, len(whole) - 1000)
    assert refusal(path) == f"{path}: truncated: {len(whole) - 1000} of {len(whole)} bytes"


@pytest.mark.parametrize("where", ["header", "sections", "layers", "row counts"])
def test_cut_before_the_sizes_are_known_gives_a_lower_bound(tmp_path, whole, where):
    layers_end, table_end = sections(whole)
    size, need = {"header": (20, 26), "sections": (28, 30),
                  "layers": (layers_end // 2, layers_end + 2),
                  "row counts": (table_end - 10, table_end)}[where]
    path = cut(tmp_path, whole, size)
    assert refusal(path) == f"{path}: truncated: {size} of at least {need} bytes"


@pytest.mark.parametrize(("name", "short"), [("psdjs-example.psd", 20000),
                                           ("agpsd-psb-gray-smartobject-text.psb", 5000)])
def test_a_real_file_cut_short(tmp_path, name, short):
    data = real_psd(name).read_bytes()  # both end with an RLE merged image of > `short` bytes
    path = cut(tmp_path, data, len(data) - short)
    assert refusal(path) == f"{path}: truncated: {len(data) - short} of {len(data)} bytes"


def test_a_whole_file_is_not_truncated(tmp_path, whole):
    path = cut(tmp_path, whole, len(whole))
    assert truncation(path) is None
    open_document(path)
    assert truncation(real_psd("agpsd-psb-gray-smartobject-text.psb")) is None


def test_a_file_that_is_not_a_psd_keeps_the_parser_reason(tmp_path):
    path = tmp_path / "notes.psd"
    path.write_bytes(b"not a psd at all")
    assert truncation(path) is None
    assert refusal(path).startswith(f"{path}: not a readable PSD/PSB file (")


def _damaged_channel(tmp_path: Path) -> Path:
    """A whole file whose layer '상품 사진' (its legacy Pascal name is '?', as Photoshop
    writes a name its legacy encoding cannot hold) has a green channel half as long as its
    row counts say."""
    import random

    from PIL import Image
    from psd_tools import PSDImage

    psd = PSDImage.new("RGB", (64, 48))
    psd.create_pixel_layer(Image.new("RGB", (64, 48), (250, 250, 250)), name="bg")
    noise = random.Random(1).randbytes(32 * 24 * 4)
    layer = psd.create_pixel_layer(Image.frombytes("RGBA", (32, 24), noise), name="x",
                                   left=16, top=12)
    layer.name = "상품 사진"
    record = psd._record
    info = record.layer_and_mask_information.layer_info
    channel = next(data for meta, data in zip(info.layer_records[1].channel_info,
                                              info.channel_image_data[1], strict=True)
                   if int(meta.id) == 1)
    channel.data = channel.data[:len(channel.data) // 2]
    path = tmp_path / "damaged.psd"
    with open(path, "wb") as handle:
        record.write(handle)
    return path


def test_damaged_pixel_data_names_the_layer_as_photoshop_shows_it(tmp_path):
    """The layer is named by its Unicode name (what Photoshop's Layers panel and every other
    assetkit message show), not the legacy Pascal name kept for old readers; the channel in
    words."""
    path = _damaged_channel(tmp_path)
    assert truncation(path) is None  # the file is whole: one channel's data is short
    assert refusal(path) == f"{path}: truncated pixel data in layer '상품 사진' (green channel)"


def _cut_raw_16_bit(tmp_path: Path) -> tuple[Path, int, int]:
    """A 16-bit PSD whose uncompressed (RAW) merged image is cut short: psd-tools opens it
    (its header and sections are whole) and fails only when the pixels are read."""
    from PIL import Image
    from psd_tools import PSDImage

    psd = PSDImage.new("RGB", (200, 100), depth=16)
    psd.create_pixel_layer(Image.new("RGB", (200, 100), (10, 200, 30)), name="bg")
    whole_path = tmp_path / "whole16.psd"
    psd.save(whole_path)
    data = whole_path.read_bytes()
    return cut(tmp_path, data, len(data) * 4 // 5), len(data) * 4 // 5, len(data)


def test_a_raw_16_bit_composite_cut_short_is_refused_when_it_is_opened(tmp_path):
    """It failed as 'cannot composite: Decompressed length mismatch: got 95147, expected
    120000' when a build read its pixels, and `check` passed it (the source checks read no
    composite): the open now measures every file's sections, as it did for other cuts."""
    path, size, whole = _cut_raw_16_bit(tmp_path)
    assert refusal(path) == f"{path}: truncated: {size} of {whole} bytes"


def test_check_refuses_a_source_cut_short_in_its_merged_image(tmp_path):
    from assetkit.commands.check import check

    path, size, whole = _cut_raw_16_bit(tmp_path)
    (asset,) = check([path]).assets
    assert asset.error == f"{path}: truncated: {size} of {whole} bytes"
