"""Build folder: the last run finished and built every source. A run that died leaves its
journal (`.assetkit/journal.json`); the sources it set out to build and never committed are
named. A source whose last build failed has an error record (`build.failed`, its earlier
outputs kept as they were): it is named too, with what failed."""
from __future__ import annotations

from ..model import Finding
from ..store.ids import SourceId
from ..store.journal import read_journal
from ..store.records import read_record
from .base import AppliesTo, BuildFolder, CheckContext

ID = "complete"
APPLIES_TO: AppliesTo = "build"
NEEDS_SLOT = False
CODES = ("build.incomplete", "build.failed")


def run(asset: BuildFolder, ctx: CheckContext) -> list[Finding]:
    return [*_unfinished(asset), *_failed(asset)]


def _failed(asset: BuildFolder) -> list[Finding]:
    """Each source whose last build failed, as its record says (the outputs listed for it are
    from the build before)."""
    return [Finding("build.failed", "error", f"the last build of {f.source} failed (what is "
                    f"listed for it is from the build before): {f.message}", source=f.source)
            for f in asset.manifest.findings if f.code == "build.failed"]


def _unfinished(asset: BuildFolder) -> list[Finding]:
    journal = read_journal(asset.path)
    if journal is None:
        return []
    unfinished = []
    for source in journal.pending:
        record = read_record(asset.path, SourceId(source).digest)
        if record is None or record.recorded < journal.started:
            unfinished.append(source)
    shown = ", ".join(unfinished[:10]) + (f" and {len(unfinished) - 10} more"
                                          if len(unfinished) > 10 else "")
    what = (f"{len(unfinished)} source{'s' if len(unfinished) != 1 else ''} without a commit: "
            f"{shown}" if unfinished else "its index and manifest were not written")
    return [Finding("build.incomplete", "error",
                    f"the last `{journal.command}` into this folder did not finish ({what}); "
                    "run it again")]
