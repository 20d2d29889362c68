"""Source: every visible text run's fill colour and every visible solid-colour fill layer is
within the brand's tolerance (CIEDE2000) of a palette colour."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np

from ..errors import NotApplicable
from ..measure.colour import delta_e
from ..model import Finding
from .base import AppliesTo, CheckContext, SourceFile

ID = "palette"
APPLIES_TO: AppliesTo = "source"
NEEDS_SLOT = False
CODES = ("palette.off-brand",)


def hex_colour(rgb: tuple[int, ...]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb[:3])


def nearest(rgb: tuple[int, ...], palette: Mapping[str, tuple[int, int, int]]
            ) -> tuple[str, float]:
    """The palette colour nearest to `rgb` and its CIEDE2000 distance."""
    names = list(palette)
    distances = delta_e(np.array([rgb[:3]] * len(names)), np.array([palette[n] for n in names]))
    best = int(np.argmin(distances))
    return names[best], float(distances[best])


def _colours(asset: SourceFile) -> Iterator[tuple[str, str, tuple[int, int, int]]]:
    """(layer path, what, colour) of each visible text colour and solid fill, once per layer."""
    for layer in asset.document.scene.layers:
        if not layer.visible:
            continue
        if layer.text is not None:
            seen = dict.fromkeys(r.colour[:3] for r in layer.text.runs if r.text.strip())
            yield from ((layer.path_str, "text colour", c) for c in seen)
        elif layer.kind == "fill":
            colour = asset.document.fill_colour(layer.id)
            if colour is not None:
                yield layer.path_str, "fill colour", colour


def run(asset: SourceFile, ctx: CheckContext) -> list[Finding]:
    brand = ctx.brand
    if brand is None or not brand.palette:
        raise NotApplicable("the brand rules define no palette")
    findings = []
    for path, what, rgb in _colours(asset):
        name, distance = nearest(rgb, brand.palette)
        if distance <= brand.palette_tolerance:
            continue
        findings.append(Finding(
            "palette.off-brand", "warning",
            f"{what} {hex_colour(rgb)} in layer '{path}' is off-brand: nearest palette colour "
            f"{name} {hex_colour(brand.palette[name])} is {distance:.1f} ΔE00 away "
            f"(tolerance {brand.palette_tolerance:g})", source=asset.stem, layer=path))
    return findings
