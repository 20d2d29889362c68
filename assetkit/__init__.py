"""assetkit: layered Photoshop files -> every platform image variant, checked and under its cap.

Every command is a function here (`assetkit.build(...)`, `assetkit.check(...)`, ...) returning
typed data; `assetkit <command>` on the command line calls the same function."""
from __future__ import annotations

import sys
from types import ModuleType

__version__ = "0.1.0"

# Imported on first use, so `import assetkit` (and `assetkit check a.png`) does not pay for
# psd_tools and numpy: name -> module under assetkit/.
_LAZY = {
    "build": "commands.build", "check": "commands.check", "localize": "commands.localize",
    "inspect": "commands.inspect", "fonts": "commands.fonts", "doctor": "commands.doctor",
    "specs_list": "commands.specs_list", "specs_show": "commands.specs_show",
    "specs_validate": "commands.specs_validate", "report": "commands.report",
    "watch": "commands.watch", "strings_export": "commands.strings_export", "init": "commands.init",
    "manifest_list": "commands.manifest", "manifest_rebuild": "commands.manifest",
    "BuildOptions": "pipeline", "BuildResult": "pipeline", "CheckReport": "commands.check",
    "LocalizeOptions": "commands.localize", "LocalizeResult": "commands.localize",
    "MachineTranslation": "localize.translators",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'assetkit' has no attribute {name!r}")


class _Package(ModuleType):
    """`assetkit.fonts`, `.localize` and `.report` are commands and subpackages: importing a
    subpackage must not bind its name over the command (importers of the subpackage find it in
    sys.modules, as relative imports do)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _LAZY and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
