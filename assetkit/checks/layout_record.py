"""Exported file from a build: what its layout cut, covered, left out or dropped, and text laid
on a panel or still not reading against its backdrop (the build's own `layout.cut`,
`layout.covered`, `layout.left-out`, `layout.unit-dropped`, `layout.text-backed` and
`legibility.low-contrast` findings, kept in manifest.json), so `assetkit check` on a build
folder fails a pipeline the way the build did."""
from __future__ import annotations

from dataclasses import replace

from ..errors import NotApplicable
from ..model import Finding
from .base import AppliesTo, CheckContext, ImageFile

ID = "layout"
APPLIES_TO: AppliesTo = "file"
NEEDS_SLOT = True  # known from the manifest that lists the file
CODES = ("layout.cut", "layout.covered", "layout.left-out", "layout.unit-dropped",
         "layout.text-backed", "legibility.low-contrast")


def run(asset: ImageFile, ctx: CheckContext) -> list[Finding]:
    if asset.output is None:
        raise NotApplicable("the file is not listed in a build's manifest.json")
    return [replace(f, **asset.where) for f in asset.output.findings if f.code in CODES]
