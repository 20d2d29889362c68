"""`assetkit specs list`: every platform and slot in force."""
from __future__ import annotations

from pathlib import Path

from ..model import Catalog


def specs_list(specs_dir: Path | None = None) -> Catalog:
    """The bundled platform specs, overlaid by the spec files in `specs_dir` by platform id."""
    from ..config import load_catalog

    return load_catalog(specs_dir)
