"""One variant of one source: size -> render -> check -> encode (pipeline/stages) -> write
(pipeline/write), from what pipeline/source.py's PreparedSource computes once per source."""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import cast

from PIL import Image

from ..checks.variants import check_rendered
from ..encode import settings_for
from ..encode.sizemodel import SourceHint
from ..encode.solver import candidate_formats
from ..findings import Where
from ..geometry import Box, cover_box, output_size
from ..layout import Layout, crop_faults, kept_clear, load_templates, plan_layout
from ..layout.crop_contrast import contrast_judge, prefer_contrast
from ..layout.slices import cut_findings
from ..model import DetailRule, Finding, Output, Target, frozen_map
from ..render.artboard import match_artboard, render_artboard
from ..render.flatten import Rendered, render_flat
from ..render.recompose import render_layout
from ..store.keys import output_key
from .profile import stage
from .results import SourceResult
from .source import PreparedSource, SourceJob
from .stages import Encoding, Page, detail_page, encode_page
from .write import Destination, Written, write_outputs


def inputs_key(digest: str, target: Target, job: SourceJob) -> str:
    """The key of the outputs of `target` made from these source bytes (store/keys.py)."""
    return output_key(digest, job.target_keys[target.key])


def up_to_date(previous: Sequence[Output], key: str, out_dir: Path) -> bool:
    return bool(previous) and all(
        o.inputs_key == key and (out_dir / o.path).is_file() for o in previous)


def _variant_findings(job: SourceJob, target: Target, upscaled: bool,
                      size: tuple[int, int]) -> list[Finding]:
    if not upscaled:
        return []
    return [Finding("layout.upscaled", "warning",
                    f"the source is upscaled to {size[0]}x{size[1]} for this slot",
                    source=job.stem, platform=target.platform.id, slot=target.slot.id)]



def _render(job: SourceJob, prepared: PreparedSource, target: Target, size: tuple[int, int],
            where: Where) -> tuple[list[Rendered], Layout | None, tuple[Finding, ...]]:
    """The slot's pixels, its layout, and the source-level notes made rendering it."""
    slot = target.slot
    if job.mode == "flatten":
        with stage("resample"):
            flat = render_flat(prepared.flat, size, prepared.resampler)
        with stage("layout"):  # what the crop cut of the type layers
            cut = crop_faults(prepared.doc.scene, Box(0, 0, *prepared.flat.size), size,
                              kept_clear(slot, size), where)
        return [replace(flat, findings=tuple(cut))], None, ()
    board = match_artboard(prepared.doc.scene.artboards, target.platform.id, slot, size)
    if board is not None:
        with stage("resample"):
            image = render_artboard(prepared.artboard(board), size)
        with stage("layout"):  # what the crop cut of the artboard's type layers
            cut = crop_faults(prepared.doc.scene, board.box, size, kept_clear(slot, size), where)
        layout = Layout("artboard", size, "artboard", board.box, (), tuple(cut), board.name)
        return [Rendered(image)], layout, ()
    src = prepared.render
    with stage("layout"):
        source, judge = src.layout_source, contrast_judge(src.plate, slot, size)
        focus = prefer_contrast(src.plate, slot, size, prepared.focus, source.plate_text, judge)
        layout = plan_layout(source, slot, size, focus=focus, brand=job.brand,
                             templates=load_templates(job.layouts), where=where, judge=judge)
    if not layout.servable:
        return [], layout, prepared.render_notes()
    from ..fonts.resolve import face_record

    with stage("resample"):
        rendered = render_layout(src, layout)
    return ([Rendered(rendered.image, masks=rendered.masks, raster_text=rendered.raster_text,
                      fonts=tuple(face_record(f) for f in rendered.faces),
                      findings=tuple(replace(f, **where) for f in rendered.findings),
                      contrast=rendered.contrast)],
            layout, (*prepared.render_notes(), *rendered.notes))


def _scale(source: tuple[int, int], slot, size: tuple[int, int]) -> float:
    """Linear scale of a variant against the source: where the size model is evaluated."""
    if slot.detail is not None:
        return size[0] / source[0]
    box = cover_box(source, size).as_tuple()
    return size[0] / max(1, box[2] - box[0])


def _page(prepared: PreparedSource, detail: DetailRule, size: tuple[int, int]) -> Page:
    """A detail slot's page: the flattened source at the slot's width, planned into slices
    (a page is never cut through a type layer's lines)."""
    scene = prepared.doc.scene
    scale = size[0] / scene.width
    texts = [cast(Box, la.bbox).scaled(scale).as_tuple() for la in scene.type_layers()]
    with stage("resample"):
        return detail_page(prepared.flat, size, detail.max_slice_height, texts,
                           prepared.resampler)


