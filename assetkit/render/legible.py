"""Placed text against what the layout put behind it (measure/edge_contrast.py), judged in the
slot and where its unit stood in the source. Text that read there and does not here (`lost`) is
laid on a panel of the colour it read against in the source, a third of a line around its ink,
when it then reads: `layout.text-backed` names it (a white footer line moved from its navy band
onto a white podium gets a navy strip; a black headline laid over a black stroke, a white box).
The panel is the text's backdrop, not its pixels: role masks (and the checks on them) hold the
text alone."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

from ..measure.edge_contrast import EdgeContrast, edge_contrast, lost
from ..model import Finding
from .compositor import Composite

WHITE = (255, 255, 255)
PAD = 1 / 3  # of the tallest line: the panel's margin around the ink
ANY = [0] + [255] * 255  # alpha -> 255 wherever a piece has any ink (a lookup table)


@dataclass(frozen=True)
class TextContrast:
    """How a placed text unit reads against what it is drawn over: in the slot, and where it
    stood in the source (None: not judged there, e.g. text on a panel of its own); `backed`:
    the colour of the panel laid under it here, if any."""

    role: str
    layers: tuple[str, ...]
    placed: EdgeContrast
    source: EdgeContrast | None
    backed: tuple[int, int, int] | None = None


def source_contrast(plate: Image.Image | None, units: Mapping[str, Composite],
                    z: Mapping[str, int], key: str, size: tuple[int, int]) -> EdgeContrast | None:
    """Unit `key` over its own backdrop in the source (`size`: the canvas, where the unit is
    cut): the plate and the units under it (`z`: unit id -> stacking order)."""
    part = units[key]
    x0, y0 = round(part.box.x0), round(part.box.y0)
    box = (max(0, x0), max(0, y0), min(size[0], x0 + part.image.width),
           min(size[1], y0 + part.image.height))
    if box[2] <= box[0] or box[3] <= box[1]:
        return None
    piece = part.image.crop((box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0))
    backdrop = plate.crop(box) if plate is not None else Image.new("RGB", piece.size, WHITE)
    for below in sorted((k for k in z if z[k] < z[key] and k in units), key=lambda k: z[k]):
        other = units[below]
        backdrop.paste(other.image, (round(other.box.x0) - box[0], round(other.box.y0) - box[1]),
                       other.image)
    return edge_contrast(piece, backdrop)


Placed = tuple[Image.Image, tuple[int, int]]  # an RGBA piece and where it was drawn


SMOOTH = 4  # the panel's shape is drawn this many times larger and reduced: smooth corners


def _rounded(size: tuple[int, int], radius: int) -> Image.Image:
    """An anti-aliased rounded rectangle filling `size` ("L"): its sides whole pixels, its
    corners' arcs with the coverage of each pixel."""
    big = Image.new("L", (size[0] * SMOOTH, size[1] * SMOOTH), 0)
    ImageDraw.Draw(big).rounded_rectangle((0, 0, big.width - 1, big.height - 1),
                                          radius * SMOOTH, fill=255)
    return big.reduce(SMOOTH)


def _panel(region: Image.Image, origin: tuple[int, int], piece: Placed, pad: int,
           colour: tuple[int, int, int], drawn: Sequence[Placed]) -> None:
    """A panel of `colour` `pad` px around the piece's ink with rounded corners, drawn on
    `region` (the slot's pixels from `origin`, in place): under the ink wholly, and in its
    margin where no piece `drawn` before it shows."""
    image, at = piece
    ink = image.getchannel("A").getbbox()
    assert ink is not None  # judged pieces have ink
    box = (at[0] + ink[0] - pad, at[1] + ink[1] - pad, at[0] + ink[2] + pad, at[1] + ink[3] + pad)
    shape = _rounded((box[2] - box[0], box[3] - box[1]), pad // 2)
    taken = Image.new("L", shape.size, 0)
    for other, (ox, oy) in drawn:  # what was drawn before stays in view around the ink
        taken.paste(other.getchannel("A").point(ANY), (ox - box[0], oy - box[1]))
    taken.paste(0, (pad, pad, pad + ink[2] - ink[0], pad + ink[3] - ink[1]))  # not under it
    shape = ImageChops.subtract(shape, taken)
    panel = Image.new("RGBA", shape.size, (*colour, 255))
    panel.putalpha(shape)
    region.paste(panel, (box[0] - origin[0], box[1] - origin[1]), panel)


def legible(canvas: Image.Image, piece: Placed, judged: TextContrast, drawn: Sequence[Placed]
            ) -> tuple[TextContrast, Finding | None]:
    """`judged` (`piece`, about to be drawn on `canvas`) kept as it is when it reads here as in
    the source. Else a panel of the colour it read against in the source, a third of its
    tallest line around its ink, is tried: kept (drawn on `canvas`, in place) when the piece
    then reads, with the finding naming it; otherwise nothing is drawn, and the check names
    what does not read."""
    share = lost(judged.placed, judged.source)
    colour = judged.source.backdrop if judged.source is not None else None
    if not share or colour is None:  # (a judged source has its backdrop colour)
        return judged, None
    image, at = piece
    pad = max(2, round(judged.placed.line_px * PAD))
    frame = (max(0, at[0] - pad), max(0, at[1] - pad), min(canvas.width, at[0] + image.width + pad),
             min(canvas.height, at[1] + image.height + pad))
    region = canvas.crop(frame)
    _panel(region, frame[:2], piece, pad, colour, drawn)
    inside = (at[0] - frame[0], at[1] - frame[1])
    again = edge_contrast(image, region.crop((*inside, inside[0] + image.width,
                                              inside[1] + image.height)))
    if again is None or lost(again, judged.source):
        return judged, None
    canvas.paste(region, frame[:2])
    hexa = "#" + "".join(f"{v:02x}" for v in colour)
    note = Finding("layout.text-backed", "warning",
                   f"{judged.role}: laid on a {hexa} panel, the colour behind it in the source: "
                   f"{share:.0%} of its length did not read over what the layout put behind it",
                   layer=judged.layers[0] if judged.layers else judged.role)
    return TextContrast(judged.role, judged.layers, again, judged.source, colour), note
