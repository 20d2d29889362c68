"""Issue 3's acceptance on the sample campaign: every slot of at least 300x250 whose rules allow
text keeps headline, logo and CTA, and no role's rendered pixels fall in an overlay zone."""
from __future__ import annotations

import numpy as np
import pytest

from assetkit.config import load_brand, load_catalog
from assetkit.document import open_document
from assetkit.geometry import output_size, zone_box
from assetkit.layout import plan_layout
from assetkit.layout.engine import usable_area
from assetkit.render.recompose import prepare_source, render_layout
from assetkit.understand import understand
from assetkit.understand.focus import focus_point
from tests.conftest import REPO

SAMPLE = REPO / "input" / "haneul-serum-launch.psd"


def eligible():
    """Slots of at least 300x250 (for this source) whose rules allow text."""
    source_size = open_document(SAMPLE).size
    for platform in load_catalog():
        for slot in platform.slots:
            w, h = output_size(slot, source_size)[0]
            if slot.kind != "detail" and "text" not in slot.forbid and w >= 300 and h >= 250:
                yield pytest.param(platform.id, slot, id=f"{platform.id}/{slot.id}")


@pytest.fixture(scope="module")
def source():
    doc = open_document(SAMPLE)
    brand = load_brand(REPO / "brand_rules" / "example.yaml")
    understood = understand(doc, brand=brand)
    src = prepare_source(doc, understood)
    return src, focus_point(understood, src.plate), brand


@pytest.mark.parametrize("platform, slot", list(eligible()))
def test_big_slots_keep_headline_logo_cta_outside_zones(source, platform, slot):
    src, focus, brand = source
    size = output_size(slot, src.size)[0]
    layout = plan_layout(src.layout_source, slot, size, focus=focus, brand=brand,
                         where={"platform": platform, "slot": slot.id})
    rendered = render_layout(src, layout)
    for role in ("headline", "logo", "cta"):
        assert np.asarray(rendered.masks[role]).any(), role
    area = [round(v) for v in usable_area(slot, size).as_tuple()]  # minus safe margins
    for role, mask in rendered.masks.items():
        inside = np.asarray(mask)[area[1]:area[3], area[0]:area[2]]
        assert inside.sum() == np.asarray(mask).sum(), f"{role} pixels in a safe margin"
    for zone in slot.overlay_zones:
        z = [int(v) for v in zone_box(zone, size).as_tuple()]
        for role, mask in rendered.masks.items():
            assert not np.asarray(mask)[z[1]:z[3], z[0]:z[2]].any(), (role, zone.name)
