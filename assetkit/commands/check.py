"""check(): exported files, build folders and PSD/PSB sources -> CheckReport (per asset, per
check: passed | failed | error | skipped, with findings). Also the source-check hook of build."""
from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..checks import checks_for
from ..checks.base import (
    BuildFolder,
    CheckContext,
    ImageFile,
    SourceFile,
)
from ..checks.results import AssetKind, AssetReport, CheckReport, CheckResult
from ..checks.run import run_checks, status_of
from ..errors import CannotCheck, InvalidConfig, UnreadableDocument, UsageError
from ..fsutil import broken_link, display_path, real_path
from ..model import (
    BrandRules,
    Campaign,
    Catalog,
    Finding,
    Output,
    SeverityOverrides,
    Target,
)
from ..pipeline.plan import SOURCE_SUFFIXES
from ..store.manifest import MANIFEST_NAME, Manifest, is_build_folder, read_manifest
from ..store.records import holds_store
from .campaign import open_campaign
from .image_facts import read_image_facts

if TYPE_CHECKING:
    from ..fonts.index import FontIndex

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif", ".avif"})


def _unreadable(path: Path, kind: AssetKind, reason: str, checks: Iterable[str]) -> AssetReport:
    results = tuple(CheckResult(c, "error", reason=f"could not read: {reason}") for c in checks)
    return AssetReport(display_path(path), kind, results, error=reason)


# ---------------------------------------------------------------- finding the slot of a file


class _Specs:
    """The platform catalogue (bundled, overlaid by a specs dir: `config.load_catalog`, as a
    build reads it), loaded on the first lookup: checking images of known slots needs it,
    checking a PSD does not."""

    def __init__(self, overlay: Path | None, warnings: list[str],
                 campaign: Campaign | None = None) -> None:
        self.overlay = overlay
        self.campaign = campaign  # its declared coded-text areas lie over the specs
        self.warnings = warnings  # unknown keys of the overlay's spec files

    @functools.cached_property
    def catalog(self) -> Catalog:
        from ..config import load_catalog
        from ..config.coded import with_campaign_areas

        catalog = load_catalog(self.overlay, self.warnings)
        return with_campaign_areas(catalog, self.campaign) if self.campaign else catalog

    def target(self, platform: str, slot_id: str) -> Target | None:
        spec = self.catalog.get(platform)
        slot = spec.slot(slot_id) if spec else None
        return Target(spec, slot) if spec and slot else None


def parse_slot(value: str, specs: _Specs) -> Target:
    """--slot PLATFORM/SLOT -> the Target; UsageError when it is malformed or unknown."""
    try:
        platform, slot_id = Target.split(value)
    except ValueError:
        platform, slot_id = "", None
    if not slot_id:
        raise UsageError(f"--slot expects PLATFORM/SLOT (like coupang/main), got '{value}'")
    target = specs.target(platform, slot_id)
    if target is None:
        raise UsageError(f"--slot {value}: unknown platform or slot (see: assetkit specs list)")
    return target


class _Manifests:
    """The nearest manifest.json above a file, read once per folder."""

    def __init__(self, warnings: list[str]) -> None:
        self._by_dir: dict[Path, tuple[Path, Manifest] | None] = {}
        self._outputs: dict[Path, dict[str, Output]] = {}
        self.warnings = warnings
        self.damaged: dict[Path, str] = {}  # build folder -> why its manifest.json cannot be read

    def _read(self, folder: Path) -> Manifest | None:
        if not is_build_folder(folder):
            return None
        try:
            return read_manifest(folder)
        except InvalidConfig as exc:
            if holds_store(folder):  # a build's folder: its manifest is damaged
                why = str(exc).removeprefix(f"{folder / MANIFEST_NAME}: ")
                self.damaged[folder] = (
                    f"{MANIFEST_NAME}: {why}; `assetkit manifest rebuild "
                    f"{display_path(folder)}` re-makes it from the build's records")
            else:  # a web-app manifest.json, say: not a build folder
                self.warnings.append(f"{exc}; ignored")
            return None

    def nearest(self, folder: Path) -> tuple[Path, Manifest] | None:
        chain = []
        found = None
        for d in (folder, *folder.parents):
            if d in self._by_dir:
                found = self._by_dir[d]
                break
            chain.append(d)
            manifest = self._read(d)
            if manifest is not None:
                found = (d, manifest)
                break
        for d in chain:
            self._by_dir[d] = found
        return found

    def output_for(self, path: Path) -> tuple[Path, Output | None] | None:
        hit = self.nearest(path.parent)
        if hit is None:
            return None
        root, manifest = hit
        if root not in self._outputs:
            self._outputs[root] = {o.path: o for o in manifest.outputs}
        return root, self._outputs[root].get(path.relative_to(root).as_posix())


# ---------------------------------------------------------------- assets


