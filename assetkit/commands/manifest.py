"""`assetkit manifest list|rebuild`: every output of an output folder, streamed from its records
at any size; its index and manifest.json re-made from the records (issue 19, docs/manifest.md)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import UsageError
from ..model import Output
from ..store.lock import hold
from ..store.manifest import MANIFEST_NAME, read_manifest
from ..store.publish import Rebuilt, rebuild
from ..store.records import iter_records, records_dir


def manifest_list(out: Path) -> Iterator[Output]:
    """Every output of the output folder `out`, one at a time: from its records
    (`.assetkit/sources/`, read one by one, source by source in record-file order, so memory
    stays flat at any size) or, in a version-1 folder (no records), from its manifest.json.
    A folder with neither is a UsageError; checked before the first output is asked for."""
    out = Path(out)
    if records_dir(out).is_dir():
        return _from_records(out)
    manifest = read_manifest(out) if out.is_dir() else None
    if manifest is None:
        raise UsageError(_not_an_output_folder(out))
    return iter(manifest.outputs)


def _from_records(out: Path) -> Iterator[Output]:
    for record in iter_records(out):
        yield from record.outputs


def manifest_rebuild(out: Path, *, wait: float | None = None) -> Rebuilt:
    """Re-create `out`'s index (all 256 shard files) and manifest.json from its records, under
    the folder's lock (busy: OutputBusy, or wait up to `wait` seconds, math.inf: as long as it
    takes). The manifest keeps its head (version, fonts, severity overrides, created), so the
    files come out byte-identical to what the build wrote. A folder without records (none, or a
    version-1 folder that the next build adopts) is a UsageError."""
    out = Path(out)
    if not records_dir(out).is_dir():
        raise UsageError(_not_an_output_folder(out) if not (out / MANIFEST_NAME).is_file() else
                         f"{out}: no records to rebuild from (.assetkit/sources/ is missing: "
                         f"a version-1 folder, which the next `assetkit build` adopts)")
    with hold(out, "manifest rebuild", wait=wait) as held:
        return rebuild(out, held)


def _not_an_output_folder(out: Path) -> str:
    what = "no such folder" if not out.exists() else (
        f"not an assetkit output folder (no {MANIFEST_NAME} or .assetkit/sources/)")
    return f"{out}: {what}"
