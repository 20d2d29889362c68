"""Plan a run: which PSD/PSB files (paths, folders, globs), which platform slots (campaign
targets narrowed by --only, parsed by the one selector parser `Target.split`), with which
campaign, brand and output folder. Nothing is read but config; nothing is written."""
from __future__ import annotations

import glob
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.run import shared_font_index
from ..config import load_brand, load_catalog
from ..config.coded import with_campaign_areas
from ..document.integrity import has_psd_signature
from ..errors import UsageError
from ..fsutil import broken_link
from ..layout import load_templates
from ..model import BrandRules, Campaign, Catalog, Target
from ..store.ids import SourceId, source_ids

SOURCE_SUFFIXES = frozenset({".psd", ".psb"})


def _count(items: Sequence, noun: str) -> str:
    return f"{len(items)} {noun}" + ("" if len(items) == 1 else "es" if noun.endswith("h") else "s")


def _is_file(path: Path) -> bool:
    """A file, or a link that loops or leads nowhere: kept when its name is a source's, its
    build fails with one line saying so instead of the source going unbuilt without a word."""
    return path.is_file() or broken_link(path) is not None


def _named_source(path: Path, sniff: bool = False) -> bool:
    """A PSD/PSB by its name (with `sniff`, or by its first bytes), not hidden."""
    return not path.name.startswith(".") and (
        path.suffix.lower() in SOURCE_SUFFIXES or (sniff and has_psd_signature(path)))


def _is_source(path: Path, sniff: bool = False) -> bool:
    return _is_file(path) and _named_source(path, sniff)


def _in_folder(pattern: str, folder: Path) -> tuple[list[Path], str | None]:
    files = sorted(p for p in folder.rglob("*") if _is_file(p))
    found = [p for p in files if _named_source(p)]
    shown = pattern if pattern.endswith(("/", os.sep)) else f"{pattern}/"
    if found:
        return found, None
    return [], f"{shown}: " + (f"no .psd/.psb file ({_count(files, 'other file')})" if files
                               else "empty")


def _by_glob(pattern: str, path: Path) -> tuple[list[Path], str | None]:
    matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
    found = [p for p in matches if _is_source(p, sniff=True)]
    if found or not matches:
        return found, None if found else f"{pattern}: no match"
    return [], f"{pattern}: no .psd/.psb file among {_count(matches, 'match')}"


def _named(pattern: str, path: Path) -> tuple[list[Path], str | None]:
    if path.name.startswith("."):
        return [], f"{pattern}: a hidden file (its name starts with '.')"
    if _is_source(path, sniff=True):
        return [path], None  # a PSD the user named, whatever its file name says
    return [], f"{pattern}: not a .psd/.psb file"


def find_sources(pattern: str | Path, root: Path = Path(".")) -> tuple[list[Path], str | None]:
    """The PSD/PSB files a path, folder (recursively) or glob names, and, when it names none,
    why (`a*.psd: no match`); a missing path is a UsageError."""
    path = Path(pattern).expanduser()
    path = path if path.is_absolute() else root / path
    if path.is_dir():
        return _in_folder(str(pattern), path)
    if any(ch in str(pattern) for ch in "*?["):
        return _by_glob(str(pattern), path)
    if path.exists():
        return _named(str(pattern), path)
    raise UsageError(f"{pattern}: no such file or folder")


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


def _check_narrowed(targets_for: Mapping[Path, tuple[Target, ...]], catalog: Catalog,
                    campaign: Campaign, only: Sequence[str]) -> None:
    """A UsageError when `only` leaves no source a target: naming the campaign's targets when
    `only` matches none of them, else each source's own targets."""
    if any(targets_for.values()):
        return
    select_targets(catalog, campaign.targets, only)  # the error when no campaign target matches
    own = "; ".join(f"{s}: {', '.join(campaign.source_targets[s])}"
                    for s in campaign.source_targets)
    raise UsageError(f"--only {' '.join(only)}: no source has that target" +
                     (f" ({own})" if own else ""))


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
    root: Path = Path(".")  # source ids are paths relative to it
    narrowed: bool = False  # --only: the run's targets are a part of the campaign's
    ids: Mapping[Path, SourceId] = field(default_factory=dict)

    def source_targets(self, path: Path) -> tuple[Target, ...]:
        return self.targets_for.get(path, self.targets)


def source_root(campaign: Campaign, given: Path | None = None) -> Path:
    """Where source ids start: `given` (--source-root, the watched folder), the campaign's
    `source_root:` or its folder, or else the current folder."""
    if given is not None:
        return Path(given)
    return campaign.source_root or campaign.root  # Campaign(root=cwd) when there is no file


def plan_build(sources: Sequence[str | Path] = (), *, campaign: Campaign | None = None,
               specs_dir: Path | None = None, brand_path: Path | None = None,
               only: Sequence[str] = (), out: Path | None = None,
               id_root: Path | None = None) -> BuildPlan:
    """Resolve what a build will do; raises UsageError/InvalidConfig before anything is written."""
    if campaign is None and not sources:
        raise UsageError("no sources given and no assetkit.yaml found here or above; "
                         "pass PSD files (and -o OUT) or run inside a campaign folder")
    if campaign is None and out is None:
        raise UsageError("no assetkit.yaml found: pass -o OUT to say where outputs go")
    campaign = campaign or Campaign(root=Path.cwd())
    warnings: list[str] = []
    catalog = with_campaign_areas(load_catalog(specs_dir or campaign.specs, warnings), campaign)
    brand_file = brand_path or campaign.brand
    brand = load_brand(brand_file, warnings) if brand_file else None
    if brand is not None and brand.font_dirs:  # the index every process of the build reads
        warnings += shared_font_index(tuple(brand.font_dirs)).unreadable_in(brand.font_dirs)
    load_templates(campaign.layouts, warnings)  # a broken layouts file stops the build here
    root = Path.cwd() if sources else campaign.root
    targets_for: dict[Path, tuple[Target, ...]] = {}
    skipped: list[str] = []
    for pattern in sources or campaign.sources:
        own = () if sources else campaign.source_targets.get(str(pattern), ())
        chosen = select_targets(catalog, own or campaign.targets, only, strict=False)
        found, why = find_sources(pattern, root)
        skipped += [why] if why else []
        for path in found:
            targets_for.setdefault(path, chosen)
    if not targets_for:
        raise UsageError("no PSD/PSB sources found: "
                         + ("; ".join(skipped) or "the campaign lists no sources"))
    _check_narrowed(targets_for, catalog, campaign, only)
    targets_for = {p: t for p, t in targets_for.items() if t}
    warnings += [f"skipped {why}" for why in skipped]
    union = {t.key: t for ts in targets_for.values() for t in ts}
    base = source_root(campaign, id_root)
    return BuildPlan(tuple(targets_for), tuple(union.values()), campaign, brand,
                     Path(out or campaign.output), scoped=bool(only or sources),
                     warnings=tuple(warnings), targets_for=targets_for, root=base,
                     narrowed=bool(only),
                     ids=source_ids(list(targets_for), base))
