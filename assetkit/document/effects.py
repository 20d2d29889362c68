"""Layer effects assetkit draws itself, read from psd_tools' effect descriptors into frozen types:
colour overlay, gradient overlay, stroke, drop shadow, outer glow and inner shadow. Sizes are
document pixels; `scaled` gives the same effects at another scale (re-set text, scaled role units)."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Self

from ..errors import NotDrawn
from .fills import number

Colour = tuple[int, int, int]
ColourOf = Callable[[object], Colour | None]  # a colour descriptor -> 8-bit sRGB

DRAWN = {"ColorOverlay", "GradientOverlay", "Stroke", "DropShadow", "OuterGlow", "InnerShadow"}
BLENDS = {"normal", "multiply"}
GLOW_BLENDS = {"normal", "multiply", "screen"}
LINEAR = [(0.0, 0.0), (255.0, 255.0)]  # the linear contour: the only falloff assetkit draws
GRADIENT_STYLES = {"linear", "radial", "angle", "reflected", "diamond"}


@dataclass(frozen=True)
class Shadow:
    """A drop shadow to draw under the layer: offset and blur in px, spread 0..1."""

    colour: Colour
    opacity: float
    dx: float
    dy: float
    blur: float
    spread: float
    multiply: bool

    def scaled(self, s: float) -> Self:
        return replace(self, dx=self.dx * s, dy=self.dy * s, blur=self.blur * s)


@dataclass(frozen=True)
class InnerShadow(Shadow):
    """A shadow cast inside the layer's shape by what lies outside it: the outside moved by
    the offset, choked by `spread` x blur, blurred, painted over the layer's content."""

    @property
    def context(self) -> int:
        """How far (px) outside a pixel the shadow looks to draw it."""
        return math.ceil(math.hypot(self.dx, self.dy) + self.blur)


@dataclass(frozen=True)
class Glow:
    """An outer glow to draw under the layer (Photoshop's softer technique, a solid colour):
    size (the blur) in px, spread 0..1, blend mode normal, multiply or screen."""

    colour: Colour
    opacity: float
    size: float
    spread: float
    blend: str
    range: float = 0.5  # 0..1: the share of the falloff the contour spans

    def scaled(self, s: float) -> Glow:
        return replace(self, size=self.size * s)


@dataclass(frozen=True)
class ColourOverlay:
    colour: Colour
    opacity: float
    multiply: bool

    def scaled(self, s: float) -> ColourOverlay:
        return self


@dataclass(frozen=True)
class GradientOverlay:
    """Stops are (location 0..1, colour) and (location 0..1, opacity 0..1); `box` is what the
    ramp spans (the layer's box when aligned with it, else the canvas), offset in px."""

    stops: tuple[tuple[float, Colour], ...]
    alphas: tuple[tuple[float, float], ...]
    style: str
    angle: float
    scale: float
    reverse: bool
    box: tuple[float, float, float, float]
    offset: tuple[float, float]
    opacity: float
    multiply: bool
    smoothness: float = 1.0  # 0..1

    def scaled(self, s: float) -> GradientOverlay:
        x0, y0, x1, y1 = self.box
        return replace(self, box=(x0 * s, y0 * s, x1 * s, y1 * s),
                       offset=(self.offset[0] * s, self.offset[1] * s))


@dataclass(frozen=True)
class Stroke:
    size: float
    position: str  # outside | inside | center
    colour: Colour
    opacity: float
    multiply: bool

    def scaled(self, s: float) -> Stroke:
        return replace(self, size=self.size * s)


@dataclass(frozen=True)
class LayerEffects:
    """What to draw with a layer: overlays bottom to top (gradient, then colour, then the inner
    shadow), strokes, and under it all the drop shadow, then the outer glow."""

    overlays: tuple[ColourOverlay | GradientOverlay | InnerShadow, ...] = ()
    strokes: tuple[Stroke, ...] = ()
    shadow: Shadow | None = None
    glow: Glow | None = None

    @property
    def context(self) -> int:
        """How many px around a pixel its overlays and strokes look at (bands need as many)."""
        looks = [math.ceil(s.size) for s in self.strokes]
        looks += [o.context for o in self.overlays if isinstance(o, InnerShadow)]
        return max(looks, default=0)

    @property
    def paints_under(self) -> bool:
        """Whether something is drawn under the layer and beyond it: a shadow or a glow."""
        return self.shadow is not None or self.glow is not None

    @property
    def blends_by_backdrop(self) -> bool:
        """Whether what is drawn under the layer blends with the backdrop otherwise than normal
        paint of its colour would: a multiply shadow or glow not black, a screen glow not
        white."""
        under = [(self.shadow.colour, "multiply" if self.shadow.multiply else "normal")] \
            if self.shadow is not None and self.shadow.opacity > 0 else []
        if self.glow is not None and self.glow.opacity > 0:
            under.append((self.glow.colour, self.glow.blend))
        return any((mode == "multiply" and tuple(c) != (0, 0, 0))
                   or (mode == "screen" and tuple(c) != (255, 255, 255)) for c, mode in under)

    @property
    def paints_inside(self) -> bool:
        """Whether there is more than a shadow: overlays or strokes drawn with the layer."""
        return bool(self.overlays or self.strokes)

    @property
    def reach(self) -> int:
        """How far (px) the effects paint beyond the layer's own pixels."""
        out = [s.size if s.position == "outside" else s.size / 2
               for s in self.strokes if s.position != "inside"]
        if self.shadow is not None:
            out.append(math.hypot(self.shadow.dx, self.shadow.dy) + self.shadow.blur)
        if self.glow is not None:
            out.append(self.glow.size)
        return math.ceil(max(out, default=0.0))

    def scaled(self, s: float) -> LayerEffects:
        return LayerEffects(tuple(o.scaled(s) for o in self.overlays),
                            tuple(k.scaled(s) for k in self.strokes),
                            self.shadow.scaled(s) if self.shadow else None,
                            self.glow.scaled(s) if self.glow else None)


