"""check(): exported files, build folders and PSD/PSB sources -> CheckReport (per asset, per
check: passed | failed | error | skipped, with findings). Also the source-check hook of build."""
from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..checks import checks_for
from ..checks.base import (
    BuildFolder,
    CheckContext,
    ImageFacts,
    ImageFile,
    SourceFile,
)
from ..checks.file_whole import CUT_SHORT
from ..checks.results import AssetKind, AssetReport, CheckReport, CheckResult
from ..checks.run import run_checks
from ..errors import CannotCheck, InvalidConfig, UnreadableDocument, UsageError
from ..fsutil import broken_link, display_path, real_path
from ..model import BrandRules, Campaign, Catalog, Output, SeverityOverrides, Target, frozen_map
from ..pipeline.plan import SOURCE_SUFFIXES
from ..store.manifest import MANIFEST_NAME, Manifest, is_build_folder, read_manifest
from ..store.records import holds_store
from .campaign import open_campaign

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


# How a whole file of each format starts and ends (JPEG's EOI marker, PNG's IEND chunk, GIF's
# trailer); a WebP says its length in its RIFF header
_STARTS = {b"\xff\xd8\xff": "JPEG", b"\x89PNG": "PNG", b"GIF8": "GIF", b"RIFF": "WEBP"}
_ENDINGS = {"JPEG": b"\xff\xd9", "PNG": b"IEND\xaeB`\x82", "GIF": b";"}


def _ending_missing(path: Path) -> bool:
    """Whether the file does not end as a whole JPEG, PNG, GIF or WebP does (False for other
    formats): its first and last bytes are read."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        head = handle.read(12)
        fmt = next((f for magic, f in _STARTS.items() if head.startswith(magic)), None)
        if fmt == "WEBP":
            return len(head) < 12 or size < 8 + int.from_bytes(head[4:8], "little")
        if fmt is None:
            return False
        ending = _ENDINGS[fmt]
        handle.seek(max(0, size - len(ending)))
        return handle.read() != ending


def _cut_short(path: Path, im) -> bool:
    """Whether the file ends before its image does: where its last bytes are not a whole
    file's ending, the pixels are decoded to be sure (some tools append bytes after a JPEG's
    end, and such a file is whole)."""
    if not _ending_missing(path):
        return False
    try:
        im.load()
    except (OSError, SyntaxError, ValueError):
        return True
    return False


def read_image_facts(path: Path) -> ImageFacts:
    """Header facts of an image file, and whether it is cut short; CannotCheck when Pillow
    cannot identify it."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            exif = im.getexif()
            return ImageFacts(
                format=im.format or "unknown", size=im.size, mode=im.mode,
                bytes=path.stat().st_size, icc_profile=im.info.get("icc_profile") or None,
                exif=frozen_map({k: v for k, v in exif.items() if k not in (0x8769, 0x8825)}),
                exif_ifd=frozen_map(exif.get_ifd(0x8769)), gps=frozen_map(exif.get_ifd(0x8825)),
                cut_short=_cut_short(path, im))
    except UnidentifiedImageError:
        raise CannotCheck("not an image Pillow can identify") from None
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        cut = _ending_missing(path) if path.is_file() else False
        raise CannotCheck(CUT_SHORT.format(path.stat().st_size) if cut
                          else str(exc) or type(exc).__name__) from None


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


def _coded_result(path: Path, stem: str, target: Target, ctx: CheckContext,
                  overrides: Sequence[SeverityOverrides], name: str = "coded") -> CheckResult:
    """The coded.* findings of `target` rendered from the source as build renders it (with the
    campaign's strings): the copy and pixel checks a build makes, here without writing."""
    from ..coded import coded_strings
    from ..document import DocumentLimits
    from ..findings import apply_overrides
    from ..pipeline.variant import SourceJob, variant_check_findings

    campaign = ctx.campaign or Campaign()
    job = SourceJob(path=path, stem=stem, targets=(target,), template="", formats=(),
                    out_dir=Path("."), force=False, previous={}, limits=DocumentLimits(),
                    role_rules=campaign.role_rules, brand=ctx.brand, layouts=campaign.layouts,
                    coded={target.key: dict(coded_strings(campaign, target))})
    found = tuple(apply_overrides([f for f in variant_check_findings(job, target)
                                   if f.code.startswith("coded.")], *overrides))
    failed = any(f.severity in ("error", "warning") for f in found)
    return CheckResult(name, "failed" if failed else "passed", found)


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
        extra: tuple[CheckResult, ...] = (_coded_result(
            path, asset.stem, target, ctx, overrides),) if target.slot.coded_text else ()
        return AssetReport(asset.display, "source", (*results, *extra), slot=target.key)
    extra = tuple(_coded_result(path, asset.stem, t, ctx, overrides, f"coded {t.key}")
                  for t in coded)
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
