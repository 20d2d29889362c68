"""One variant of one source: size -> render -> check -> encode (pipeline/stages) -> write
(pipeline/write); PreparedSource holds what is computed once per source and process."""
from __future__ import annotations

import functools
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PIL import Image

from ..checks.run import shared_font_index, source_findings
from ..checks.variants import check_rendered
from ..document import DocumentLimits, open_document
from ..encode import settings_for
from ..encode.sizemodel import SourceHint
from ..encode.solver import candidate_formats
from ..findings import Where
from ..geometry import Box, cover_box, output_size
from ..layout import Layout, crop_faults, kept_clear, load_templates, plan_layout
from ..layout.crop_contrast import contrast_judge, prefer_contrast
from ..layout.slices import cut_findings
from ..model import BrandRules, BuildMode, DetailRule, Finding, Output, Target, frozen_map
from ..render.artboard import artboard_image, match_artboard, render_artboard
from ..render.compositor import PixelCache
from ..render.flatten import Rendered, opaque, render_flat
from ..render.parts import PartDone, SourceParts
from ..render.recompose import (
    Recent,
    SourceRender,
    approximated_findings,
    assemble,
    image_nbytes,
    render_layout,
)
from ..render.resample import Resampler
from ..scene import Understood
from ..store.keys import output_key
from ..store.records import SourceStat
from ..understand import text_in_plate, understand
from ..understand.focus import focus_point
from .profile import stage, timed
from .results import SourceResult
from .stages import Encoding, detail_page, encode_page, encode_piece
from .write import Destination, Written, write_outputs

if TYPE_CHECKING:
    from ..render.text.layer import TextUnits


@dataclass(frozen=True, kw_only=True)
class SourceJob:
    """Everything a worker needs to build one source's variants (picklable)."""

    path: Path
    stem: str
    targets: tuple[Target, ...]
    template: str
    formats: tuple[str, ...]
    out_dir: Path
    force: bool
    previous: dict
    limits: DocumentLimits
    mode: BuildMode = "recompose"
    role_rules: tuple = ()
    brand: BrandRules | None = None
    layouts: Path | None = None
    previous_notes: tuple = ()  # source-level findings of the last build (kept when all skip)
    resampler: str = "pillow"  # decided once by the parent (render.resample.default_backend())
    target_keys: Mapping[str, str] = field(default_factory=dict)  # PLATFORM/SLOT -> its key
    digest: str | None = None  # the file's sha256 when the parent has read it already
    coded: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # key -> strings
    previews: bool = False  # draw the coded strings on a copy: OUTPUT_preview.png
    # the file's stat when the run decided to build it: a file changed by the end of its
    # build (saved meanwhile) is not put in place or recorded (pipeline/run.placed)
    seen: SourceStat | None = None


# Source-level findings made while decoding/rendering, not by the source checks: carried over
# from the previous manifest when every output of a source is up to date.
RENDER_NOTES = ("roles.", "render.", "colour.", "fonts.fallback-raster")


