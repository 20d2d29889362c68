"""psd_tools layers -> Scene layers: kinds, visibility, boxes, effects and type data."""
from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable

from psd_tools import PSDImage
from psd_tools.api.layers import Group
from psd_tools.constants import Resource, Tag

from ..geometry import Box
from ..scene import (
    COLOUR_MODES,
    Artboard,
    ColourMode,
    Justification,
    Layer,
    LayerKind,
    Scene,
    TextInfo,
    TextKind,
    TextRun,
)
from .effects import NotDrawn, read_effects
from .icc import cmyk_colour

FILL_KINDS = {"solidcolorfill", "gradientfill", "patternfill"}
PLAIN_KINDS: set[LayerKind] = {"pixel", "group", "type", "shape", "smartobject", "artboard"}
JUSTIFY: dict[int, Justification] = {0: "left", 1: "right", 2: "center"}


def colour_mode(psd: PSDImage) -> ColourMode:
    name = psd.color_mode.name
    if name not in COLOUR_MODES:  # psd-tools' ColorMode has no other members
        raise ValueError(f"unknown colour mode {name}")
    return name


def _kind(layer) -> LayerKind:
    if layer.kind in PLAIN_KINDS:
        return layer.kind
    return "fill" if layer.kind in FILL_KINDS else "adjustment"


