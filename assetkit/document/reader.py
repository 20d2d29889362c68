"""Open PSD/PSB files safely (stated limits, integrity check) and hand out 8-bit sRGB pixels."""
from __future__ import annotations

import struct
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from PIL import Image
from psd_tools import PSDDecompressionWarning, PSDImage, PSDLargeImageWarning
from psd_tools.api.layers import TypeLayer
from psd_tools.constants import Resource

from ..errors import UnreadableDocument
from ..findings import number_against
from ..model import Finding
from ..scene import ColourMode, Scene
from .fills import descriptor_rgb, solid_fill_rgb
from .icc import cmyk_to_srgb, converts, default_cmyk_profile, profile_bytes
from .integrity import truncated_parts, truncation
from .pixels import LayerPixels, read_pixels
from .scene_reader import colour_mode, layer_ids, read_scene, walk

_READ_ERRORS = (OSError, ValueError, struct.error, EOFError, IndexError, KeyError)


@dataclass(frozen=True)
class DocumentLimits:
    """What a source may be. Raise with --max-megapixels / --max-side or in code."""

    max_megapixels: float = 300.0
    max_side: int = 60_000
    max_alloc_bytes: int = 4 * 1024**3


@dataclass(frozen=True)
class TextLayerInfo:
    """What the foundation needs of a type layer: where it is, its text and its fonts."""

    path: str
    text: str
    fonts: tuple[str, ...]


@contextmanager
def pillow_limit(limits: DocumentLimits) -> Iterator[None]:
    """Pillow's decompression-bomb limit set to the document's for one call (psd-tools decodes
    embedded images through Pillow), and put back after: no global setting outlives the call."""
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = int(limits.max_megapixels * 1e6)
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved


@contextmanager
def _decoding(limits: DocumentLimits, quiet: bool = False) -> Iterator[None]:
    """Pixels are decoded under the document's limits, and a channel psd-tools cannot decode
    (it would paint it black) raises PSDDecompressionWarning; with `quiet`, psd-tools' other
    warnings are ignored."""
    with warnings.catch_warnings(), pillow_limit(limits):
        if quiet:
            warnings.simplefilter("ignore")
        warnings.simplefilter("error", PSDDecompressionWarning)
        yield


class SourceDocument:
    """An opened source: size and mode facts, the flattened image, text layer facts."""

    def __init__(self, path: Path, psd: PSDImage, cmyk_profile: Path | None = None,
                 limits: DocumentLimits = DocumentLimits()) -> None:
        self.path = path
        self._psd = psd
        self._cmyk_profile = cmyk_profile
        self.limits = limits

    @property
    def size(self) -> tuple[int, int]:
        return self._psd.width, self._psd.height

    @property
    def colour_mode(self) -> ColourMode:
        return colour_mode(self._psd)

    @property
    def depth(self) -> int:
        return self._psd.depth

    @property
    def is_psb(self) -> bool:
        return self._psd.version == 2

    @property
    def has_preview(self) -> bool:
        return self._psd.has_preview()

    @property
    def icc_profile(self) -> bytes | None:
        try:
            return self._psd.image_resources.get_data(Resource.ICC_PROFILE)
        except (KeyError, AttributeError, ValueError):
            return None

    @cached_property
    def assumed_profile(self) -> bytes | None:
        """The CMYK profile assumed for a CMYK document that embeds none (brand rules'
        `colour_profile`, else assetkit's default FOGRA39 profile); None otherwise."""
        if self.colour_mode != "CMYK" or self.icc_profile is not None:
            return None
        return profile_bytes(self._cmyk_profile)

    def colour_findings(self) -> list[Finding]:
        """What the conversion to 8-bit sRGB had to assume or lose (psd-tools applies the
        embedded ICC profile when reading pixels)."""
        out = []
        if self.assumed_profile is not None:
            name = (self._cmyk_profile or default_cmyk_profile()).name
            out.append(Finding("colour.assumed-profile", "warning",
                               f"CMYK document without an embedded ICC profile: converted to "
                               f"sRGB with {name}; colours may shift", source=self.path.name))
        if self.depth == 32:
            out.append(Finding("colour.clipped", "warning",
                               "32-bit (linear) document reduced to 8-bit sRGB; highlights "
                               "above 1.0 are clipped", source=self.path.name))
        return out

    def flatten(self) -> Image.Image:
        """The whole document as 8-bit sRGB RGB or RGBA (Photoshop's stored composite if any)."""
        try:
            with _decoding(self.limits):
                image = self._stored_or_composite()
        except (*_READ_ERRORS, PSDDecompressionWarning, ImportError) as exc:
            raise UnreadableDocument(f"{self.path}: cannot composite: {_reason(exc)}") from None
        if image is None:
            raise UnreadableDocument(f"{self.path}: the document has no pixels to composite")
        return self.to_rgb(image)

    def to_rgb(self, image: Image.Image, alpha: Image.Image | None = None) -> Image.Image:
        """8-bit sRGB (RGB, or RGBA when there is alpha) from what psd-tools hands out: CMYK
        arrives only without an embedded profile, and goes through the assumed one."""
        if image.mode == "CMYK":
            rgb = cmyk_to_srgb(image, self.assumed_profile or profile_bytes(None))
            if alpha is not None:
                rgb.putalpha(alpha.convert("L"))
            return rgb
        return _to_rgb(image)

    def _stored_or_composite(self) -> Image.Image | None:
        # What psd.composite() returns for an unedited document with a stored composite, read
        # directly: composite() first imports psd_tools.composite (and scipy), ~0.6 s a process.
        if self._psd.has_preview() and not self._psd.is_updated():
            profile = self.icc_profile
            image = self._psd.topil(apply_icc=converts(profile))
            if image is None:
                raise ValueError("Failed to composite PSD image from preview")
            return image
        return self._psd.composite()

    @cached_property
    def scene(self) -> Scene:
        """The layer tree with text facts (roles unassigned); pixels stay unread."""
        try:
            return read_scene(self._psd, self.path.name, self.cmyk_profile)
        except _READ_ERRORS as exc:
            raise UnreadableDocument(f"{self.path}: cannot read the layer tree: {exc}") from None

    @cached_property
    def _layers_by_id(self) -> dict:
        layers = [layer for layer, _ in walk(self._psd)]
        ids = layer_ids(layers)
        return {ids[id(layer)]: layer for layer in layers}

    def layer_pixels(self, layer_id: int) -> LayerPixels | None:
        """One layer's pixels for the compositor (None: nothing to draw)."""
        layer = self.scene.by_id(layer_id)
        try:
            with _decoding(self.limits, quiet=True):
                return read_pixels(self._layers_by_id[layer_id], layer.effects,
                                   layer.blend_mode, layer.kind, self.to_rgb, self._colour_of)
        except (*_READ_ERRORS, PSDDecompressionWarning, ImportError) as exc:
            raise UnreadableDocument(f"{self.path}: cannot read pixels of layer "
                                     f"'{layer.path_str}': {_reason(exc)}") from None

    @property
    def cmyk_profile(self) -> bytes | None:
        """A CMYK document's profile: the embedded one, else the assumed one; None otherwise."""
        if self.colour_mode != "CMYK":
            return None
        return self.icc_profile or self.assumed_profile

    @cached_property
    def _descriptor_profile(self) -> bytes:
        """The CMYK profile descriptor colours (fills, effects) go through."""
        return self.cmyk_profile or profile_bytes(None)

    def _colour_of(self, descriptor) -> tuple[int, int, int] | None:
        return descriptor_rgb(descriptor, self._descriptor_profile)

    def fill_colour(self, layer_id: int) -> tuple[int, int, int] | None:
        """A solid-colour fill layer's colour as 8-bit sRGB (None: not one, or unreadable)."""
        layer = self._layers_by_id.get(layer_id)
        return solid_fill_rgb(layer, self._descriptor_profile) if layer is not None else None

    def has_alpha(self, layer_id: int) -> bool:
        """Whether a layer's own pixels have real transparency (some alpha < 250)."""
        pixels = self.layer_pixels(layer_id)
        return pixels is not None and pixels.has_transparency

    @cached_property
    def text_layers(self) -> tuple[TextLayerInfo, ...]:
        out = []
        for layer in self._psd.descendants():
            if not isinstance(layer, TypeLayer):  # kind "type"
                continue
            try:
                fonts = tuple(dict.fromkeys(layer.font_names or ()))
                text = unicodedata.normalize("NFC", layer.text or "")
            except _READ_ERRORS:
                fonts, text = (), ""
            out.append(TextLayerInfo(path=_layer_path(layer), text=text, fonts=fonts))
        return tuple(out)


