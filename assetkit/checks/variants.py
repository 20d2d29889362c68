"""The build hook for variant checks: every 'variant' check on one rendered variant."""
from __future__ import annotations

from collections.abc import Sequence

from ..coded import CodedStrings
from ..layout import Layout
from ..model import BrandRules, Finding, Target, frozen_map
from ..scene import Scene
from . import checks_for
from .base import CheckContext
from .rendered import VariantContext
from .run import run_checks


def variant_findings(ctx: VariantContext) -> list[Finding]:
    """Findings of every variant check (severity overrides come later, with the build's); a
    check that could not run is a `check.error` warning."""
    findings: list[Finding] = []
    for result in run_checks(checks_for("variant"), ctx, CheckContext(ctx.brand)):
        findings += result.findings
        if result.status == "error":
            findings.append(Finding("check.error", "warning",
                                    f"check '{result.check}' could not run: {result.reason}",
                                    **ctx.where))
    return findings


def check_rendered(pieces: Sequence, layout: Layout | None, target: Target,
                   brand: BrandRules | None, source: str, scene: Scene | None = None,
                   coded: CodedStrings | None = None) -> list[Finding]:
    """Variant findings of each rendered piece that carries role masks (the recompose path);
    flattened, sliced and artboard renders have none and are skipped."""
    findings: list[Finding] = []
    for piece in pieces:
        if piece.masks is None or layout is None:
            continue
        findings += variant_findings(VariantContext(
            piece.image, piece.masks, layout, target.slot, target.platform.id, brand, source,
            scene, frozen_map(coded), frozen_map(piece.contrast)))
    return findings
