"""Per-layer pixels for our compositor: raw pixels + mask where we can blend them ourselves,
otherwise psd-tools' own render of that one layer (flagged as such)."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from PIL import Image
from psd_tools.api import pil_io
from psd_tools.api.utils import check_pixel_size
from psd_tools.constants import ChannelID, ColorMode, Resource

from ..scene import LayerKind
from .effects import DRAWN, ColourOf, ColourOverlay, LayerEffects, NotDrawn, read_effects
from .icc import converts

ToRGB = Callable[[Image.Image, Image.Image | None], Image.Image]

# assetkit draws the effects in effects.DRAWN itself; a layer with any other effect (or a
# setting of one assetkit does not draw) is rendered by psd-tools with a finding.
OWN_BLENDS = {"normal", "multiply", "pass_through"}
RAW_KINDS: set[LayerKind] = {"pixel", "type", "smartobject"}


@dataclass(frozen=True)
class LayerPixels:
    """A layer's pixels at `offset` (document px). With `prerendered`, psd-tools has applied
    mask, opacity and fill (and, without `effects`, the effects it can draw); otherwise the
    compositor applies them. `effects` are what the compositor draws with the layer."""

    image: Image.Image  # RGBA
    offset: tuple[int, int]
    mask: Image.Image | None = None  # L
    mask_offset: tuple[int, int] = (0, 0)
    mask_default: int = 255
    prerendered: bool = False
    approximated: tuple[str, ...] = ()
    effects: LayerEffects | None = None
    # what assetkit draws of `effects` otherwise than Photoshop (named as `approximated` is,
    # but the effects are still assetkit's: a type layer is still re-set with them)
    faded: tuple[str, ...] = ()

    @property
    def has_transparency(self) -> bool:
        """Whether the layer's own pixels have real transparency (some alpha < 250)."""
        low = self.image.getchannel("A").getextrema()[0]  # one band: (min, max)
        return not isinstance(low, tuple) and low < 250


# Effects drawn when psd-tools renders the layer: it draws the overlays and the stroke, assetkit
# the drop shadow (`_shadow_only`); it drops the glow and the inner shadow, which assetkit draws
# only with all of a layer's effects.
KEPT_BY_PSD_TOOLS = {"ColorOverlay", "GradientOverlay", "Stroke", "DropShadow"}


FADED = "faded: "  # a note that is its own finding's message (after this mark)


def own_message(what: str) -> str | None:
    """The finding message a note carries itself (a FADED one), else None."""
    return what.removeprefix(FADED) if what.startswith(FADED) else None


def faded_under(fill: float, fx: LayerEffects | None) -> tuple[str, ...]:
    """What assetkit draws otherwise than Photoshop for a layer at `fill` opacity (0..1) below
    full: its drop shadow and outer glow fade with the fill (Photoshop keeps layer effects at
    full strength and knocks the shadow out under the layer's shape, not drawn here), unless
    a full colour overlay makes the layer's inside opaque whatever the fill."""
    if fx is None or not fx.paints_under or fill >= 0.995 or any(
            isinstance(o, ColourOverlay) and o.opacity >= 0.999 for o in fx.overlays):
        return ()
    under = [name for name, on in (("drop shadow", fx.shadow), ("outer glow", fx.glow))
             if on is not None]
    both = len(under) > 1
    return (f"{FADED}its {' and '.join(under)} {'fade' if both else 'fades'} with its fill "
            f"opacity ({math.floor(fill * 100)} %); Photoshop draws {'them' if both else 'it'} "
            "at full strength",)


def _fill(layer) -> float:
    return getattr(layer, "fill_opacity", 255) / 255


def _approximations(effects: tuple[str, ...], blend: str, why: str | None) -> tuple[str, ...]:
    """What psd-tools renders (or drops) for this layer instead of assetkit."""
    notes = [e for e in effects if e not in KEPT_BY_PSD_TOOLS]
    if why is not None:
        notes.append(why)
    if blend not in OWN_BLENDS:
        notes.append(f"blend mode {blend}")
    return tuple(notes)


def _mask(layer) -> tuple[Image.Image | None, tuple[int, int], int]:
    if not layer.has_mask() or getattr(layer.mask, "disabled", False):
        return None, (0, 0), 255
    image = layer.mask.topil()
    if image is None:
        return None, (0, 0), 255
    x0, y0, _, _ = layer.mask.bbox
    return image.convert("L"), (x0, y0), int(layer.mask.background_color)


_RGB_IDS = (ChannelID.CHANNEL_0, ChannelID.CHANNEL_1, ChannelID.CHANNEL_2)
_APPLY_ICC = getattr(pil_io, "_apply_icc", None)  # what topil converts colours with