def _enum(value) -> str:
    raw = getattr(value, "enum", value)
    raw = getattr(raw, "value", raw)
    if isinstance(raw, bytes):
        raw = raw.decode("latin-1")
    return str(raw).strip().lower()


def _mode(descriptor, allowed: set[str]) -> str:
    """The effect's blend mode; NotDrawn for one not in `allowed`."""
    mode = _enum(descriptor.get(b"Md  ", b"Nrml"))
    mode = {"nrml": "normal", "mltp": "multiply", "scrn": "screen"}.get(mode, mode)
    if mode not in allowed:
        raise NotDrawn(f"effect blend mode {mode}")
    return mode


def _blend(descriptor) -> bool:
    """True for multiply; NotDrawn for modes other than normal and multiply."""
    return _mode(descriptor, BLENDS) == "multiply"


def _colour(descriptor, colour_of: ColourOf) -> Colour:
    colour = colour_of(descriptor.get(b"Clr "))
    if colour is None:
        raise NotDrawn("effect colour model")
    return colour


def _global_angle(layer) -> float | None:
    try:
        from psd_tools.constants import Resource

        value = layer._psd.image_resources.get_data(Resource.GLOBAL_ANGLE)
        return float(value) if value is not None else None
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _shadow(effect, layer, colour_of: ColourOf, kind: type[Shadow] = Shadow) -> Shadow:
    """A drop shadow (or, with `kind`, an inner shadow: the same settings)."""
    d = effect.descriptor
    angle = number(d, b"lagl", 120.0)
    global_angle = _global_angle(layer) if bool(d.get(b"uglg", True)) else None
    angle = global_angle if global_angle is not None else angle
    distance = number(d, b"Dstn", 0.0)
    return kind(_colour(d, colour_of), number(d, b"Opct", 100.0) / 100,
                -math.cos(math.radians(angle)) * distance,
                math.sin(math.radians(angle)) * distance, number(d, b"blur", 0.0),
                number(d, b"Ckmt", 0.0) / 100, _blend(d))


def _plain_contour(d, what: str) -> None:
    """NotDrawn for a shaped contour or noise: assetkit draws the linear falloff only."""
    contour = d.get(b"TrnS") or {}
    curve = [(number(p, b"Hrzn", 0.0), number(p, b"Vrtc", 0.0)) for p in contour.get(b"Crv ", [])]
    if curve and curve != LINEAR:
        raise NotDrawn(f"{what} contour")
    if number(d, b"Nose", 0.0) > 0:
        raise NotDrawn(f"{what} noise")


def _inner_shadow(effect, layer, colour_of: ColourOf) -> Shadow:
    _plain_contour(effect.descriptor, "inner shadow")
    return _shadow(effect, layer, colour_of, InnerShadow)


def _outer_glow(effect, colour_of: ColourOf) -> Glow:
    """A solid-colour glow of the softer technique with the linear contour and no noise; the
    others (gradient glows, precise edges, shaped contours, noise) NotDrawn."""
    d = effect.descriptor
    if b"Grad" in d and b"Clr " not in d:
        raise NotDrawn("gradient glow")
    if _enum(d.get(b"GlwT", b"SfBL")) not in ("sfbl", "softer"):
        raise NotDrawn("precise glow")
    _plain_contour(d, "glow")
    return Glow(_colour(d, colour_of), number(d, b"Opct", 75.0) / 100, number(d, b"blur", 5.0),
                number(d, b"Ckmt", 0.0) / 100, _mode(d, GLOW_BLENDS),
                min(max(number(d, b"Inpr", 50.0) / 100, 0.01), 1.0))