def _image_asset(path: Path, slot: Target | None, specs: _Specs, manifests: _Manifests
                 ) -> ImageFile:
    facts = read_image_facts(path)
    hit = manifests.output_for(path.resolve())
    output = hit[1] if hit else None
    if output is not None:
        target = specs.target(output.platform, output.slot)
        reason = (f"slot {output.platform}/{output.slot} from manifest.json is not in the specs"
                  if target is None else "")
        return ImageFile(path, display_path(path), facts, target, output, reason)
    where = (f"not listed in {display_path(hit[0] / MANIFEST_NAME)}" if hit
             else "not inside a build output")
    return ImageFile(path, display_path(path), facts, slot, None,
                     "" if slot else f"no slot: {where}; pass --slot PLATFORM/SLOT")


def _check_image(path: Path, slot: Target | None, specs: _Specs, manifests: _Manifests,
                 ctx: CheckContext, overrides: Sequence[SeverityOverrides]) -> AssetReport:
    checks = checks_for("file")
    try:
        asset = _image_asset(path, slot, specs, manifests)
    except CannotCheck as exc:
        return _unreadable(path, "file", str(exc), checks)
    results = run_checks(checks, asset, ctx, overrides)
    return AssetReport(asset.display, "file", results,
                       slot=asset.target.key if asset.target else None)


def _rendered(path: Path, stem: str, target: Target, ctx: CheckContext) -> list[Finding]:
    """What build records of `target` rendered from the source as build renders it (the
    campaign's mode, strings and layouts, this machine's resampler), nothing written."""
    from ..coded import coded_strings
    from ..document import DocumentLimits
    from ..pipeline.source import SourceJob
    from ..pipeline.variant import variant_findings
    from ..render.resample import default_backend

    campaign = ctx.campaign or Campaign()
    job = SourceJob(path=path, stem=stem, targets=(target,), template="", formats=(),
                    out_dir=Path("."), force=False, previous={}, limits=DocumentLimits(),
                    mode=campaign.mode, role_rules=campaign.role_rules, brand=ctx.brand,
                    layouts=campaign.layouts, resampler=default_backend(),
                    coded={target.key: dict(coded_strings(campaign, target))})
    return variant_findings(job, target)


def _result(name: str, found: Iterable[Finding], overrides: Sequence[SeverityOverrides]
            ) -> CheckResult:
    from ..findings import apply_overrides

    kept = tuple(apply_overrides(list(found), *overrides))
    return CheckResult(name, status_of(kept), kept)


def _slot_results(path: Path, stem: str, target: Target, ctx: CheckContext,
                  overrides: Sequence[SeverityOverrides], every: bool = True,
                  name: str = "coded") -> tuple[CheckResult, ...]:
    """The slot rendered once: its coded.* findings (check `name`, when the slot has coded
    text areas) and, with `every`, the rest of what build records of it (check `render`). A
    render that fails is those checks' error, in one line (the rest of the run goes on)."""
    from ..pipeline.results import source_failure

    names = ((name,) if target.slot.coded_text else ()) + (("render",) if every else ())
    started = time.perf_counter()
    try:
        found = _rendered(path, stem, target, ctx)
    except Exception as exc:  # one line; a bug's traceback goes to the crash log
        failed = source_failure(stem, path, exc, f"checking {target.key} of")
        reason = f"could not render {target.key}: {failed.detail}"
        return tuple(CheckResult(n, "error", reason=reason) for n in names)
    seconds = time.perf_counter() - started
    coded = [f for f in found if f.code.startswith("coded.")]
    rest = [f for f in found if not f.code.startswith("coded.")]
    return tuple(replace(_result(n, coded if n == name else rest, overrides), seconds=seconds)
                 for n in names)


def _check_source(path: Path, ctx: CheckContext, overrides: Sequence[SeverityOverrides],
                  role_rules: Sequence[tuple[str, str]], target: Target | None = None,
                  coded: Sequence[Target] = ()) -> AssetReport:
    """The source checks; with `target` (--slot) its coded-text checks, else those of each of
    `coded` (the campaign's slots with coded-text areas)."""
    from ..document import open_document
    from ..pipeline.naming import source_stems
    from ..understand import understand

    checks = checks_for("source")
    try:
        document = open_document(path, cmyk_profile=ctx.brand.colour_profile if ctx.brand
                                 else None)
    except UnreadableDocument as exc:
        return _unreadable(path, "source", str(exc), checks)
    understanding = functools.cache(lambda: understand(document, role_rules, ctx.brand))
    asset = SourceFile(path, display_path(path), document, understanding,
                       source_stems([path])[path])
    results = run_checks(checks, asset, ctx, overrides)
    if target is not None:
        extra = _slot_results(path, asset.stem, target, ctx, overrides)
        return AssetReport(asset.display, "source", (*results, *extra), slot=target.key)
    extra = tuple(r for t in coded for r in _slot_results(path, asset.stem, t, ctx, overrides,
                                                          every=False, name=f"coded {t.key}"))
    return AssetReport(asset.display, "source", (*results, *extra))


