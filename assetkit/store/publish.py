"""What every command that commits into an output folder does last: the changed index shards,
then manifest.json from the records (one writer: build, localize and `manifest rebuild` call
this, so they cannot drift)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..findings import apply_overrides
from ..model import Finding, Output, SeverityOverrides
from .manifest import INLINE_MAX, ManifestHead, write_manifest
from .records import iter_records
from .store import OutputStore


def listed(out_dir: Path, total: int) -> tuple[list[Output], list[Finding]]:
    """Every output and finding in the folder's records when they fit inline, else none."""
    outputs: list[Output] = []
    findings: list[Finding] = []
    if total > INLINE_MAX:
        return outputs, findings
    for record in iter_records(out_dir):
        outputs += record.outputs
        findings += record.findings
    return outputs, findings


def shards(store: OutputStore) -> tuple[Mapping[str, object], ...]:
    return tuple({"name": name, "sources": len(entries),
                  "outputs": sum(e.outputs for e in entries)}
                 for name, entries in sorted(store.index.shards().items()))


def publish(store: OutputStore, version: str, fonts: Mapping[str, str],
            overrides: Sequence[SeverityOverrides] = ()) -> tuple[list[Output], list[Finding]]:
    """Flush the index and write manifest.json; the outputs and findings (severity overrides
    applied) it lists inline (none above INLINE_MAX outputs)."""
    counts = store.index.counts()
    outputs, findings = listed(store.out_dir, counts["outputs"])
    store.index.flush(everything=store.died is not None)
    shown = apply_overrides(findings, *overrides)
    write_manifest(store.out_dir, outputs, shown, ManifestHead(version, fonts, counts,
                                                                shards(store)))
    return outputs, shown
