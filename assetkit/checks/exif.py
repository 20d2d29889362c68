"""Exported file: no EXIF GPS position and no camera identification left in the metadata."""
from __future__ import annotations

from ..model import Finding
from .base import AppliesTo, CheckContext, ImageFile

ID = "exif"
APPLIES_TO: AppliesTo = "file"
NEEDS_SLOT = False
CODES = ("file.exif-gps", "file.exif-camera")

# IFD0 and Exif-IFD tags that identify a camera, a lens or its owner.
CAMERA_TAGS = {0x010F: "Make", 0x0110: "Model", 0xA430: "CameraOwnerName",
               0xA431: "BodySerialNumber", 0xA433: "LensMake", 0xA434: "LensModel",
               0xA435: "LensSerialNumber"}


def run(asset: ImageFile, ctx: CheckContext) -> list[Finding]:
    facts = asset.facts
    findings = []
    if facts.gps:
        findings.append(Finding("file.exif-gps", "error",
                                f"EXIF GPS data ({len(facts.gps)} tags) reveals where the photo "
                                "was taken; strip the metadata", **asset.where))
    tags = {**facts.exif, **facts.exif_ifd}
    camera = [f"{name}={str(tags[tag]).strip()[:40]!r}" for tag, name in CAMERA_TAGS.items()
              if tag in tags and str(tags[tag]).strip(" \x00")]
    if camera:
        findings.append(Finding("file.exif-camera", "warning",
                                f"EXIF camera data left in the file: {', '.join(camera)}",
                                **asset.where))
    return findings
