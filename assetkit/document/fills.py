"""Colours from Photoshop descriptors (fill layers, layer effects) as 8-bit sRGB."""
from __future__ import annotations

from .icc import cmyk_colour


def number(data, key: bytes, default: float | None = None) -> float:
    """A descriptor's number (plain or with a unit) as a float."""
    value = data.get(key, default)
    return float(getattr(value, "value", value))


def solid_fill_rgb(layer, cmyk_profile: bytes | None = None) -> tuple[int, int, int] | None:
    """A psd_tools SolidColorFill's colour; None for any other layer or colour model."""
    if getattr(layer, "kind", "") != "solidcolorfill":
        return None
    return descriptor_rgb(layer.data, cmyk_profile)


def descriptor_rgb(data, cmyk_profile: bytes | None = None) -> tuple[int, int, int] | None:
    """A colour descriptor (RGB, greyscale, HSB, or CMYK through `cmyk_profile` — naive without
    one) as 8-bit sRGB; None for other colour models."""
    if data is None:
        return None
    kind = bytes(getattr(data, "classID", b"")).strip()
    try:
        if kind == b"RGBC":
            rgb = [number(data, k) / 255 for k in (b"Rd  ", b"Grn ", b"Bl  ")]
        elif kind == b"Grsc":
            rgb = [1 - number(data, b"Gry ") / 100] * 3
        elif kind == b"HSBC":
            import colorsys

            rgb = list(colorsys.hsv_to_rgb(number(data, b"H   ") / 360,
                                           number(data, b"Strt") / 100,
                                           number(data, b"Brgh") / 100))
        elif kind == b"CMYC":
            c, m, y, k = (number(data, key) / 100 for key in (b"Cyn ", b"Mgnt", b"Ylw ", b"Blck"))
            if cmyk_profile is not None:
                return cmyk_colour((c, m, y, k), cmyk_profile)
            rgb = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
        else:
            return None
    except (TypeError, ValueError, KeyError):
        return None
    r, g, b = (round(255 * min(max(v, 0.0), 1.0)) for v in rgb)
    return r, g, b
