"""assetkit: layered Photoshop files -> every platform image variant, checked and under its cap."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["BuildOptions", "BuildResult", "CheckReport", "__version__", "build", "check"]

# Imported on first use, so `assetkit check a.png` does not pay for psd_tools and numpy.
_LAZY = {"build": "pipeline", "BuildOptions": "pipeline", "BuildResult": "pipeline",
         "check": "pipeline.check", "CheckReport": "pipeline.check"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'assetkit' has no attribute {name!r}")
