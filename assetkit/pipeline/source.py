"""One source in a build: its job (what a worker needs) and PreparedSource, what is computed
from it once per process: the decoded document, the understanding, the composited units."""
from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from ..checks.run import shared_font_index, source_findings
from ..document import DocumentLimits, open_document
from ..model import BrandRules, BuildMode, Finding, Target
from ..render.artboard import artboard_image
from ..render.compositor import PixelCache
from ..render.flatten import opaque
from ..render.parts import PartDone, SourceParts
from ..render.recompose import Recent, SourceRender, approximated_findings, assemble, image_nbytes
from ..render.resample import Resampler
from ..scene import Understood
from ..store.records import SourceStat
from ..understand import text_in_plate, understand
from ..understand.focus import focus_point
from .profile import stage, timed
from .stages import Encoding, encode_piece
from .write import Written

if TYPE_CHECKING:
    from ..findings import Where
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
                    *self.colour_notes())

    def colour_notes(self) -> tuple[Finding, ...]:
        """What the colour conversion said of the source (profile assumed, 32-bit clipped)."""
        return tuple(replace(f, source=self.job.stem) for f in self.doc.colour_findings())

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
