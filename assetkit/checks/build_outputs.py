"""Build folder: every output its manifest lists is there, as the build wrote it (its size and
sha256), and no image file it does not list."""
from __future__ import annotations

from pathlib import Path

from ..fsutil import file_sha256
from ..model import Finding, Output
from .base import AppliesTo, BuildFolder, CheckContext

ID = "outputs"
APPLIES_TO: AppliesTo = "build"
NEEDS_SLOT = False
CODES = ("build.missing-output", "build.changed-output", "build.unexpected-file")
AGAIN = "build again, or restore it"


def run(asset: BuildFolder, ctx: CheckContext) -> list[Finding]:
    listed = {o.path: o for o in asset.manifest.outputs}
    present = {p.relative_to(asset.path).as_posix() for p in asset.image_files}
    findings = []
    for rel, out in sorted(listed.items()):
        file = asset.path / rel
        if not file.is_file():
            findings.append(Finding("build.missing-output", "error",
                                    f"{rel} is listed in manifest.json but missing",
                                    source=out.source, platform=out.platform, slot=out.slot))
            continue
        changed = _changed(file, out)
        if changed:
            findings.append(Finding("build.changed-output", "error",
                                    f"{rel} is not the file the build wrote ({changed}): {AGAIN}",
                                    source=out.source, platform=out.platform, slot=out.slot))
    findings += [
        Finding("build.unexpected-file", "warning",
                f"{rel} is not an output of this build (not in manifest.json)")
        for rel in sorted(present - listed.keys())
    ]
    return findings


def _changed(file: Path, out: Output) -> str | None:
    """How `file` differs from what the manifest recorded of it (its size, else its sha256;
    the hash is read only where the sizes agree), or None."""
    size = file.stat().st_size
    if out.bytes and size != out.bytes:
        return f"{size:,} bytes; manifest.json lists {out.bytes:,}"
    if out.sha256 and file_sha256(file) != out.sha256:
        return "same size, another sha256 than manifest.json lists"
    return None