def _box(bbox) -> Box | None:
    x0, y0, x1, y1 = bbox
    return Box(x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def _bbox(layer) -> Box | None:
    if layer.is_group():
        try:
            return _box(Group.extract_bbox(layer, include_invisible=True))
        except (ValueError, TypeError):
            return None
    return _box(layer.bbox)


def _effects(layer) -> tuple[str, ...]:
    try:
        return tuple(type(e).__name__ for e in layer.effects if getattr(e, "enabled", True))
    except (AttributeError, KeyError, TypeError):
        return ()


def _reach(layer, effects: tuple[str, ...]) -> int:
    """How far the strokes and shadow assetkit draws paint beyond the layer's box."""
    for only_shadow in (False, True) if effects else ():
        try:
            found = read_effects(layer, lambda _: (0, 0, 0), only_shadow)
        except NotDrawn:
            continue
        except (AttributeError, KeyError, TypeError, ValueError):
            return 0
        return found.reach if found is not None else 0
    return 0


Paint = Callable[[list], tuple[int, int, int, int]]


def colour_reader(mode: ColourMode, cmyk_profile: bytes | None) -> Paint:
    """Type-data colours ([alpha, c1, c2, ...] floats 0..1 in the document's colour space) ->
    sRGBA 0..255; CMYK goes through the same ICC profile as the pixels."""
    def read(values) -> tuple[int, int, int, int]:
        v = [float(x) for x in values]
        alpha, rest = v[0], v[1:]
        if mode == "CMYK" and len(rest) >= 4 and cmyk_profile is not None:
            c, m, y, k = rest[:4]
            return (*cmyk_colour((c, m, y, k), cmyk_profile), round(255 * alpha))
        if mode == "CMYK" and len(rest) >= 4:
            c, m, y, k = rest[:4]
            rgb = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
        elif len(rest) == 1:
            rgb = rest * 3
        else:
            rgb = (rest + [0, 0, 0])[:3]
        r, g, b = (round(255 * min(max(x, 0.0), 1.0)) for x in rgb)
        return r, g, b, round(255 * alpha)

    return read


def _scale(transform) -> float:
    """The vertical scale of a text transform: font sizes are heights (research: size x yy)."""
    _, _, yx, yy = transform[:4]
    return math.hypot(yx, yy) or 1.0


def _text_box(layer, transform) -> tuple[TextKind, Box | None]:
    xx, xy, yx, yy, tx, ty = transform
    try:
        ph = layer.engine_dict["Rendered"]["Shapes"]["Children"][0]["Cookie"]["Photoshop"]
    except (KeyError, IndexError, TypeError):
        ph = {}
    if "BoxBounds" in ph:
        x0, y0, x1, y1 = (float(v) for v in ph["BoxBounds"])
        kind: TextKind = "paragraph"
    else:
        bounds = layer._data.text_data.get(b"bounds") if layer._data.text_data else None
        if bounds is None:
            return "point", None
        x0, y0, x1, y1 = (float(bounds[k]) for k in (b"Left", b"Top ", b"Rght", b"Btom"))
        kind = "point"
    corners = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    pts = [(x * xx + y * yx + tx, x * xy + y * yy + ty) for x, y in corners]
    xs, ys = zip(*pts, strict=True)
    return kind, Box(min(xs), min(ys), max(xs), max(ys))


def _runs(layer, text: str, paint: Paint, scale: float, bbox: Box | None
          ) -> tuple[TextRun, ...]:
    engine, resources = layer.engine_dict, layer.resource_dict
    fonts = [str(getattr(f["Name"], "value", f["Name"])) for f in resources["FontSet"]]
    default = resources["StyleSheetSet"][0]["StyleSheetData"]
    style_run = engine["StyleRun"]
    lines = max(1, text.count("\r") + text.count("\x03") + 1)
    runs, start = [], 0
    for length, item in zip(style_run["RunLengthArray"], style_run["RunArray"], strict=False):
        data = item["StyleSheet"]["StyleSheetData"]
        chunk = text[start:start + int(length)]
        start += int(length)
        if not chunk.strip("\r\x03"):
            continue
        inherited = "FontSize" not in data
        size = float(data.get("FontSize", default.get("FontSize", 12.0))) * scale
        if inherited and bbox is not None:  # the stored default is not what was rendered
            size = bbox.height / lines
        colour = data.get("FillColor", default.get("FillColor"))
        leading = None if data.get("AutoLeading", True) else float(data.get("Leading", 0)) * scale
        runs.append(TextRun(
            text=chunk, font=fonts[int(data.get("Font", default.get("Font", 0)))],
            size_px=round(size, 2), size_inherited=inherited,
            colour=paint(colour["Values"]) if colour else (0, 0, 0, 255),
            tracking=float(data.get("Tracking", 0)), leading_px=leading,
            faux_bold=bool(data.get("FauxBold", False)),
            faux_italic=bool(data.get("FauxItalic", False))))
    return tuple(_merge_runs(runs))


def _merge_runs(runs: list[TextRun]) -> list[TextRun]:
    out: list[TextRun] = []
    for run in runs:
        prev = out[-1] if out else None
        if prev and (prev.font, prev.size_px, prev.colour) == (run.font, run.size_px, run.colour):
            out[-1] = TextRun(prev.text + run.text, prev.font, prev.size_px, prev.colour,
                              prev.size_inherited, prev.tracking, prev.leading_px,
                              prev.faux_bold, prev.faux_italic)
        else:
            out.append(run)
    return out


def _justification(layer) -> Justification:
    try:
        props = layer.engine_dict["ParagraphRun"]["RunArray"][0]["ParagraphSheet"]["Properties"]
        return JUSTIFY.get(int(props.get("Justification", 0)), "justify")
    except (KeyError, IndexError, TypeError):
        return "left"


def read_text(layer, paint: Paint, bbox: Box | None) -> TextInfo | None:
    """A type layer's text facts; None when its type data cannot be read."""
    try:
        raw = layer.text or ""
        xx, xy, yx, yy, tx, ty = (float(v) for v in layer.transform)
        transform = (xx, xy, yx, yy, tx, ty)
        kind, box = _text_box(layer, transform)
        runs = _runs(layer, raw, paint, _scale(transform), bbox)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None
    text = unicodedata.normalize("NFC", raw.rstrip("\r"))
    return TextInfo(text=text, runs=runs, justification=_justification(layer), kind=kind,
                    box=box, transform=transform, warp=_warp(layer))


def _warp(layer) -> str | None:
    """Photoshop's warp style of a type layer ('warpArc', ...), None when it is not warped."""
    try:
        style = layer.tagged_blocks.get_data(Tag.TYPE_TOOL_OBJECT_SETTING).warp.get(b"warpStyle")
        name = style.enum.decode("ascii", "replace") if style is not None else "warpNone"
    except (AttributeError, KeyError, TypeError):
        return None
    return None if name == "warpNone" else name


def _resolution(psd: PSDImage) -> float:
    try:
        info = psd.image_resources.get_data(Resource.RESOLUTION_INFO)
        return round(info.horizontal / 65536, 2) if info else 72.0
    except (AttributeError, KeyError, TypeError):
        return 72.0


SYNTHETIC_ID = 1 << 30


def layer_ids(psd_layers: list) -> dict[int, int]:
    """Python id of each psd_tools layer -> a unique scene id: Photoshop's layer id when it is
    present and unique (writers like psd-tools' leave -1), else a synthetic one."""
    raw = [int(getattr(la, "layer_id", -1)) for la in psd_layers]
    out = {}
    for i, (layer, lid) in enumerate(zip(psd_layers, raw, strict=True)):
        out[id(layer)] = lid if lid >= 0 and raw.count(lid) == 1 else SYNTHETIC_ID + i
    return out


def _layer(layer, index: int, path: tuple[str, ...], paint: Paint, ids: dict[int, int]) -> Layer:
    kind = _kind(layer)
    bbox = _bbox(layer)
    parent = layer.parent
    effects = _effects(layer)
    return Layer(
        id=ids[id(layer)], name=layer.name, path=path, kind=kind,
        visible=bool(layer.is_visible()), opacity=layer.opacity / 255,
        fill_opacity=getattr(layer, "fill_opacity", 255) / 255,
        blend_mode=layer.blend_mode.name.lower(), clipping=bool(layer.clipping), bbox=bbox,
        index=index, parent=ids.get(id(parent)) if parent is not None else None,
        has_mask=bool(layer.has_mask()), has_vector_mask=bool(layer.has_vector_mask()),
        effects=effects, effect_reach=_reach(layer, effects),
        text=read_text(layer, paint, bbox) if kind == "type" else None,
        has_pixels=bool(layer.has_pixels()) if hasattr(layer, "has_pixels") else True,
    )


def walk(node, prefix: tuple[str, ...] = ()):
    """Every layer under `node` with its name path, bottom to top, groups before children."""
    for child in node:
        path = (*prefix, child.name)
        yield child, path
        if child.is_group():
            yield from walk(child, path)


def read_scene(psd: PSDImage, source: str, cmyk_profile: bytes | None = None) -> Scene:
    """The layer tree of an opened document, bottom to top, with text facts; no pixels."""
    mode = colour_mode(psd)
    walked = list(walk(psd))
    ids = layer_ids([layer for layer, _ in walked])
    paint = colour_reader(mode, cmyk_profile)
    layers = [_layer(layer, i, path, paint, ids) for i, (layer, path) in enumerate(walked)]
    artboards = tuple(Artboard(la.id, la.name, la.bbox) for la in layers
                      if la.kind == "artboard" and la.bbox is not None)
    return Scene(width=psd.width, height=psd.height, resolution=_resolution(psd),
                 colour_mode=mode, depth=psd.depth, layers=tuple(layers), artboards=artboards,
                 source=source)
