"""Strings files with only assetkit's runtime dependencies (a venv with `pip install .`, no
extras; `.ci/run` runs it): export a generated PSD's text layers to XLIFF, turn the file into PO
with translate-toolkit's own `xliff2po` (installed with assetkit), and read both back by id.

    python3 -m venv /tmp/v && /tmp/v/bin/pip install . && /tmp/v/bin/python -m tools.smoke_no_extras
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    from assetkit.localize.strings import export_strings, load_translations
    from tests.typefactory import make_text_psd

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        psd = make_text_psd(folder / "page.psd", text="Free shipping today")
        units = export_strings([psd], folder / "page.xlf", "xliff", "en", "ko")
        xliff2po = Path(sys.executable).with_name("xliff2po")
        subprocess.run([str(xliff2po), str(folder / "page.xlf"), str(folder / "page.po")],
                       check=True, capture_output=True)
        for name in ("page.xlf", "page.po"):
            back = load_translations(folder / name)
            missing = [u.id for u in units if u.id not in back]
            if missing or not units:
                print(f"{name}: {len(units)} units exported, missing on import: {missing}")
                return 1
        print(f"strings files without extras: {len(units)} unit(s) out to XLIFF and PO and back")
    return 0


if __name__ == "__main__":
    sys.exit(main())