def _coded_targets(campaign: Campaign | None, specs: _Specs) -> tuple[Target, ...]:
    """Without --slot, the campaign's targets whose slot has coded-text areas: the slots a
    build of the campaign checks coded text on."""
    if campaign is None:
        return ()
    from ..pipeline.plan import select_targets

    return tuple(t for t in select_targets(specs.catalog, campaign.targets, strict=False)
                 if t.slot.coded_text)


def _check_build(folder: Path, images: Sequence[Path], manifests: _Manifests, ctx: CheckContext,
                 overrides: Sequence[SeverityOverrides]) -> AssetReport | None:
    real = folder.resolve()
    hit = manifests.nearest(real)
    if real in manifests.damaged:
        return _unreadable(folder, "build", manifests.damaged[real], checks_for("build"))
    if hit is None or hit[0] != real:
        return None  # its manifest.json is not an assetkit manifest
    inside = [p for p in images if folder in p.parents]
    asset = BuildFolder(folder, display_path(folder), hit[1], tuple(inside))
    return AssetReport(asset.display, "build", run_checks(checks_for("build"), asset, ctx,
                                                          overrides))


# ---------------------------------------------------------------- walking paths


def _walk(folder: Path) -> tuple[list[Path], list[Path]]:
    """Image and source files under `folder`, and folders holding a manifest, sorted."""
    files, builds = [], []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        if MANIFEST_NAME in filenames or is_build_folder(here):
            builds.append(here)
        files += [here / n for n in sorted(filenames) if not n.startswith(".")
                  and Path(n).suffix.lower() in IMAGE_SUFFIXES | SOURCE_SUFFIXES]
    return files, builds


def _collect(paths: Sequence[str | Path]) -> list[tuple[str, Path, tuple[Path, ...]]]:
    """(kind, path, images under it) in the order given: kind is missing | build | file;
    a file reached twice is checked once."""
    items: list[tuple[str, Path, tuple[Path, ...]]] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, folders = _walk(path)
            images = tuple(p for p in found if p.suffix.lower() in IMAGE_SUFFIXES)
            items += [("build", f, images) for f in folders]
        elif path.is_file():
            found = [path]
        else:
            items.append(("missing", path, ()))
            continue
        for file in found:
            real = real_path(file)
            if real not in seen:
                seen.add(real)
                items.append(("file", file, ()))
    return items


# ---------------------------------------------------------------- the library function


def _font_index_provider(brand: BrandRules | None,
                         index: FontIndex | None) -> Callable[[], FontIndex]:
    @functools.cache
    def provide() -> FontIndex:
        if index is not None:
            return index
        from ..fonts.index import FontIndex

        return FontIndex.build(brand.font_dirs if brand else ())

    return provide


def check(paths: Sequence[str | Path], *, slot: str | None = None, campaign: Campaign | Path | None = None, specs_dir: Path | None = None,
          brand_path: Path | None = None, brand: BrandRules | None = None,
          font_index: FontIndex | None = None) -> CheckReport:
    """Check exported images, build folders (manifest.json) and PSD/PSB sources; see README.

    Folders are walked. A file inside a build output gets its slot from the nearest
    manifest.json above it; other files use `slot` ('PLATFORM/SLOT'), else their
    slot-dependent checks are skipped. The font index is built only if a source is checked.
    Severity overrides of the brand rules, then the campaign (loaded, or the path of its
    file), apply.
    """
    opened, config_warnings = open_campaign(campaign)
    warnings: list[str] = list(config_warnings)
    campaign = opened or Campaign()
    brand_file = brand_path or campaign.brand
    if brand is None and brand_file:
        from ..config import load_brand

        brand = load_brand(brand_file, warnings)
    specs = _Specs(specs_dir or campaign.specs, warnings, campaign)
    target = parse_slot(slot, specs) if slot else None
    ctx = CheckContext(brand, _font_index_provider(brand, font_index), campaign)
    overrides = (brand.severity if brand else {}, campaign.severity)
    manifests = _Manifests(warnings)
    coded_slots = functools.cache(lambda: _coded_targets(opened, specs))
    assets: list[AssetReport] = []
    missing: list[str] = []
    for kind, path, images in _collect(paths):
        if kind == "missing":
            assets.append(_unreadable(path, "file", "no such file or folder", ()))
            missing.append(assets[-1].path)
        elif kind == "build":
            build = _check_build(path, images, manifests, ctx, overrides)
            assets += [build] if build else []
        elif (broken := broken_link(path)) is not None:
            source = path.suffix.lower() in SOURCE_SUFFIXES
            assets.append(_unreadable(path, "source" if source else "file", broken,
                                      checks_for("source" if source else "file")))
        elif path.suffix.lower() in SOURCE_SUFFIXES:
            assets.append(_check_source(path, ctx, overrides, campaign.role_rules, target,
                                        () if target else coded_slots()))
        else:
            assets.append(_check_image(path, target, specs, manifests, ctx, overrides))
    return CheckReport(tuple(assets), tuple(warnings), tuple(missing))
