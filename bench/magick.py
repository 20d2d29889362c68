"""ImageMagick as a competitor: one `convert` process per source, every target cut from the
same composite with the same crop box, `-define jpeg:extent=` doing the size search."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def find() -> str | None:
    """The real ImageMagick (`magick`, else `convert`), skipping stand-ins that are not it."""
    for name in ("magick", "convert"):
        for folder in ("/usr/bin", "/usr/local/bin", *(shutil.which(name) or "").rsplit("/", 1)[:1]):
            path = Path(folder) / name
            if not path.is_file():
                continue
            try:
                text = subprocess.run([str(path), "-version"], capture_output=True, text=True,
                                      timeout=10).stdout
            except (OSError, subprocess.TimeoutExpired):
                continue
            if text.startswith("Version: ImageMagick"):
                return str(path)
    return None


def command(binary: str, src: dict, out: Path) -> list[str]:
    """`convert SRC[0] ( +clone -crop ... -resize WxH! -define jpeg:extent=CAP -write F +delete ) ... null:`"""
    # -quality 95: the top of the search range, as for every tool here (IM searches 2..q).
    args = [binary, src["path"] + "[0]", "-strip", "-colorspace", "sRGB", "-alpha", "off",
            "-quality", "95"]
    pages: set = set()
    for job in src["jobs"]:
        w, h = job["size"]
        name = str(out / (job["id"].replace("/", "__") + ".jpg"))
        extent = ["-define", f"jpeg:extent={job['cap']}"]
        if job["box"] is not None:
            x0, y0, x1, y1 = (round(v) for v in job["box"])
            args += ["(", "+clone", "-crop", f"{x1 - x0}x{y1 - y0}+{x0}+{y0}", "+repage",
                     "-resize", f"{w}x{h}!", *extent, "-write", name, "+delete", ")"]
            continue
        page = f"mpr:page{w}x{h}"
        if page not in pages:
            pages.add(page)
            args += ["(", "+clone", "-resize", f"{w}x{h}!", "-write", page, "+delete", ")"]
        y0, y1 = job["cut"]
        args += ["(", page, "-crop", f"{w}x{y1 - y0}+0+{y0}", "+repage", *extent,
                 "-write", name, "+delete", ")"]
    return [*args, "null:"]
