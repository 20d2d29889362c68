"""The localize chain for one source, after the command has planned the run (commands/
localize.py): open -> understand -> translations -> fitted text -> page -> localized PSD ->
slices per detail slot through the build's stages and writer; and the run's manifest."""
from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

from PIL import Image

from .. import __version__
from ..checks.slice_legibility import PageText, slice_findings
from ..document import DocumentLimits, open_document
from ..document.pixels import faded_under, own_message
from ..encode import settings_for
from ..encode.solver import candidate_formats
from ..findings import Where, severity_table
from ..fonts.resolve import FontResolver, face_record
from ..fsutil import Staged, discarded_if_raised, file_sha256, put_all, write_atomic, write_staged
from ..geometry import Box
from ..layout.slices import cut_findings
from ..localize.ink import ink_findings
from ..localize.page import COMPOSITE_LIMIT, SetText, base_page, fit_translations, lay_text
from ..localize.provider import Translator
from ..localize.raster_text import raster_text_findings
from ..localize.strings import render_strings
from ..localize.units import (
    Translation,
    apply_translations,
    scene_strings,
    with_targets,
)
from ..model import (
    BrandRules,
    Campaign,
    DetailRule,
    Failure,
    Finding,
    Output,
    Target,
    frozen_map,
)
from ..pipeline.stages import Encoding, detail_page, encode_page
from ..pipeline.write import Destination, inputs_key, write_outputs
from ..render.compositor import PixelCache
from ..render.resample import Resampler, default_backend
from ..render.text.layer import drawn_effects
from ..scene import Scene, TextInfo
from ..store.ids import SourceId, localized_id
from ..store.manifest import MANIFEST_NAME, ManifestHead
from ..store.publish import publish
from ..store.records import SourceStat, scratch_dir
from ..store.store import Decision, OutputStore
from ..understand import understand


@dataclass(frozen=True)
class LocalizedSource:
    """One source made into `lang`: the page, the texts set, what was written."""

    source: str
    lang: str
    page: Image.Image
    texts: tuple[SetText, ...]
    outputs: tuple[Output, ...]
    findings: tuple[Finding, ...]
    psd: Path | None = None
    snippets: tuple[Path, ...] = ()
    machine: Path | None = None  # machine translations as XLIFF (needs-review)
    unit_ids: tuple[str, ...] = ()  # the string units of its text layers


@dataclass(frozen=True)
class LocalizeJob:
    """What every source of one localize run shares (commands/localize.py builds it)."""

    lang: str
    source_lang: str | None
    targets: tuple[tuple[Target, DetailRule], ...]  # the detail slots
    brand: BrandRules | None
    campaign: Campaign
    out_dir: Path
    fonts: FontResolver  # the run's font index and substitution table
    translated_by: Mapping[str, Translation] | Translator  # a translations file's, or an MT's
    provenance: str  # the translations file digest or the MT provider: part of inputs keys
    limits: DocumentLimits = DocumentLimits()
    require_complete: bool = False  # a layer left untranslated is an error, not a warning
    composite_limit: int = COMPOSITE_LIMIT
    fonts_digest: Mapping[str, str] = field(default_factory=dict)  # fonts.digest(), once
    resampler: Resampler = field(default_factory=lambda: Resampler(default_backend()))


# ---- one source ----

FAILED = "localize.source-failed"


def failure_finding(failure: Failure) -> Finding:
    return Finding(FAILED, "error", failure.detail, source=failure.source)


