"""`assetkit specs list`: every platform and slot in force."""
from __future__ import annotations

from pathlib import Path

from ..model import Catalog


def specs_list(specs_dir: Path | None = None, warnings: list[str] | None = None) -> Catalog:
    """The bundled platform specs, overlaid by the spec files in `specs_dir` by platform id;
    what is wrong but not fatal in those files is added to `warnings`."""
    from ..config import load_catalog

    return load_catalog(specs_dir, warnings)
