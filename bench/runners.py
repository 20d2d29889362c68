"""The competitors and the physical limit, each run as its own process by the bench:
`python -m bench.runners {naive,vips,limit} PLAN.json OUT_DIR JOBS`."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

MIN_Q, MAX_Q = 40, 95


def _binary_search(encode, cap: int) -> bytes | None:
    """Largest q in [MIN_Q, MAX_Q] whose encode fits: the naive bisection (~6.4 encodes)."""
    lo, hi, best = MIN_Q, MAX_Q, None
    while lo <= hi:
        mid = (lo + hi) // 2
        data = encode(mid)
        if len(data) <= cap:
            best, lo = data, mid + 1
        else:
            hi = mid - 1
    return best


def _write(out: Path, job: dict, data: bytes | None) -> None:
    if data is not None:
        (out / (job["id"].replace("/", "__") + ".jpg")).write_bytes(data)


def naive(plan: list[dict], out: Path, jobs: int) -> None:
    """Naive Pillow: psd-tools composite, plain LANCZOS from full size, default JPEG settings,
    binary search; one process."""
    from PIL import Image
    from psd_tools import PSDImage

    for src in plan:
        image = PSDImage.open(src["path"]).composite().convert("RGB")
        for job in src["jobs"]:
            if job["box"] is not None:
                piece = image.resize(job["size"], Image.Resampling.LANCZOS, box=job["box"])
            else:
                page = image.resize(job["size"], Image.Resampling.LANCZOS)
                piece = page.crop((0, job["cut"][0], job["size"][0], job["cut"][1]))

            def encode(q, piece=piece):
                buf = io.BytesIO()
                piece.save(buf, "JPEG", quality=q)
                return buf.getvalue()

            _write(out, job, _binary_search(encode, job["cap"]))


def vips(plan: list[dict], out: Path, jobs: int) -> None:
    """pyvips: the psd-tools composite handed over once, crop + thumbnail_image, jpegsave with
    libvips' defaults (4:4:4 at Q >= 90), binary search."""
    import pyvips
    from psd_tools import PSDImage

    for src in plan:
        rgb = PSDImage.open(src["path"]).topil().convert("RGB")
        image = pyvips.Image.new_from_memory(rgb.tobytes(), rgb.width, rgb.height, 3, "uchar")
        pages: dict = {}
        for job in src["jobs"]:
            w, h = job["size"]
            if job["box"] is not None:
                x0, y0, x1, y1 = (round(v) for v in job["box"])
                piece = image.crop(x0, y0, x1 - x0, y1 - y0).thumbnail_image(
                    w, height=h, size="force")
            else:
                key = (w, h)
                if key not in pages:
                    pages[key] = image.thumbnail_image(w, height=h, size="force").copy_memory()
                y0, y1 = job["cut"]
                piece = pages[key].crop(0, y0, w, y1 - y0)
            piece = piece.copy_memory()
            _write(out, job, _binary_search(
                lambda q, piece=piece: piece.jpegsave_buffer(Q=q, strip=True), job["cap"]))


_LIMIT_IMAGE = None
_LIMIT_RESAMPLER: list = []  # this process's Resampler: the source converted once, as in a build


def _limit_unit(unit: dict) -> int:
    """One resize and one encode per output at the settings assetkit chose."""
    from assetkit.encode import ENCODERS, EncodeSettings
    from assetkit.render.resample import Resampler, default_backend

    if not _LIMIT_RESAMPLER:
        _LIMIT_RESAMPLER.append(Resampler(default_backend()))
    resize = _LIMIT_RESAMPLER[0].resize
    image, settings = _LIMIT_IMAGE, EncodeSettings(srgb=True)
    if unit["box"] is not None:
        pieces = [resize(image, tuple(unit["size"]), tuple(unit["box"]))]
    else:
        page = resize(image, tuple(unit["size"]))
        pieces = [page.crop((0, y0, unit["size"][0], y1)) for y0, y1 in unit["cuts"]]
    total = 0
    for piece, (q, sub) in zip(pieces, unit["settings"], strict=True):
        total += len(ENCODERS["jpeg"].encode(piece, q, sub, settings))
    return total


def _units(jobs: list[dict]) -> list[dict]:
    """Detail slices of one slot share one resize."""
    units: dict[str, dict] = {}
    for job in jobs:
        key = job["id"].split("#")[0]
        unit = units.setdefault(key, {"size": job["size"], "box": job["box"], "cuts": [],
                                      "settings": []})
        unit["cuts"].append(job.get("cut"))
        unit["settings"].append(job["chosen"])
    return sorted(units.values(), key=lambda u: -u["size"][0] * u["size"][1])


def limit(plan: list[dict], out: Path, jobs: int) -> None:
    """The physical limit: assetkit's decode and resampler, then one resize + one encode per
    variant at the chosen settings, with a pool of `jobs` forked after the decode."""
    import multiprocessing

    from assetkit.document import open_document
    from assetkit.render.flatten import opaque

    global _LIMIT_IMAGE
    for src in plan:
        _LIMIT_IMAGE = opaque(open_document(Path(src["path"])).flatten())
        units = _units([j for j in src["jobs"] if j.get("chosen")])
        if jobs <= 1:
            for unit in units:
                _limit_unit(unit)
            continue
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pool.map(_limit_unit, units, chunksize=1)


RUNNERS = {"naive": naive, "vips": vips, "limit": limit}


def main(argv: list[str]) -> None:
    name, plan, out, jobs = argv
    Path(out).mkdir(parents=True, exist_ok=True)
    RUNNERS[name](json.loads(Path(plan).read_text(encoding="utf-8")), Path(out), int(jobs))


if __name__ == "__main__":
    main(sys.argv[1:])
