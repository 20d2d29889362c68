"""OUT/manifest.json: what a build wrote, read back for skipping, merging and stale removal."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidConfig
from ..fsutil import write_atomic
from ..model import Finding, Output

SCHEMA_VERSION = 1
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class Manifest:
    outputs: tuple[Output, ...]
    findings: tuple[Finding, ...]
    created: str = ""
    assetkit_version: str = ""
    fonts: Mapping[str, str] = field(default_factory=dict)  # digests of the font table and faces

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "assetkit_version": self.assetkit_version,
            "created": self.created,
            "fonts": dict(self.fonts),
            "outputs": [o.to_dict() for o in self.outputs],
            "findings": [f.to_dict() for f in self.findings],
        }


def read_manifest(path: Path) -> Manifest | None:
    """The manifest at `path` (a file or a build folder), or None when there is none."""
    path = path / MANIFEST_NAME if path.is_dir() else path
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(
            outputs=tuple(Output.from_dict(o) for o in data["outputs"]),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings", ())),
            created=data.get("created", ""), assetkit_version=data.get("assetkit_version", ""),
            fonts=data.get("fonts") or {},
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidConfig(f"{path}: not an assetkit manifest ({exc})") from None


def write_manifest(out_dir: Path, outputs: Iterable[Output], findings: Iterable[Finding],
                   version: str, now: dt.datetime | None = None,
                   fonts: Mapping[str, str] | None = None) -> Path:
    """`fonts`: fonts/ digests of its substitution table and of the face files it resolves."""
    created = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    manifest = Manifest(tuple(sorted(outputs, key=lambda o: o.variant_id)), tuple(findings),
                        created, version, dict(fonts or {}))
    path = out_dir / MANIFEST_NAME
    text = json.dumps(manifest.to_dict(), ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path
