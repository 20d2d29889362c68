"""`assetkit specs show PLATFORM`: one platform's slots, every field, with provenance."""
from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..model import PlatformSpec
from .specs_list import specs_list


def specs_show(platform: str, specs_dir: Path | None = None,
               warnings: list[str] | None = None) -> PlatformSpec:
    """The spec of `platform` in force (bundled, or overlaid from `specs_dir`; warnings about
    those files added to `warnings`)."""
    spec = specs_list(specs_dir, warnings).get(platform)
    if spec is None:
        raise UsageError(f"unknown platform '{platform}' (see: assetkit specs list)")
    return spec
