"""The one writer of outputs, shared by build and localize: a variant's file name, its atomic
write, its manifest record (`Output`), and the removal of files a new build superseded."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..encode.settings import Encoded
from ..fsutil import Staged, discarded_if_raised, write_staged
from ..model import Finding, Output, SliceInfo, Target, frozen_map
from ..store.records import scratch_dir
from .naming import output_relpath


@dataclass(frozen=True)
class Destination:
    """Where one source's outputs go: the output folder, the file-name template, the source's
    stem and the language (None: the source's own)."""

    out_dir: Path
    template: str
    source: str  # the source's output folder (its id without the suffix)
    lang: str | None = None


@dataclass(frozen=True)
class Written:
    """What the stages made of one piece, ready to write: the encoding, its pixel size, the
    slice it is (detail pages), the cap it was fitted under."""

    enc: Encoded
    size: tuple[int, int]
    cap: int
    slice: SliceInfo | None = None
    fonts: tuple[Mapping[str, str], ...] = ()  # the face files that set its text
    raster_text: Mapping[str, float] = frozen_map()  # unit id -> scale of its stored text pixels
    preview: bytes | None = None  # PNG: the platform's coded strings drawn over the output


def inputs_key(*facts: object) -> str:
    """The manifest's `inputs_key`: a hash of everything an output depends on (the caller
    lists the facts; assetkit's version is always the last). Equal keys = an up-to-date output."""
    return hashlib.sha256(json.dumps([*facts, __version__], default=str).encode()).hexdigest()[:24]


def encode_facts(enc: Encoded) -> Mapping[str, object]:
    """The manifest's `encode` record: settings chosen and the work it took."""
    tried = enc.extra.get("tried", ())  # the formats fit_under_cap tried, a tuple
    facts = {"quality": enc.quality, "subsampling": enc.subsampling, "encodes": enc.encodes,
             "tried": list(tried) if isinstance(tried, tuple) else [],
             "sample_encodes": enc.extra.get("sample_encodes", 0.0)}
    if "palette" in enc.extra:
        facts["palette"] = enc.extra["palette"]
    return frozen_map(facts)


def write_output(dest: Destination, target: Target, piece: Written, key: str,
                 layout: Mapping[str, object] | None = None, findings: Sequence[Finding] = ()
                 ) -> tuple[Output, tuple[Staged, ...]]:
    """Name, write and record one output file (and its preview): the files are written whole,
    not yet in place; the caller puts them (fsutil.put_all) once the source's every output is
    made, so a source that fails leaves its last outputs as its record lists them."""
    index = piece.slice.index if piece.slice is not None and piece.slice.count > 1 else None
    rel = output_relpath(dest.template, source=dest.source, platform=target.platform.id,
                         slot=target.slot.id, size=piece.size, ext=piece.enc.ext,
                         lang=dest.lang, slice_index=index)
    files = [(rel, piece.enc.data)]
    preview = None
    if piece.preview is not None:
        preview = preview_relpath(rel)
        files.append((preview, piece.preview))
    staged: list[Staged] = []
    with discarded_if_raised(staged):
        for path, data in files:
            staged.append(write_staged(dest.out_dir / path, data, scratch_dir(dest.out_dir)))
    group = f"{dest.source}/{target.key}" + (f"@{dest.lang}" if dest.lang else "")
    return Output(
        variant_id=group + (f"#{index + 1}" if index is not None else ""), source=dest.source,
        platform=target.platform.id, slot=target.slot.id, path=rel, width=piece.size[0],
        height=piece.size[1], bytes=len(piece.enc.data), max_bytes=piece.cap,
        format=piece.enc.format, encode=encode_facts(piece.enc), inputs_key=key,
        lang=dest.lang, slice=piece.slice, group=group if piece.slice else None,
        layout=layout, findings=tuple(findings), fonts=piece.fonts,
        raster_text=piece.raster_text, sha256=hashlib.sha256(piece.enc.data).hexdigest(),
        preview=preview), tuple(staged)


def write_outputs(dest: Destination, target: Target, pieces: Sequence[Written], key: str,
                  layout: Mapping[str, object] | None = None, findings: Sequence[Finding] = ()
                  ) -> tuple[list[Output], list[Staged]]:
    """`write_output` for each piece of one target; if one cannot be written, the files
    written before it are discarded and its error raised."""
    outputs: list[Output] = []
    staged: list[Staged] = []
    with discarded_if_raised(staged):
        for piece in pieces:
            output, files = write_output(dest, target, piece, key, layout, findings)
            outputs.append(output)
            staged += files
    return outputs, staged


def preview_relpath(rel: str) -> str:
    """Where an output's preview goes: beside it, `NAME_preview.png`."""
    path = Path(rel)
    return path.with_name(f"{path.stem}_preview.png").as_posix()

