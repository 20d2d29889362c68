"""Source: a logo-role layer exists when the brand requires one, and each logo-role layer is
the brand's master artwork: same aspect ratio (within 1%), same shape and colours
(assetkit.measure.logo: luma SSIM and CIEDE2000 at a common size)."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..errors import CannotCheck, NotApplicable
from ..findings import Where, number_against
from ..measure.logo import (
    MAX_ASPECT_ERROR,
    MAX_COLOUR_DE,
    MIN_SSIM,
    LogoMatch,
    compare_logo,
)
from ..model import Finding
from ..render.compositor import composite
from .base import AppliesTo, CheckContext, SourceFile

ID = "logo"
APPLIES_TO: AppliesTo = "source"
NEEDS_SLOT = False
CODES = ("logo.missing", "logo.aspect", "logo.mismatch")


@cache
def _master(path: Path) -> Image.Image:
    try:
        with Image.open(path) as im:
            return im.convert("RGBA")
    except (OSError, UnidentifiedImageError) as exc:
        raise CannotCheck(f"cannot read the logo master {path.name}: {exc}") from None


def _best(image: Image.Image, masters: tuple[Path, ...]) -> tuple[str, LogoMatch]:
    """The master the layer resembles most: one that passes, else the highest SSIM."""
    scored = [(p.name, compare_logo(image, _master(p))) for p in masters]
    return max(scored, key=lambda s: (s[1].aspect_ok and s[1].looks_ok, s[1].ssim))


def _findings(path: str, master: str, match: LogoMatch, where: Where) -> list[Finding]:
    out = []
    if not match.aspect_ok:
        out.append(Finding("logo.aspect", "error",
                           f"logo layer '{path}' has an aspect ratio {match.aspect_error:+.1%} "
                           f"off the master {master} (tolerance ±{MAX_ASPECT_ERROR:.0%}): "
                           "stretched, squashed or cropped", **where))
    if not match.looks_ok:
        out.append(Finding("logo.mismatch", "error",
                           f"logo layer '{path}' does not match the master {master}: luma SSIM "
                           f"{number_against(match.ssim, MIN_SSIM, 3)} (minimum {MIN_SSIM:g}), "
                           f"colour difference {number_against(match.colour_de, MAX_COLOUR_DE, 1)}"
                           f" ΔE00 (maximum {MAX_COLOUR_DE:g})", **where))
    return out


def run(asset: SourceFile, ctx: CheckContext) -> list[Finding]:
    brand = ctx.brand
    if brand is None or not (brand.logo.masters or brand.logo.required):
        raise NotApplicable("the brand rules name no logo master and require no logo")
    doc, scene = asset.document, asset.understood.scene
    logos = scene.with_role("logo")
    if not logos:
        if not brand.logo.required:
            return []
        return [Finding("logo.missing", "error", "no logo layer: the brand requires its logo "
                        "(tag the master logo's layer @logo)", source=asset.stem)]
    findings = []
    for layer in logos:
        part = composite(doc, scene, [layer])
        if part is None or part.image.getbbox() is None or not brand.logo.masters:
            continue
        try:
            master, match = _best(part.image, brand.logo.masters)
        except ValueError:  # no ink on white: a white logo cannot be measured this way
            raise CannotCheck(f"logo layer '{layer.path_str}' has no visible ink on white; "
                              "cannot compare it with the master") from None
        findings += _findings(layer.path_str, master, match,
                              {"source": asset.stem, "layer": layer.path_str})
    return findings
