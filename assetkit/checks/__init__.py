"""Checks: small modules satisfying `Check`, registered in the one dict CHECKS (id -> module)."""
from __future__ import annotations

from . import (
    build_complete,
    build_outputs,
    coded_conflict,
    coded_contrast,
    coded_covered,
    coded_duplicate,
    coded_file,
    coded_phrases,
    coded_too_long,
    coded_unknown,
    colour,
    dimensions,
    exif,
    extension,
    file_format,
    file_whole,
    fonts,
    layout_record,
    legibility,
    logo,
    logo_render,
    logo_text,
    main_image,
    palette,
    text_contrast,
    weight,
    zones,
)
from .base import AppliesTo, Check

# Order is report order. Scene/mask-based checks (palette, logo image, overlay zones,
# legibility, main image) register here with APPLIES_TO = "variant" once rendered masks exist.
CHECKS: dict[str, Check] = {
    file_whole.ID: file_whole,
    dimensions.ID: dimensions,
    weight.ID: weight,
    file_format.ID: file_format,
    extension.ID: extension,
    colour.ID: colour,
    exif.ID: exif,
    layout_record.ID: layout_record,
    build_outputs.ID: build_outputs,
    build_complete.ID: build_complete,
    fonts.ID: fonts,
    logo_text.ID: logo_text,
    logo.ID: logo,
    palette.ID: palette,
    zones.ID: zones,
    legibility.ID: legibility,
    text_contrast.ID: text_contrast,
    logo_render.ID: logo_render,
    main_image.ID: main_image,
    coded_covered.ID: coded_covered,
    coded_contrast.ID: coded_contrast,
    coded_too_long.ID: coded_too_long,
    coded_conflict.ID: coded_conflict,
    coded_duplicate.ID: coded_duplicate,
    coded_phrases.ID: coded_phrases,
    coded_unknown.ID: coded_unknown,
    coded_file.ID: coded_file,
}


def checks_for(kind: AppliesTo) -> dict[str, Check]:
    """The registered checks that apply to assets of `kind` (file|source|variant|build)."""
    return {cid: c for cid, c in CHECKS.items() if c.APPLIES_TO == kind}


__all__ = ["CHECKS", "Check", "checks_for"]