def _colour_overlay(effect, colour_of: ColourOf) -> ColourOverlay:
    d = effect.descriptor
    return ColourOverlay(_colour(d, colour_of), number(d, b"Opct", 100.0) / 100, _blend(d))


def _stops(gradient, colour_of: ColourOf):
    if _enum(gradient.get(b"GrdF", b"CstS")) not in ("csts", "customstops"):
        raise NotDrawn("noise gradient")
    colours = []
    for stop in gradient.get(b"Clrs", []):
        kind = _enum(stop.get(b"Type", b"UsrS"))
        if kind in ("frgc", "foregroundcolor"):
            colour = (0, 0, 0)
        elif kind in ("bckc", "backgroundcolor"):
            colour = (255, 255, 255)
        else:
            colour = _colour(stop, colour_of)
        colours.append((number(stop, b"Lctn", 0) / 4096, colour))
    alphas = [(number(s, b"Lctn", 0) / 4096, number(s, b"Opct", 100) / 100)
              for s in gradient.get(b"Trns", [])]
    if not colours:
        raise NotDrawn("gradient without stops")
    return tuple(colours), tuple(alphas) or ((0.0, 1.0), (1.0, 1.0))


def _gradient_overlay(effect, layer, colour_of: ColourOf) -> GradientOverlay:
    d = effect.descriptor
    style = _enum(d.get(b"Type", b"Lnr "))
    style = {"lnr": "linear", "rdl": "radial", "angl": "angle", "rflc": "reflected",
             "dmnd": "diamond"}.get(style, style)
    if style not in GRADIENT_STYLES:
        raise NotDrawn(f"gradient style {style}")
    stops, alphas = _stops(d.get(b"Grad"), colour_of)
    aligned = bool(d.get(b"Algn", True))
    x0, y0, x1, y1 = (float(v) for v in layer.bbox) if aligned else (
        0.0, 0.0, float(layer._psd.width), float(layer._psd.height))
    box = (x0, y0, x1, y1)
    offset = d.get(b"Ofst") or {}
    width, height = x1 - x0, y1 - y0
    return GradientOverlay(stops, alphas, style, number(d, b"Angl", 90.0),
                           number(d, b"Scl ", 100.0) / 100, bool(d.get(b"Rvrs", False)), box,
                           (number(offset, b"Hrzn", 0) / 100 * width,
                            number(offset, b"Vrtc", 0) / 100 * height),
                           number(d, b"Opct", 100.0) / 100, _blend(d),
                           min(max(number(d.get(b"Grad"), b"Intr", 4096.0) / 4096, 0.0), 1.0))


def _stroke(effect, colour_of: ColourOf) -> Stroke:
    d = effect.descriptor
    if _blend(d):
        raise NotDrawn("stroke blend mode multiply")
    if _enum(d.get(b"PntT", b"SClr")) not in ("sclr", "solidcolor"):
        raise NotDrawn("gradient or pattern stroke")
    position = {"outf": "outside", "insf": "inside", "ctrf": "center"}.get(
        _enum(d.get(b"Styl", b"OutF")), "outside")
    return Stroke(number(d, b"Sz  ", 3.0), position, _colour(d, colour_of),
                  number(d, b"Opct", 100.0) / 100, _blend(d))


def read_effects(layer, colour_of: ColourOf, only_shadow: bool = False) -> LayerEffects | None:
    """The layer's enabled effects as LayerEffects (None: none of them); NotDrawn when one of
    them is something assetkit does not draw. `only_shadow` reads just the drop shadow."""
    if not getattr(layer.effects, "enabled", True):
        return None
    overlays: dict[str, list] = {"GradientOverlay": [], "ColorOverlay": [], "InnerShadow": []}
    strokes, shadow, glow = [], None, None
    for effect in layer.effects:
        name = type(effect).__name__
        if not getattr(effect, "enabled", True):
            continue
        if name == "DropShadow" and shadow is None:
            shadow = _shadow(effect, layer, colour_of)
        elif only_shadow:
            continue
        elif name == "OuterGlow" and glow is None:
            glow = _outer_glow(effect, colour_of)
        elif name == "InnerShadow" and not overlays[name]:
            overlays[name].append(_inner_shadow(effect, layer, colour_of))
        elif name == "ColorOverlay":
            overlays[name].append(_colour_overlay(effect, colour_of))
        elif name == "GradientOverlay":
            overlays[name].append(_gradient_overlay(effect, layer, colour_of))
        elif name == "Stroke":
            strokes.append(_stroke(effect, colour_of))
        else:
            raise NotDrawn(name)
    if len(strokes) > 1:
        raise NotDrawn("more than one stroke")
    found = LayerEffects(tuple(overlays["GradientOverlay"] + overlays["ColorOverlay"]
                               + overlays["InnerShadow"]), tuple(strokes), shadow, glow)
    return found if found != LayerEffects() else None
