"""The fixed benchmark workload: 27 cover-crop slots (120x120 to 1920x1080) and 3 detail-page
slots (sliced), caps 50 KB to 2 MB, written as an assetkit spec and campaign."""
from __future__ import annotations

import os
from pathlib import Path

import yaml

PLATFORM = "bench"

# (slot id, width, height, cap KiB)
COVER = (
    ("c120", 120, 120, 50), ("c160", 160, 160, 50), ("c200", 200, 200, 50),
    ("c250", 250, 250, 50), ("r300x250", 300, 250, 50), ("c300", 300, 300, 50),
    ("r336x280", 336, 280, 50), ("c400", 400, 400, 50), ("c480", 480, 480, 50),
    ("c500", 500, 500, 50), ("c600", 600, 600, 50), ("c640", 640, 640, 50),
    ("c720", 720, 720, 60), ("c750", 750, 750, 60), ("c800", 800, 800, 60),
    ("c860", 860, 860, 70), ("c1000", 1000, 1000, 80), ("c1080", 1080, 1080, 90),
    ("c1200", 1200, 1200, 100), ("r1200x628", 1200, 628, 50), ("r1280x720", 1280, 720, 60),
    ("r1080x1350", 1080, 1350, 100), ("r1080x1920", 1080, 1920, 120),
    ("r1200x1500", 1200, 1500, 120), ("c1500", 1500, 1500, 150), ("r1600x900", 1600, 900, 100),
    ("r1920x1080", 1920, 1080, 120),
)
# (slot id, width, max slice height, cap KiB per slice)
DETAIL = (("d860", 860, 3000, 200), ("d750", 750, 2500, 150), ("d640", 640, 12000, 2048))


def _slot(slot_id: str, kind: str, cap: float) -> dict:
    return {"id": slot_id, "labels": {"en": slot_id, "ko": slot_id}, "kind": kind,
            "max_kb": cap, "formats": ["jpeg"], "colour_space": "srgb", "background": "any",
            "sources": ["https://example.com/assetkit-bench"], "verified_on": "2026-11-24",
            "confidence": "unverified"}


def spec() -> dict:
    slots = [{**_slot(i, "banner", cap), "size": [w, h]} for i, w, h, cap in COVER]
    slots += [{**_slot(i, "detail", cap), "detail": {"width": w, "max_slice_height": sh}}
              for i, w, sh, cap in DETAIL]
    return {"id": PLATFORM, "names": {"en": "Benchmark", "ko": "벤치마크"}, "slots": slots}


def write_campaign(folder: Path, sources: list[Path], mode: str) -> Path:
    """specs/bench.yaml plus a campaign file building every bench slot of `sources`, their
    folder its source root (outputs in `out-MODE/<stem>/`, variant ids `<stem>/bench/<slot>`)."""
    specs = folder / "specs"
    specs.mkdir(parents=True, exist_ok=True)
    (specs / f"{PLATFORM}.yaml").write_text(yaml.safe_dump(spec(), allow_unicode=True),
                                            encoding="utf-8")
    campaign = {"name": f"bench-{mode}", "sources": [str(p) for p in sources],
                "targets": [PLATFORM], "output": str(folder / f"out-{mode}"), "formats": ["jpeg"],
                "specs": str(specs), "mode": mode,
                "source_root": os.path.commonpath([str(p.parent) for p in sources])}
    path = folder / f"bench-{mode}.yaml"
    path.write_text(yaml.safe_dump(campaign), encoding="utf-8")
    return path