def layer_image(layer) -> Image.Image | None:
    """`layer.topil()`'s pixels, read with fewer passes: a document's profile is applied only
    where it is not sRGB (psd-tools converts through the standard sRGB profile too, the
    identity: 0.40 s against 0.04 s for the large poster fixture's layers), and an 8-bit RGB
    layer's channels are mapped, not copied into zeroed images, and merged with its alpha at
    once (psd-tools merges the colours, converts them, then converts them to RGBA to add the
    alpha: a 3000x3000 layer, 72-110 MB less memory written). Anything else (16/32-bit,
    CMYK, grey, a channel missing, empty or repeated) goes through topil."""
    psd = layer._psd
    ids = [info.id for info in layer._record.channel_info]
    alpha = ChannelID.TRANSPARENCY_MASK
    wanted = (*_RGB_IDS, alpha) if alpha in ids else _RGB_IDS
    profile = psd.image_resources.get_data(Resource.ICC_PROFILE)
    icc = profile if converts(profile) else None
    plain = (psd.depth == 8 and psd.color_mode == ColorMode.RGB and layer.width > 0
             and layer.height > 0 and sorted(i for i in ids if i >= alpha) == sorted(wanted)
             and not (icc and _APPLY_ICC is None))
    channels = [layer._channels[ids.index(i)] for i in wanted] if plain else []
    if not channels or any(len(channel.data) == 0 for channel in channels):
        return layer.topil(apply_icc=icc is not None)
    size = (layer.width, layer.height)
    # psd-tools' allocation guard, for what is held here at the peak: the decoded channels
    # and the merged image (4 bytes a pixel)
    check_pixel_size(*size, len(wanted), max_alloc_bytes=psd._max_alloc_bytes,
                     estimated_bytes=size[0] * size[1] * (len(wanted) + 4), warn=False)
    bands = [Image.frombuffer("L", size, channel.get_data(*size, 8, psd.version), "raw", "L",
                              0, 1) for channel in channels]
    if icc is None:
        return Image.merge("RGBA" if len(bands) == 4 else "RGB", bands)
    assert _APPLY_ICC is not None
    image = _APPLY_ICC(Image.merge("RGB", bands[:3]), icc)
    if len(bands) == 4:
        image.putalpha(bands[3])
    return image


def _rgba(image: Image.Image, layer, to_rgb: ToRGB | None) -> Image.Image:
    if image.mode == "CMYK" and to_rgb is not None:  # no embedded profile: the assumed one
        alpha = layer.topil(channel=-1) if layer.has_pixels() else None
        return to_rgb(image, alpha).convert("RGBA")
    # psd-tools hands out a new image: an RGBA one is used as it is (convert would copy it)
    return image if image.mode == "RGBA" else image.convert("RGBA")


def _drawn_by_us(layer, effects: tuple[str, ...], blend: str, colour_of: ColourOf | None
                ) -> tuple[LayerEffects | None, str | None]:
    """The effects assetkit draws for this layer, or (None, why psd-tools must draw them)."""
    if not effects or colour_of is None or blend not in OWN_BLENDS:
        return None, None
    if not set(effects) <= DRAWN:
        return None, None
    try:
        return read_effects(layer, colour_of), None
    except NotDrawn as exc:
        return None, str(exc)


def _without_effects(layer) -> Image.Image | None:
    """psd-tools' render of a vector or fill layer with its effects switched off (in memory;
    the source file is never written)."""
    absent = object()
    saved = [(e.descriptor, e.descriptor.get(b"enab", absent)) for e in layer.effects]
    try:
        for descriptor, _ in saved:
            descriptor[b"enab"] = False
        return layer.composite()
    finally:
        for descriptor, value in saved:
            if value is absent:
                del descriptor[b"enab"]
            else:
                descriptor[b"enab"] = value


def _solid_fill(layer, colour_of: ColourOf | None, fx: LayerEffects | None
                ) -> LayerPixels | None:
    """A solid-colour fill layer drawn by us: its colour over the canvas, through its mask."""
    colour = colour_of(layer.data) if colour_of is not None else None
    if colour is None:
        return None
    psd = layer._psd
    mask, mask_offset, default = _mask(layer)
    return LayerPixels(Image.new("RGBA", (psd.width, psd.height), (*colour, 255)), (0, 0),
                       mask, mask_offset, default, effects=fx)


def _shadow_only(layer, colour_of: ColourOf | None) -> LayerEffects | None:
    if colour_of is None:
        return None
    try:
        return read_effects(layer, colour_of, only_shadow=True)
    except NotDrawn:
        return None


def read_pixels(layer, effects: tuple[str, ...], blend: str, kind: LayerKind,
                to_rgb: ToRGB | None = None, colour_of: ColourOf | None = None
                ) -> LayerPixels | None:
    """The pixels of one psd_tools layer; None when it has nothing to draw."""
    fx, why = _drawn_by_us(layer, effects, blend, colour_of)
    ours = blend in OWN_BLENDS and (not effects or fx is not None)
    if ours and getattr(layer, "kind", "") == "solidcolorfill" and not layer.has_vector_mask():
        filled = _solid_fill(layer, colour_of, fx)
        if filled is not None:
            return replace(filled, faded=faded_under(_fill(layer), fx))
    if ours and kind in RAW_KINDS and not layer.has_vector_mask():
        raw = layer_image(layer)
        if raw is not None and raw.width and raw.height:
            mask, mask_offset, default = _mask(layer)
            return LayerPixels(_rgba(raw, layer, to_rgb), (layer.left, layer.top), mask,
                               mask_offset, default, effects=fx,
                               faded=faded_under(_fill(layer), fx))
    unseen = layer.opacity * getattr(layer, "fill_opacity", 255) < 0.02 * 255 * 255
    notes: tuple[str, ...] = ()
    if fx is not None and not unseen:  # psd-tools draws the vector content, we the effects
        rendered = _without_effects(layer)
        notes = faded_under(_fill(layer), fx)
    else:
        if fx is not None:
            why = "effects of a layer at fill opacity 0 (drawn by psd-tools)"
        rendered = layer.composite()
        fx = _shadow_only(layer, colour_of) if "DropShadow" in effects else None
        notes = _approximations(effects, blend, why) + faded_under(_fill(layer), fx)
    if rendered is None or not rendered.width or not rendered.height:
        return None
    x0, y0, _, _ = layer.bbox
    return LayerPixels(_rgba(rendered, layer, to_rgb), (x0, y0), prerendered=True,
                       approximated=notes, effects=fx)