def localize_source(path: Path, stem: str, job: LocalizeJob) -> LocalizedSource:
    """Open -> understand -> translations -> fitted text -> page -> PSD -> slices per slot."""
    doc = open_document(path, job.limits, job.brand.colour_profile if job.brand else None)
    scene = understand(doc, job.campaign.role_rules, job.brand).scene
    pixels = PixelCache(doc)  # each layer read once for the raster-text test, page and ink
    targets, findings, machine = _translate(scene, stem, job)
    findings += raster_text_findings(pixels, scene, stem)
    texts, fit_findings = fit_translations(
        scene, targets, job.fonts,
        min_px=job.brand.min_text_px if job.brand else None, source=stem,
        effects_of=lambda layer: drawn_effects(doc, layer))
    findings += fit_findings
    base, approximated = base_page(doc, scene, {t.layer.id for t in texts},
                                   limit=job.composite_limit, pixels=pixels)
    page = lay_text(base, texts)
    approximated += tuple((t.layer.path_str, what) for t in texts
                          for what in faded_under(t.layer.fill_opacity, t.effects))
    findings += [Finding("localize.approximated", "info", f"layer '{layer}': "
                         + (own_message(what) or f"{what} approximated by assetkit's compositor"),
                         source=stem, layer=layer) for layer, what in approximated]
    findings += ink_findings(pixels, scene, texts, targets, stem, reported={
        f.layer for f in fit_findings if f.code == "localize.overflow" and f.layer})
    staged: list[Staged] = []
    with discarded_if_raised(staged):  # in place once every slot's are made, as a build's
        sliceable = _Sliceable(page, _text_zones(scene, texts), _page_texts(scene, texts),
                               file_sha256(path), _face_records(texts))
        outputs, snippets, sliced = [], [], []
        for target, detail in job.targets:
            made, files, slot_findings = _slice_target(sliceable, target, detail, stem, job)
            outputs += made
            staged += files
            sliced += slot_findings
            if made:  # the slot's <div>, put after its slices
                staged.append(_write_snippet(made, target, stem, job, sliceable.zones,
                                             sliceable.scale(detail)))
                snippets.append(staged[-1].path)
        # the localized PSD last: it is put once the slices showing its text are in place
        psd, psd_findings = _write_psd(path, stem, job, texts, page, doc.cmyk_profile)
        staged += [psd] if psd is not None else []
        findings += [*psd_findings, *sliced]  # the page's, then each slot's
    put_all(staged)
    return LocalizedSource(stem, job.lang, page, tuple(texts), tuple(outputs),
                           tuple(dict.fromkeys(findings)), None if psd is None else psd.path,
                           tuple(snippets), machine,
                           tuple(u.id for u in scene_strings(scene)))


def _translate(scene: Scene, stem: str, job: LocalizeJob
               ) -> tuple[dict[int, str], list[Finding], Path | None]:
    """{layer id: target text} and findings; machine output is also written as XLIFF."""
    from ..localize.translators import machine_translate

    units = scene_strings(scene, job.lang)
    if isinstance(job.translated_by, Mapping):
        applied, findings = apply_translations(units, job.translated_by, job.require_complete)
        return applied, findings, None
    machine = machine_translate(units, job.translated_by, job.source_lang, job.lang)
    path = job.out_dir / stem / f"{stem}.{job.lang}.mt.xlf"
    write_atomic(path, render_strings(with_targets(units, machine.translations), "xliff",
                                      job.source_lang, job.lang), scratch_dir(job.out_dir))
    applied, findings = apply_translations(units, machine.translations, job.require_complete)
    findings += [Finding("localize.mt-protection", "warning",
                         f"left in the source language: {machine.lost[u.id]}",
                         source=u.document, layer=u.resname) for u in units if u.id in machine.lost]
    return applied, findings, path


def _write_psd(path: Path, stem: str, job: LocalizeJob, texts: Sequence[SetText], page: Image.Image,
               cmyk_profile: bytes | None) -> tuple[Staged | None, list[Finding]]:
    """The localized PSD (`.psb` for a PSB) in the source's mode and depth, written aside
    (the caller puts it), else a warning."""
    from ..document.localized_psd import PreviewUnsupported, TextPixels, write_localized_psd

    out = job.out_dir / stem / f"{stem}.{job.lang}.psd"
    pixels = [TextPixels(t.layer.name, image, *offset)
              for t in texts for image, offset in [t.drawn()]]
    approximated = [Finding("localize.psd-layer-approximated", "warning",
                            "its text layer in the localized PSD holds the text and effects "
                            "as normal paint (a multiply layer, or a coloured multiply shadow "
                            "or screen glow, blends with the page there): the page and the "
                            "PSD's merged preview are exact", source=stem, layer=t.layer.path_str)
                    for t in texts if t.blends_by_backdrop]
    try:
        return write_localized_psd(path, out, lang=job.lang, hide=[t.layer.id for t in texts],
                                   texts=pixels, preview=page, cmyk_profile=cmyk_profile,
                                   scratch=scratch_dir(job.out_dir)), approximated
    except PreviewUnsupported as exc:
        return None, [Finding("localize.psd-unsupported", "warning",
                              f"{exc}; the slices are written", source=stem)]


