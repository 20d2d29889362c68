"""Plan a run: which PSD/PSB files (paths, folders, globs), which platform slots (campaign
targets narrowed by --only, parsed by the one selector parser `Target.split`), with which
campaign, brand and output folder. Nothing is read but config; nothing is written."""
from __future__ import annotations

import glob
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import load_brand, load_catalog
from ..errors import UsageError
from ..layout import load_templates
from ..model import BrandRules, Campaign, Catalog, Target

SOURCE_SUFFIXES = frozenset({".psd", ".psb"})


def expand_sources(patterns: Sequence[str | Path], root: Path = Path(".")) -> list[Path]:
    """Files named or matched by `patterns` (folders mean their PSD/PSB files, recursively)."""
    found: dict[Path, None] = {}
    for pattern in patterns:
        path = Path(pattern).expanduser()
        path = path if path.is_absolute() else root / path
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.suffix.lower() in SOURCE_SUFFIXES)
        elif any(ch in str(pattern) for ch in "*?["):
            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
        elif path.exists():
            matches = [path]
        else:
            raise UsageError(f"{pattern}: no such file or folder")
        for match in matches:
            if match.is_file() and not match.name.startswith("."):
                found.setdefault(match, None)
    return list(found)


def _expand(catalog: Catalog, selector: str, what: str) -> list[Target]:
    try:
        platform_id, slot_id = Target.split(selector)
    except ValueError as exc:
        raise UsageError(f"{what} '{selector}': {exc}") from None
    spec = catalog.get(platform_id)
    if spec is None:
        known = ", ".join(catalog.platforms)
        raise UsageError(f"{what} '{selector}': unknown platform '{platform_id}' (known: {known})")
    if not slot_id:
        return [Target(spec, slot) for slot in spec.slots]
    slot = spec.slot(slot_id)
    if slot is None:
        known = ", ".join(s.id for s in spec.slots)
        raise UsageError(f"{what} '{selector}': platform '{platform_id}' has no slot "
                         f"'{slot_id}' (slots: {known})")
    return [Target(spec, slot)]


def select_targets(catalog: Catalog, targets: Sequence[str] = (),
                   only: Sequence[str] = (), *, strict: bool = True) -> tuple[Target, ...]:
    """Campaign targets (default: every slot of every platform), narrowed to `only` (with
    `strict`, an `only` that leaves nothing is a usage error)."""
    chosen: dict[str, Target] = {}
    for sel in targets or list(catalog.platforms):
        for t in _expand(catalog, sel, "target"):
            chosen.setdefault(t.key, t)
    if only:
        wanted = {t.key for sel in only for t in _expand(catalog, sel, "--only")}
        chosen = {k: t for k, t in chosen.items() if k in wanted}
        if not chosen and strict:
            raise UsageError(f"--only {' '.join(only)}: none of the campaign's targets match")
    return tuple(chosen.values())


@dataclass(frozen=True)
class BuildPlan:
    """Resolved inputs of a build: sources, targets, settings."""

    sources: tuple[Path, ...]
    targets: tuple[Target, ...]
    campaign: Campaign
    brand: BrandRules | None
    out_dir: Path
    scoped: bool
    warnings: tuple[str, ...] = ()
    targets_for: Mapping[Path, tuple[Target, ...]] = field(default_factory=dict)

    def source_targets(self, path: Path) -> tuple[Target, ...]:
        return self.targets_for.get(path, self.targets)


def plan_build(sources: Sequence[str | Path] = (), *, campaign: Campaign | None = None,
               specs_dir: Path | None = None, brand_path: Path | None = None,
               only: Sequence[str] = (), out: Path | None = None) -> BuildPlan:
    """Resolve what a build will do; raises UsageError/InvalidConfig before anything is written."""
    if campaign is None and not sources:
        raise UsageError("no sources given and no assetkit.yaml found here or above; "
                         "pass PSD files (and -o OUT) or run inside a campaign folder")
    if campaign is None and out is None:
        raise UsageError("no assetkit.yaml found: pass -o OUT to say where outputs go")
    campaign = campaign or Campaign(root=Path.cwd())
    warnings: list[str] = []
    catalog = load_catalog(specs_dir or campaign.specs, warnings)
    brand_file = brand_path or campaign.brand
    brand = load_brand(brand_file, warnings) if brand_file else None
    load_templates(campaign.layouts)  # a broken layouts file stops the build before it starts
    root = Path.cwd() if sources else campaign.root
    targets_for: dict[Path, tuple[Target, ...]] = {}
    for pattern in sources or campaign.sources:
        own = () if sources else campaign.source_targets.get(str(pattern), ())
        chosen = select_targets(catalog, own or campaign.targets, only, strict=False)
        for path in expand_sources([pattern], root):
            targets_for.setdefault(path, chosen)
    targets_for = {p: t for p, t in targets_for.items() if t}
    if not targets_for:
        select_targets(catalog, campaign.targets, only)  # the usage error that explains why
        raise UsageError("no PSD/PSB sources found"
                         + (f" for {', '.join(campaign.sources)}" if campaign.sources else ""))
    union = {t.key: t for ts in targets_for.values() for t in ts}
    return BuildPlan(tuple(targets_for), tuple(union.values()), campaign, brand,
                     Path(out or campaign.output), scoped=bool(only or sources),
                     warnings=tuple(warnings), targets_for=targets_for)
