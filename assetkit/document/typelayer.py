"""Type layers for written PSDs: psd-tools writes no TySh block, so the type data (descriptor and
engine data: one paragraph run, one style run in one font and one colour) is built here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from PIL import Image
from psd_tools.constants import Tag
from psd_tools.psd.descriptor import (
    Descriptor,
    DescriptorBlock,
    Enumerated,
    Integer,
    RawData,
    String,
    UnitFloat,
)
from psd_tools.psd.engine_data import EngineData
from psd_tools.psd.tagged_blocks import TaggedBlock, TypeToolObjectSetting
from psd_tools.terminology import Unit

Rgb = tuple[int, int, int]


@dataclass(frozen=True)
class TypeLayer:
    """One point-text layer to write: its text, font (PostScript name), size and colour, the
    baseline origin of its first line on the canvas, and the rendered pixels stored with it
    (`image`, RGBA, placed at `left`, `top`)."""

    name: str
    text: str
    font: str
    size: float
    colour: Rgb
    origin: tuple[float, float]  # (x, baseline y) in document px
    image: Image.Image
    left: int = 0
    top: int = 0
    opacity: int = 255
    group: str | None = None


def _engine_string(text: str) -> bytes:
    raw = ("\ufeff" + text).encode("utf-16-be")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def engine_data(text: str, font: str, size: float, colour: Rgb = (0, 0, 0)) -> EngineData:
    """Photoshop's text engine markup: one paragraph run, one style run, one font, one colour."""
    length = str(len(text) + 1).encode()  # Photoshop ends the text with "\r"
    # black is written "0.0 0.0 0.0" exactly as before colours were supported
    values = " ".join({0: "0.0", 255: "1.0"}.get(c, f"{c / 255:.4f}") for c in colour).encode()
    markup = (
        b"<<\n/EngineDict\n<<\n/Editor\n<<\n/Text " + _engine_string(text + "\r") + b"\n>>\n"
        b"/ParagraphRun\n<<\n/RunArray [\n<<\n/ParagraphSheet\n<<\n/DefaultStyleSheet 0\n"
        b"/Properties\n<<\n/Justification 0\n>>\n>>\n>>\n]\n/RunLengthArray [ " + length
        + b" ]\n>>\n/StyleRun\n<<\n/RunArray [\n<<\n/StyleSheet\n<<\n/StyleSheetData\n<<\n"
        b"/Font 0\n/FontSize " + f"{size:.1f}".encode() + b"\n/AutoLeading true\n"
        b"/FillColor\n<<\n/Type 1\n/Values [ 1.0 " + values + b" ]\n>>\n>>\n>>\n>>\n]\n"
        b"/RunLengthArray [ " + length + b" ]\n>>\n>>\n"
        b"/ResourceDict\n<<\n/FontSet [\n<<\n/Name " + _engine_string(font)
        + b"\n/Script 0\n/FontType 1\n/Synthetic 0\n>>\n]\n/StyleSheetSet [\n<<\n/Name "
        + _engine_string("Normal") + b"\n/StyleSheetData\n<<\n/Font 0\n/FontSize 12.0\n>>\n>>\n"
        b"]\n>>\n>>")
    parsed: Any = EngineData.frombytes(markup)  # psd-tools types it as its Dict base
    return parsed


def type_tool_data(text: str, font: str, size: float, origin: tuple[float, float],
                   box: tuple[int, int], colour: Rgb = (0, 0, 0)) -> TypeToolObjectSetting:
    """The TySh block of point text `text` whose box (width, height) starts at `origin` (left,
    top); the baseline is `size` below the top."""
    return _tysh(text, font, size, (origin[0], origin[1] + size), box, colour)


def _tysh(text: str, font: str, size: float, baseline: tuple[float, float],
          box: tuple[int, int], colour: Rgb) -> TypeToolObjectSetting:
    width, height = box
    data = DescriptorBlock(classID=b"TxLr")
    data[b"Txt "] = String(text + "\x00")
    data[b"textGridding"] = Enumerated(b"textGridding", b"None")
    data[b"Ornt"] = Enumerated(b"Ornt", b"Hrzn")
    data[b"AntA"] = Enumerated(b"Annt", b"antiAliasSharp")
    bounds = Descriptor(classID=b"bounds")  # relative to the baseline origin
    for key, value in ((b"Left", 0.0), (b"Top ", -size), (b"Rght", float(width)),
                       (b"Btom", height - size)):
        bounds[key] = UnitFloat(unit=Unit.Points, value=value)
    data[b"bounds"] = bounds
    data[b"TextIndex"] = Integer(0)
    data[b"EngineData"] = RawData(cast(Any, engine_data(text, font, size, colour)))
    warp = DescriptorBlock(classID=b"warp")
    warp[b"warpStyle"] = Enumerated(b"warpStyle", b"warpNone")
    return TypeToolObjectSetting(
        version=1, transform=(1.0, 0.0, 0.0, 1.0, float(baseline[0]), float(baseline[1])),
        text_version=50, text_data=data, warp_version=1, warp=warp,
        left=0, top=0, right=width, bottom=height)


def make_type(pixel_layer, layer: TypeLayer) -> None:
    """Turn the psd-tools pixel layer `pixel_layer` (holding `layer`'s rendered pixels) into a
    type layer: attach the TySh block."""
    data = _tysh(layer.text, layer.font, layer.size, layer.origin, layer.image.size,
                 layer.colour)
    pixel_layer._record.tagged_blocks[Tag.TYPE_TOOL_OBJECT_SETTING] = TaggedBlock(
        key=Tag.TYPE_TOOL_OBJECT_SETTING, data=cast(Any, data))
