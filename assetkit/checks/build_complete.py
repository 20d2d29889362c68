"""Build folder: the last run finished. A run that died leaves its journal
(`.assetkit/journal.json`); the sources it set out to build and never committed are named."""
from __future__ import annotations

from ..model import Finding
from ..store.ids import SourceId
from ..store.journal import read_journal
from ..store.records import read_record
from .base import AppliesTo, BuildFolder, CheckContext

ID = "complete"
APPLIES_TO: AppliesTo = "build"
NEEDS_SLOT = False
CODES = ("build.incomplete",)


def run(asset: BuildFolder, ctx: CheckContext) -> list[Finding]:
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