def _text_zones(scene: Scene, texts: Sequence[SetText]) -> list[tuple[Box, str]]:
    """(box, text) of every text on the page, document px: the fitted translations and the type
    layers that kept their own pixels. Slices are never cut through their lines."""
    replaced = {t.layer.id for t in texts}
    zones = [(t.ink, t.text) for t in texts]
    zones += [(cast(Box, la.bbox), cast(TextInfo, la.text).text) for la in scene.type_layers()
              if la.id not in replaced]
    return zones


def _page_texts(scene: Scene, texts: Sequence[SetText]) -> list[PageText]:
    """Every text on the page with its smallest font size (document px), for the slices'
    legibility: the fitted translations at their fitted size, the kept type layers as set."""
    replaced = {t.layer.id for t in texts}
    out = [PageText(t.layer.path_str, t.ink, t.fit.size_px) for t in texts
           if t.fit.size_px is not None]
    for la in scene.layers:
        sizes = [r.size_px for r in la.text.runs if r.text.strip()] if la.text else []
        if sizes and la.visible and la.bbox is not None and la.id not in replaced:
            out.append(PageText(la.path_str, la.bbox, min(sizes)))
    return out


# ---- one detail slot ----

def _inputs_key(digest: str, target: Target, job: LocalizeJob) -> str:
    return inputs_key(digest, repr(target.slot), target.platform.id, job.lang, job.provenance,
                      job.campaign.filename, tuple(job.campaign.formats), repr(job.brand),
                      sorted(job.fonts_digest.items()))


def _face_records(texts: Sequence[SetText]) -> tuple[Mapping[str, str], ...]:
    """The face files that set the page's text, each once (fonts.resolve.face_record)."""
    faces = dict.fromkeys(f for t in texts if t.fit.render for f in t.fit.render.faces)
    return tuple(frozen_map(face_record(f)) for f in faces)


@dataclass(frozen=True)
class _Sliceable:
    """The localized page and what each slot's slices take from it: the text zones (for the
    cutter and the snippet's alt text), the texts with their sizes (slice legibility), the
    source's digest and the faces drawn."""

    image: Image.Image
    zones: list
    texts: Sequence[PageText]
    digest: str
    fonts: tuple[Mapping[str, str], ...]

    def scale(self, detail: DetailRule) -> float:
        """The page's scale in a detail slot (its width)."""
        return detail.width / self.image.width


def _slice_target(sliceable: _Sliceable, target: Target, detail: DetailRule, stem: str,
                  job: LocalizeJob
                  ) -> tuple[list[Output], list[Staged], list[Finding]]:
    """One detail slot's slices (written aside: the caller puts them) and findings."""
    page, zones, texts = sliceable.image, sliceable.zones, sliceable.texts
    slot = target.slot
    where: Where = {"source": stem, "platform": target.platform.id, "slot": slot.id}
    scale = sliceable.scale(detail)
    size = (detail.width, max(1, round(page.height * scale)))
    findings = ([Finding("layout.upscaled", "warning", f"the page is upscaled x{scale:.2f} to "
                         f"{size[0]} px for this slot", **where)] if scale > 1.001 else [])
    formats = candidate_formats(slot.formats, job.campaign.formats)
    if not formats:
        return [], [], [*findings, Finding("encode.no-format", "error", "none of the slot's "
                                           "formats is enabled in the campaign", **where)]
    cut = detail_page(page, size, detail.max_slice_height,
                      [box.scaled(scale).as_tuple() for box, _ in zones], job.resampler)
    findings += cut_findings(cut.cuts, where)
    how = Encoding(tuple(formats), slot.cap_bytes(slice=True), settings_for(slot))
    pieces, enc_findings = encode_page(cut, how, where)
    findings += enc_findings
    findings += slice_findings(texts, scale, [p.slice for p in pieces if p.slice], slot,
                               job.brand, where)
    dest = Destination(job.out_dir, job.campaign.filename, stem, job.lang)
    key = _inputs_key(sliceable.digest, target, job)
    outputs, staged = write_outputs(dest, target, [replace(p, fonts=sliceable.fonts)
                                                   for p in pieces], key, findings=findings)
    return outputs, staged, findings