def _layer_path(layer) -> str:
    names = []
    node = layer
    while node is not None and getattr(node, "kind", "psdimage") != "psdimage":
        names.append(node.name)
        node = node.parent
    return "/".join(reversed(names))


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode in ("LA", "PA", "La") or "A" in image.getbands():
        return image.convert("RGBA")
    return image.convert("RGB")


def _check_limits(path: Path, psd: PSDImage, limits: DocumentLimits) -> None:
    w, h = psd.width, psd.height
    if max(w, h) > limits.max_side:
        raise UnreadableDocument(
            f"{path}: {w}x{h} px is over the limit of {limits.max_side} px per side "
            f"(raise it with --max-side)")
    if w * h > limits.max_megapixels * 1e6:
        raise UnreadableDocument(
            f"{path}: {number_against(w * h / 1e6, limits.max_megapixels, 0)} MP is over the "
            f"limit of {limits.max_megapixels:g} MP "
            f"(raise it with --max-megapixels)")


def open_document(path: Path, limits: DocumentLimits = DocumentLimits(),
                  cmyk_profile: Path | None = None) -> SourceDocument:
    """Open a PSD/PSB read-only; any problem becomes one UnreadableDocument naming the file."""
    path = Path(path)
    try:
        with warnings.catch_warnings(), pillow_limit(limits):
            warnings.simplefilter("ignore", PSDLargeImageWarning)
            psd = PSDImage.open(path, max_alloc_bytes=limits.max_alloc_bytes)
    except FileNotFoundError:
        raise UnreadableDocument(f"{path}: file not found") from None
    except _READ_ERRORS as exc:
        short = truncation(path)
        raise UnreadableDocument(
            f"{path}: {short or f'not a readable PSD/PSB file ({_reason(exc)})'}") from None
    _check_limits(path, psd, limits)
    # a file shorter than its sections say (a header and section lengths, the merged image's
    # size: a few reads) is refused here, by every command, not when some pixel is read
    short = truncation(path)
    if short:
        raise UnreadableDocument(f"{path}: {short}")
    broken = truncated_parts(psd._record, psd.version)
    if broken:
        raise UnreadableDocument(
            f"{path}: truncated pixel data in {', '.join(broken[:3])}"
            + (f" and {len(broken) - 3} more" if len(broken) > 3 else ""))
    return SourceDocument(path, psd, cmyk_profile, limits)


def _reason(exc: BaseException) -> str:
    """The first line of an exception's message, without psd-tools' trailer after a ';'
    ("channel replaced with black. width=..." on a decode failure)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, PSDDecompressionWarning):
        text = text.split(";")[0]
    return text[:160]