def _page_pieces(prepared: PreparedSource, detail: DetailRule, size: tuple[int, int],
                 how: Encoding, where: Where) -> tuple[list[Written], list[Finding]]:
    """A detail slot: its page cut and encoded (stages)."""
    page = _page(prepared, detail, size)
    with stage("encode"):
        pieces, findings = encode_page(page, how, where)
    return pieces, [*cut_findings(page.cuts, where), *findings]


def _preview(job: SourceJob, target: Target, image: Image.Image) -> bytes | None:
    """The "how shoppers see it" PNG of a variant, when asked and the slot has coded text."""
    strings = job.coded.get(target.key)
    if not job.previews or not strings or not target.slot.coded_text:
        return None
    from ..render.coded import preview

    buffer = io.BytesIO()
    preview(image, target.slot.coded_text, strings).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _checked(job: SourceJob, prepared: PreparedSource, target: Target,
             rendered: list[Rendered], layout: Layout | None) -> list[Finding]:
    """What build records of a rendered banner before encoding it: what its layout cut,
    covered or left out, what its render said (panels, fonts), the variant checks."""
    with stage("checks"):
        return [*(layout.findings if layout else ()),
                *(f for piece in rendered for f in piece.findings),
                *check_rendered(rendered, layout, target, job.brand, job.stem,
                                prepared.doc.scene, job.coded.get(target.key))]


def _banner_pieces(job: SourceJob, prepared: PreparedSource, target: Target,
                   size: tuple[int, int], how: Encoding, where: Where
                   ) -> tuple[list[Written], Layout | None, list[Finding], tuple[Finding, ...]]:
    """A banner slot: rendered (recomposed, artboard or flattened), checked, encoded; and the
    source-level notes made rendering it."""
    rendered, layout, notes = _render(job, prepared, target, size, where)
    findings = _checked(job, prepared, target, rendered, layout)
    pieces = []
    for piece in rendered:
        with stage("encode"):
            written, encode_findings = prepared.encode(piece.image, how, where)
        pieces += [replace(written, fonts=piece.fonts, raster_text=frozen_map(piece.raster_text),
                           preview=_preview(job, target, piece.image))] if written else []
        findings += encode_findings
    return pieces, layout, findings, notes


def build_target(job: SourceJob, prepared: PreparedSource, target: Target, key: str,
                 hint: SourceHint | None = None) -> SourceResult:
    """size -> render -> check -> encode (pipeline/stages) -> write (pipeline/write)."""
    slot = target.slot
    size, upscaled = output_size(slot, prepared.doc.size)
    findings = _variant_findings(job, target, upscaled, size)
    formats = candidate_formats(slot.formats, job.formats)
    where: Where = {"source": job.stem, "platform": target.platform.id, "slot": slot.id}
    if not formats:
        findings.append(Finding("encode.no-format", "error",
                                f"none of the slot's formats {list(slot.formats)} is enabled "
                                f"in the campaign or supported here", **where))
        return SourceResult(job.stem, findings=tuple(findings))
    how = Encoding(formats, slot.cap_bytes(slice=slot.detail is not None), settings_for(slot),
                   hint.at_scale(_scale(prepared.doc.size, slot, size)) if hint else None)
    layout: Layout | None = None
    notes: tuple[Finding, ...] = ()
    if slot.detail is not None:
        pieces, made = _page_pieces(prepared, slot.detail, size, how, where)
    else:
        pieces, layout, made, notes = _banner_pieces(job, prepared, target, size, how, where)
    findings += made
    dest = Destination(job.out_dir, job.template, job.stem)
    recorded = [f for f in findings if f.code != "encode.cap-unreachable"]
    with stage("write"):  # in place once the source's every variant is made (run.py)
        outputs, staged = write_outputs(dest, target, pieces, key,
                                        layout.to_dict() if layout else None, recorded)
    return SourceResult(job.stem, tuple(outputs), tuple(findings), written=len(outputs),
                        notes=notes, staged=tuple(staged))


def variant_findings(job: SourceJob, target: Target) -> list[Finding]:
    """What build records of one target before encoding it, rendered as build renders it,
    nothing encoded or written (what `check` reports of a source given --slot): the size's,
    the page's cuts (a detail slot) or the banner's layout, render and variant checks; and the
    source-level notes build records with it (colour; on the layered path the understanding's
    and the composite's, and those made rendering it)."""
    prepared = PreparedSource(job)
    slot = target.slot
    size, upscaled = output_size(slot, prepared.doc.size)
    where: Where = {"source": job.stem, "platform": target.platform.id, "slot": slot.id}
    found = [*_variant_findings(job, target, upscaled, size), *prepared.colour_notes()]
    if slot.detail is not None:
        return [*found, *cut_findings(_page(prepared, slot.detail, size).cuts, where)]
    rendered, layout, notes = _render(job, prepared, target, size, where)
    layered = prepared.render_notes() if job.mode != "flatten" else ()
    return [*found, *_checked(job, prepared, target, rendered, layout),
            *dict.fromkeys((*layered, *notes))]
