"""`assetkit inspect`: the understood document (layer tree, roles, boxes, fonts, effects)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..document import open_document
from ..model import BrandRules, Campaign, Finding
from ..scene import Scene, Understood
from ..understand import understand
from .campaign import campaign_brand, open_campaign, require_files


@dataclass(frozen=True)
class Inspection:
    scene: Scene
    findings: tuple[Finding, ...]
    understood: Understood
    warnings: tuple[str, ...] = ()  # about the campaign and brand files (unknown keys, ...)


def inspect(psd: Path, *, campaign: Campaign | Path | None = None
            ) -> Inspection:
    """PSD as `build` understands it with the campaign's (loaded, or the path of its file)
    role rules and brand."""
    require_files([psd])
    campaign, said = open_campaign(campaign)
    brand, brand_said = campaign_brand(campaign, None)
    found = inspect_document(psd, campaign.role_rules if campaign else (), brand)
    return replace(found, warnings=(*said, *brand_said))


def inspect_document(path: Path, rules: Sequence[tuple[str, str]] = (),
                     brand: BrandRules | None = None) -> Inspection:
    """The document as the build understands it, with the same role rules and brand."""
    doc = open_document(Path(path), cmyk_profile=brand.colour_profile if brand else None)
    understood = understand(doc, rules, brand)
    return Inspection(understood.scene, understood.findings, understood)
