"""The text-contrast check on a real render of a generated PSD: the render judges each placed
text unit (its own finding-free case), and injected judgements give the exact findings: an
error from a quarter of a unit's length lost, a warning from a tenth, nothing for what did not
read in the source either."""
from __future__ import annotations

from dataclasses import replace

import pytest

from assetkit.checks.variants import variant_findings
from assetkit.measure.edge_contrast import EdgeContrast
from assetkit.render.recompose import TextContrast
from tests.checks.test_variant_checks import render, source  # noqa: F401 - the fixture

READS = EdgeContrast(0.0, 9.5, 12)


def _found(ctx):
    return [(f.code, f.severity, f.layer, f.message) for f in variant_findings(ctx)
            if f.code == "legibility.low-contrast"]


def test_the_render_judges_its_text_units_and_they_read(source):  # noqa: F811
    ctx = render(source, "google-display/300x250")
    assert {"headline", "sub"} <= set(ctx.contrast)  # the cta is a panel: not judged
    assert all(j.placed.unreadable == 0 and j.source is not None for j in ctx.contrast.values())
    assert _found(ctx) == []


@pytest.mark.parametrize(("placed", "before", "severity"), [
    (EdgeContrast(0.5, 1.02, 12), READS, "error"),
    (EdgeContrast(0.25, 1.2, 12), READS, "error"),
    (EdgeContrast(0.17, 1.39, 6), READS, "warning"),
    (EdgeContrast(0.5, 1.02, 12), None, None),  # not judged in the source: nothing to lose
    (EdgeContrast(0.05, 1.3, 20), READS, None),  # a twentieth: not a finding
    (EdgeContrast(0.1, 1.3, 20), READS, "warning"),  # a tenth exactly
    (EdgeContrast(0.3, 1.3, 10), EdgeContrast(0.2, 1.3, 10), "error"),  # a tenth more exactly
    (EdgeContrast(0.5, 1.02, 12), EdgeContrast(0.45, 1.1, 12), None),  # as in the source
])
def test_what_stops_reading_here_is_named_by_how_much(source, placed, before, severity):  # noqa: F811
    ctx = render(source, "google-display/300x250")
    judged = {"sub": TextContrast("sub", ("@sub",), placed, before)}
    found = _found(replace(ctx, contrast=judged))
    if severity is None:
        assert found == []
        return
    lost, was = f"{placed.unreadable:.0%}", f"{before.unreadable:.0%}"
    assert found == [("legibility.low-contrast", severity, "@sub",
                      f"sub: {lost} of its length does not read against what is behind it here "
                      f"(edge contrast under 1.5:1, lowest {placed.worst:.2f}:1); {was} in the "
                      f"source")]