def previous_notes(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """The source-level findings of rendering among a record's findings."""
    return tuple(f for f in findings if f.platform is None and f.code.startswith(RENDER_NOTES))


def cmyk_profile(brand: BrandRules | None) -> Path | None:
    """The brand's CMYK profile for documents that embed none (None: assetkit's default)."""
    return brand.colour_profile if brand else None


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


@dataclass(frozen=True)
class Composited:
    """A source's parts composited by the pool (their pixels in the plan's shared buffer) and
    the focus the parent found on the plate: what a worker needs to assemble the render."""

    done: tuple[PartDone, ...]
    focus: tuple[float, float] | None = None  # None: not found yet

    @classmethod
    def of(cls, done: tuple[PartDone, ...]) -> Composited:
        """The parts as composited, with the focus the plate's part found (if it was one)."""
        return cls(done, next((d.focus for d in done if d.focus is not None), None))


class PreparedSource:
    """One opened source and what is computed from it once, on first use: the flattened pixels,
    the understanding, the composited units. It holds no findings: each stage returns its own."""

    def __init__(self, job: SourceJob, flat: Image.Image | None = None) -> None:
        self.job = job
        self._composited: Composited | None = None  # parts composited elsewhere (the pool)
        self._artboards: dict[int, object] = {}
        self._decoded = flat  # the parent's decoded composite, handed over to a worker
        with stage("decode"):
            self.doc = open_document(job.path, job.limits, cmyk_profile(job.brand))
        # each layer's pixels decoded once per source (understanding, units, the text hook:
        # before the workers fork, they inherit them; the plate's: by the plate's part)
        self.pixels = PixelCache(self.doc, read=timed("decode", self.doc.layer_pixels))
        self.resampler = Resampler(job.resampler)  # the parent's choice, in every process
        self._encoded = Recent()  # (image, encoding) -> Written, while recent (`encode`)

    def encode(self, image: Image.Image, how: Encoding, where: Where
               ) -> tuple[Written | None, list[Finding]]:
        """`encode_piece`, made once for an image encoded alike while recent: slots whose
        layouts render alike share one render (render_layout) and, with the same formats,
        cap, settings and size model, the same search and bytes."""
        key = (id(image), tuple(how.formats), how.cap, how.settings, how.hint)
        kept = self._encoded.get(key)  # (image, written): the image is held, its id its own
        if kept is not None:
            return kept[1], []
        written, findings = encode_piece(image, how, where)
        if written is not None:
            self._encoded.keep(key, (image, written),
                               image_nbytes(image) + len(written.enc.data))
        return written, findings

    def source_checks(self) -> tuple[Finding, ...]:
        """The source checks (run once, by the parent) and the colour conversion's findings."""
        job = self.job
        with stage("checks"):
            return (*source_findings(lambda: self.understood, self.doc, job.stem, job.brand),
                    *(replace(f, source=job.stem) for f in self.doc.colour_findings()))

    @cached_property
    def flat(self) -> Image.Image:
        if self._decoded is not None:
            return self._decoded
        with stage("decode"):
            return opaque(self.doc.flatten())

    def artboard(self, board):
        if board.id not in self._artboards:
            self._artboards[board.id] = artboard_image(self.doc, self.doc.scene, board)
        return self._artboards[board.id]

    @cached_property
    def understood(self) -> Understood:
        with stage("understand"):
            return understand(self.pixels, self.job.role_rules, self.job.brand)

    @cached_property
    def parts(self) -> SourceParts:
        """What to composite (the plate, the units), with the units' layers decoded and the
        text hook made, its faces read: done before workers fork, they inherit all of it. The
        plate's layers are decoded by the process that composites the plate (nothing else
        reads them), in parallel with the units, not serially here."""
        with stage("composite"):
            parts = SourceParts(self.pixels, self.understood)
        for layer in parts.leaves_to_decode():
            self.pixels.layer_pixels(layer.id)
        with stage("composite"):
            self.text.load_faces(self.understood.units)  # the font index and faces, read once
        return parts

    @cached_property
    def text(self) -> TextUnits:
        """The text hook: type layers re-set at a slot's size."""
        from ..fonts.resolve import FontResolver
        from ..render.text.layer import TextUnits  # the text engine: recompose only (~50 ms)

        brand = self.job.brand
        with stage("composite"):
            index = shared_font_index(tuple(brand.font_dirs) if brand else ())
            return TextUnits(self.pixels, self.understood.scene,
                             FontResolver.for_brand(index, brand), self.job.stem)

    def composite_part(self, index: int) -> PartDone:
        """One part into the plan's shared buffer (in whichever process runs it); the plate's
        process finds the focus on it there, so no process waits for that after the parts."""
        with stage("composite"):
            return self.parts.run(index, look=self._focus_on, text=self._text_in_plate)

    def _text_in_plate(self, layers) -> tuple[int, ...]:
        with stage("understand"):
            return text_in_plate(self.understood, layers, self.pixels)

    def _focus_on(self, plate: Image.Image) -> tuple[float, float]:
        with stage("layout"):
            return focus_point(self.understood, plate)

    def composited(self, shared: Composited) -> None:
        """The parts were composited by the pool: the render is assembled from them."""
        self._composited = shared

    @cached_property
    def render(self) -> SourceRender:
        parts = self.parts
        if self._composited is None:  # composited here, in turn
            self._composited = Composited.of(tuple(
                self.composite_part(i) for i in range(len(parts.parts))))
        done = self._composited.done
        with stage("composite"):
            return assemble(parts, done, self.text, self.resampler, flat=lambda: self.flat)

    def render_notes(self) -> tuple[Finding, ...]:
        """Source-level findings of understanding and compositing (the recompose path): what
        the parts said, with no render assembled for it (the parent of a -j > 1 build needs
        none: its workers render)."""
        if self._composited is None:
            self.render  # noqa: B018 - composited here, in turn
        assert self._composited is not None
        said = approximated_findings(self._composited.done, self.understood.scene.source)
        return tuple(replace(f, source=self.job.stem) for f in (*self.understood.findings, *said))

    @cached_property
    def focus(self) -> tuple[float, float]:
        """The point the background crop keeps in view (needs the plate: recompose only)."""
        if self._composited is not None and self._composited.focus is not None:
            return self._composited.focus
        with stage("layout"):
            return focus_point(self.understood, self.render.plate)


def kept_source_findings(job: SourceJob) -> tuple[Finding, ...]:
    """Source findings when every output is up to date: the checks (cheap: no pixels) and the
    render notes of the last build."""
    doc = open_document(job.path, job.limits, cmyk_profile(job.brand))
    understanding = functools.cache(lambda: understand(doc, job.role_rules, job.brand))
    return (*source_findings(understanding, doc, job.stem, job.brand),
            *job.previous_notes)


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


def _page_pieces(prepared: PreparedSource, detail: DetailRule, size: tuple[int, int],
                 how: Encoding, where: Where) -> tuple[list[Written], list[Finding]]:
    """A detail slot: the flattened page at the slot's width, cut and encoded (stages)."""
    scene = prepared.doc.scene
    scale = size[0] / scene.width  # a page is never cut through a type layer's lines
    texts = [cast(Box, la.bbox).scaled(scale).as_tuple() for la in scene.type_layers()]
    with stage("resample"):
        page = detail_page(prepared.flat, size, detail.max_slice_height, texts,
                           prepared.resampler)
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


def _banner_pieces(job: SourceJob, prepared: PreparedSource, target: Target,
                   size: tuple[int, int], how: Encoding, where: Where
                   ) -> tuple[list[Written], Layout | None, list[Finding], tuple[Finding, ...]]:
    """A banner slot: rendered (recomposed, artboard or flattened), checked, encoded; and the
    source-level notes made rendering it."""
    rendered, layout, notes = _render(job, prepared, target, size, where)
    with stage("checks"):
        findings = [*(layout.findings if layout else ()),
                    *(f for piece in rendered for f in piece.findings),
                    *check_rendered(rendered, layout, target, job.brand, job.stem,
                                    prepared.doc.scene, job.coded.get(target.key))]
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


def variant_check_findings(job: SourceJob, target: Target) -> list[Finding]:
    """The variant checks' findings of one target rendered as build renders it, nothing
    encoded or written: what `check` runs on a source given --slot."""
    prepared = PreparedSource(job)
    size, _ = output_size(target.slot, prepared.doc.size)
    where: Where = {"source": job.stem, "platform": target.platform.id, "slot": target.slot.id}
    rendered, layout, _ = _render(job, prepared, target, size, where)
    return check_rendered(rendered, layout, target, job.brand, job.stem, prepared.doc.scene,
                          job.coded.get(target.key))