def snippet_path(out_dir: Path, stem: str, platform: str, slot: str, lang: str) -> Path:
    return out_dir / stem / platform / f"{slot}.{lang}.html"


def _write_snippet(outputs: Sequence[Output], target: Target, stem: str, job: LocalizeJob, zones,
                   scale: float) -> Staged:
    """<div> of the slices in order; each alt is the text whose middle it holds, top down
    (written aside: the caller puts it)."""
    lines = [f'<div class="assetkit-detail" lang="{html.escape(job.lang)}">']
    ordered = sorted(zones, key=lambda z: (z[0].y0, z[0].y1, z[1]))
    for out in outputs:
        y0, y1 = (out.slice.y0, out.slice.y1) if out.slice else (0, out.height)
        alt = " ".join(" ".join(text.split()) for box, text in ordered
                       if y0 <= (box.y0 + box.y1) / 2 * scale < y1)
        lines.append(f'  <img src="{html.escape(Path(out.path).name)}" width="{out.width}" '
                     f'height="{out.height}" alt="{html.escape(alt)}">')
    lines.append("</div>\n")
    path = snippet_path(job.out_dir, stem, target.platform.id, target.slot.id, job.lang)
    return write_staged(path, "\n".join(lines).encode("utf-8"), scratch_dir(job.out_dir))


# ---- the manifest ----

def merge_manifest(job: LocalizeJob, done: Sequence[LocalizedSource], failures: Sequence[Failure],
                   findings: Sequence[Finding], ids: Mapping[str, tuple[Path, SourceId]],
                   store: OutputStore) -> Path:
    """Commit each source's slices in this language as its own record (`<id>@<lang>`): new
    slices replace this language's slices of the same source and slot (files removed), its
    localize findings the earlier ones; a failed source keeps its earlier slices with its
    failure as the finding. Then the index and manifest.json, like a build's (the caller
    opened `store` (the folder's, recovered if the last run died), then the run's journal,
    before its first file, and closes the journal after)."""
    for source in done:
        path, sid = ids[source.source]
        rid = SourceId(localized_id(sid.id, job.lang))
        decision = Decision(rid, SourceStat.of(path), record=store.record(rid), merge=True)
        built = {t.key: job.provenance for t, _ in job.targets}
        store.commit(decision, file_sha256(path), built, source.outputs,
                     tuple(f for f in findings if f.source == source.source))
    for failure in failures:
        path, sid = ids[failure.source]
        rid = SourceId(localized_id(sid.id, job.lang))
        old = store.record(rid)
        earlier = tuple(f for f in (old.findings if old else ())
                        if f.platform is None and f.code != FAILED)
        decision = Decision(rid, SourceStat.of(path), record=old, merge=True)
        store.commit(decision, old.sha256 if old else "", {}, (),
                     (*earlier, failure_finding(failure)))
    brand, campaign = job.brand, job.campaign
    severity = severity_table(brand.severity if brand else None, campaign.severity)
    publish(job.out_dir, store.index, ManifestHead(__version__, job.fonts_digest,
                                                   severity=severity),
            everything=store.remade)
    return job.out_dir / MANIFEST_NAME
