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
