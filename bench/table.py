"""The human-readable bench report."""
from __future__ import annotations

from . import stages

FLOORS = {  # metric: (comparison, floor) on the 2-core machine
    "speedup_vs_naive_pillow_j1": (">=", 1.6), "speedup_vs_naive_pillow_j2": (">=", 2.2),
    "speedup_vs_imagemagick": (">=", 5), "speedup_vs_vips": (">=", 1.2),
    "recompose_speedup_vs_naive_pillow": (">=", 2.0), "recompose_vs_flatten": ("<=", 1.3),
    "recompose_spread": ("<=", 0.15), "limit_ratio": ("<=", 1.25),
    "encodes_per_variant": ("<=", 2.3), "q_lost": ("==", 0), "cap_waste_median": ("<=", 0.04),
    "ssim_deficit_vs_imagemagick_mean": ("<=", 0), "ssim_deficit_vs_imagemagick_max": ("<=", 0.003),
    "over_cap": ("==", 0), "peak_rss_mb": ("<=", 1500),
}


def verdict(value, rule) -> str:
    if value is None:
        return "n/a"
    op, floor = rule
    ok = {">=": value >= floor, "<=": value <= floor, "==": value == floor}[op]
    return "pass" if ok else "FAIL"


def render(result: dict) -> str:
    lines = [f"{'tool':<12} {'median s':>9}"]
    lines += [f"{k:<12} {v:>9.2f}" for k, v in result["median_seconds"].items()]
    lines += ["", f"{'metric':<36} {'value':>10}  floor      verdict"]
    for key, rule in FLOORS.items():
        value = result.get(key)
        shown = "null" if value is None else f"{value:g}"
        lines.append(f"{key:<36} {shown:>10}  {rule[0]} {rule[1]:<6} {verdict(value, rule)}")
    for key, reason in result.get("null_reasons", {}).items():
        lines.append(f"  {key}: null ({reason})")
    for name, profile in result.get("stage_profile", {}).items():
        lines += ["", *stages.render(name, profile)]
    if "agency_profile" in result:
        lines += ["", f"agency set: {result['agency_sources']} sources, recompose -j N "
                  f"{result['agency_recompose_seconds']:.2f} s, {result['agency_peak_rss_mb']:.0f} MiB",
                  *stages.render("agency", result["agency_profile"])]
    lines += ["", f"luma SSIM means: {result.get('ssim_luma_mean')}",
              f"variants: {result['variants']}, binding caps: {result.get('binding_variants')}",
              f"machine: {result['machine']}"]
    return "\n".join(lines)
