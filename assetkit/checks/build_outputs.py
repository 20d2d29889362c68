"""Build folder: every output its manifest lists is there, and no image file it does not list."""
from __future__ import annotations

from ..model import Finding
from .base import AppliesTo, BuildFolder, CheckContext

ID = "outputs"
APPLIES_TO: AppliesTo = "build"
NEEDS_SLOT = False
CODES = ("build.missing-output", "build.unexpected-file")


def run(asset: BuildFolder, ctx: CheckContext) -> list[Finding]:
    listed = {o.path: o for o in asset.manifest.outputs}
    present = {p.relative_to(asset.path).as_posix() for p in asset.image_files}
    findings = [
        Finding("build.missing-output", "error",
                f"{rel} is listed in manifest.json but missing", source=out.source,
                platform=out.platform, slot=out.slot)
        for rel, out in sorted(listed.items()) if not (asset.path / rel).is_file()
    ]
    findings += [
        Finding("build.unexpected-file", "warning",
                f"{rel} is not an output of this build (not in manifest.json)")
        for rel in sorted(present - listed.keys())
    ]
    return findings
