"""What the coded-text checks read: the slot's areas paired with the platform's strings, and
the image's own copy (visible type layers, by layer path, with the role the layout drew them
as). Shared by the coded.* check modules; decides nothing itself."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..coded import CodedArea, CodedStrings
from ..model import Slot
from ..scene import TEXT_ROLES
from .rendered import VariantContext


@dataclass(frozen=True)
class ImageCopy:
    layer: str  # the type layer's path
    role: str  # the role of the unit it was drawn in ('' when not drawn)
    text: str


def coded_pairs(asset: VariantContext | Slot, coded: CodedStrings | None = None
                ) -> Iterator[tuple[CodedArea, str]]:
    """(area, string) for each of the slot's areas the campaign gives a string for (of a
    variant, or of a slot and its strings)."""
    slot, strings = (asset.slot, asset.coded) if isinstance(asset, VariantContext) else (
        asset, coded or {})
    for area in slot.coded_text:
        text = strings.get(area.name, "").strip()
        if text:
            yield area, text


def _role_of(asset: VariantContext, path: str) -> str:
    for placement in asset.layout.placements:
        if any(path == p or path.startswith(p + "/") for p in placement.layers):
            return placement.role
    return ""


def image_copy(asset: VariantContext) -> list[ImageCopy]:
    """The text of every visible type layer, in layer order."""
    if asset.scene is None:
        return []
    return [ImageCopy(la.path_str, _role_of(asset, la.path_str),
                      la.text.text.replace("\r", "\n").replace("\x03", "\n"))
            for la in asset.scene.layers
            if la.visible and la.text is not None and la.text.text.strip()]


def pixel_text_roles(asset: VariantContext) -> list[str]:
    """Text roles the layout drew from pixels, not type layers (their copy is unknown)."""
    typed = {c.layer for c in image_copy(asset)}
    return [p.role for p in asset.layout.placements if p.role in TEXT_ROLES
            and not any(t == layer or t.startswith(layer + "/") for layer in p.layers
                        for t in typed)]
