"""Weight and quality of the outputs: encodes, q_lost, cap waste, over-cap files, and luma
SSIM of assetkit and the competitors against a float Lanczos reference."""
from __future__ import annotations

import statistics
from pathlib import Path

from .quality import Reference, score
from .workload import slots


def _file(folder: Path, variant: str) -> Path:
    return folder / (variant.replace("/", "__") + ".jpg")


def _q_lost(image, output: dict, slot, resampler) -> int:
    """How many quality steps above the chosen one would still have fitted."""
    from assetkit.encode import ENCODERS, EncodeSettings
    from assetkit.render.flatten import render_flat

    enc = output["encode"]
    if output["format"] != "jpeg" or enc["quality"] >= 95:
        return 0
    if output.get("slice"):  # the page at the slot's width, cut where assetkit cut it
        page = resampler.resize(image, _page_size(image, slot))
        piece = page.crop((0, output["slice"]["y0"], page.width, output["slice"]["y1"]))
    else:
        piece = render_flat(image, (output["width"], output["height"]), resampler).image
    settings, lost = EncodeSettings(srgb=True), 0
    for q in range(enc["quality"] + 1, 96):
        if len(ENCODERS["jpeg"].encode(piece, q, enc["subsampling"], settings)) > output["max_bytes"]:
            break
        lost += 1
    return lost


def _page_size(image, slot) -> tuple[int, int]:
    from assetkit.geometry import output_size

    return output_size(slot, image.size)[0]


def check(bench, resampler_name: str) -> dict:
    """Weight and quality of the timed runs' outputs; q_lost re-renders with `resampler_name`,
    the resampler the timed runs used."""
    from assetkit.document import open_document
    from assetkit.render.flatten import opaque
    from assetkit.render.resample import Resampler

    outputs = {o["variant_id"]: o for o in bench.manifest()["outputs"]}
    by_slot = {s.id: s for s in slots()}
    ssim: dict[str, list[float]] = {"ours": [], "magick": [], "naive": [], "vips": []}
    deficits, lost, missing = [], [], 0
    resampler = Resampler(resampler_name)  # one libvips copy per source, as in a build
    for src in bench.plan:
        image = opaque(open_document(Path(src["path"])).flatten())
        reference = Reference(image)
        for job in src["jobs"]:
            out = outputs.get(job["id"])
            if out is None:
                missing += 1
                continue
            # assetkit cuts detail pages in blank bands: score its slice against the same rows
            mine = ({**job, "cut": (out["slice"]["y0"], out["slice"]["y1"])}
                    if out.get("slice") and job.get("cut") else job)
            ours = score(reference, mine, (bench.work / "out-flatten" / out["path"]).read_bytes())
            ssim["ours"].append(ours)
            lost.append(_q_lost(image, out, by_slot[job["id"].split("/")[-1].split("#")[0]],
                                resampler))
            for tool in ("magick", "naive", "vips"):
                path = _file(bench.work / f"out-{tool}", job["id"])
                if path.is_file():
                    value = score(reference, job, path.read_bytes())
                    ssim[tool].append(value)
                    if tool == "magick":
                        deficits.append(value - ours)
    binding = [o for o in outputs.values()
               if (o["encode"]["quality"], o["encode"]["subsampling"]) != (95, "4:4:4")]
    return {
        "encodes_per_variant": round(statistics.mean(
            o["encode"]["encodes"] + o["encode"].get("sample_encodes", 0)
            for o in outputs.values()), 3),
        "full_encodes_per_variant": round(statistics.mean(
            o["encode"]["encodes"] for o in outputs.values()), 3),
        "q_lost": max(lost, default=0),
        "cap_waste_median": round(statistics.median(
            1 - o["bytes"] / o["max_bytes"] for o in binding), 4) if binding else None,
        "binding_variants": len(binding),
        "ssim_deficit_vs_imagemagick_mean": round(statistics.mean(deficits), 5)
        if deficits else None,
        "ssim_deficit_vs_imagemagick_max": round(max(deficits), 5) if deficits else None,
        "over_cap": sum(o["bytes"] > o["max_bytes"] for o in outputs.values()),
        "cap_unreachable": missing,
        "ssim_luma_mean": {k: round(statistics.mean(v), 5) for k, v in ssim.items() if v},
        "ssim_compared": {k: len(v) for k, v in ssim.items()},
    }
