"""`assetkit doctor`: what this installation can do (codecs, text engine, fonts and the substitutes
the font table names, versions, limits)."""
from __future__ import annotations

import platform
import sys
from importlib import metadata

from .. import __version__
from ..document import DocumentLimits
from ..encode import ENCODERS

PACKAGES = ("pillow", "psd-tools", "fonttools", "numpy", "pyyaml", "click", "deep-translator",
            "watchdog", "pyvips", "pyvips-binary")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _text_engine() -> str:
    from PIL import features

    from ..render.text.metrics import engine_name

    if engine_name() == "raqm":
        return f"raqm {features.version('raqm') or ''} (shaping, kerning, bidi)".replace("  ", " ")
    return "basic (Pillow without libraqm: no kerning or complex shaping)"


def _fonts(index) -> dict[str, object]:
    origins: dict[str, int] = {}
    for face in index.faces:
        origins[face.origin] = origins.get(face.origin, 0) + 1
    return {"faces indexed": len(index.faces),
            **{f"  {k}": v for k, v in sorted(origins.items())},
            "unreadable files": len(index.skipped)}


def _substitutes(fonts) -> dict[str, object]:
    """Each family the substitution table names: bundled, installed (from which package) or
    missing, and the command that installs the missing first choices (an alternative, such as
    Arimo for Liberation Sans, is only listed)."""
    out: dict[str, object] = {}
    missing: list[str] = []
    for family, package, present, first in fonts.status():
        if package == "bundled" and present:
            out[family] = "bundled with assetkit"
        elif present:
            out[family] = f"installed ({package})"
        elif first:
            out[family] = f"missing: apt-get install {package}"
            missing.append(package)
        else:
            out[family] = f"missing (an alternative; {package})"
    if missing:
        out["install"] = "sudo apt-get install -y " + " ".join(sorted(set(missing)))
    out["table digest"] = fonts.digest()["table"][:16]
    return out


def _resampler() -> str:
    from ..render.resample import default_backend

    try:
        name = default_backend()
    except ImportError as exc:
        return f"unavailable: {exc}"
    if name == "vips":
        return "libvips lanczos3 (pyvips)"
    return "Pillow LANCZOS (pyvips not installed, or ASSETKIT_RESAMPLER=pillow)"


def doctor() -> dict[str, dict[str, object]]:
    """Codecs, text engine, resampler, fonts and substitutes, versions and limits of this
    installation, by section."""
    return diagnose()


def diagnose(fonts=None) -> dict[str, dict[str, object]]:
    """`fonts`: the fonts.resolve.FontResolver to report on (default: this machine's, no brand)."""
    from ..fonts.index import FontIndex
    from ..fonts.resolve import FontResolver

    fonts = fonts or FontResolver(FontIndex.build())
    limits = DocumentLimits()
    return {
        "assetkit": {"version": __version__, "python": sys.version.split()[0],
                     "platform": platform.platform()},
        "codecs": {name: "yes" if enc.available() else "no (Pillow built without it)"
                   for name, enc in ENCODERS.items()},
        "text layout": {"engine": _text_engine()},
        "resampling": {"resampler": _resampler()},
        "fonts": _fonts(fonts.index),
        "font substitutes": _substitutes(fonts),
        "versions": {name: _version(name) for name in PACKAGES},
        "limits": {"max megapixels": limits.max_megapixels, "max px per side": limits.max_side,
                   "max allocation": f"{limits.max_alloc_bytes / 1024**3:g} GiB",
                   "psd-tools composite": "30000 px per side"},
    }
