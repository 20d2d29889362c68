"""The console summary of a run's findings (report.console.finding_lines): one line per code,
worst severity first, then the most frequent; every finding with verbose; errors with quiet."""
from __future__ import annotations

from assetkit.model import Finding
from assetkit.report.console import finding_lines, place


def small_logo(slot: str) -> Finding:
    return Finding("logo.too-small", "warning", "logo placed 12.5 px tall, below the brand "
                   "minimum 16 px", source="banner", layer="@logo", platform="google-display",
                   slot=slot)


LOGOS = [small_logo(s) for s in ("200x200", "240x400", "250x250", "300x50", "320x50")]
UPSCALED = [Finding("layout.upscaled", "warning", "cta scaled up 1.40x beyond its source pixels",
                    source="banner", layer="@cta", platform=p, slot=s)
            for p, s in (("shopify", "product"), ("temu", "main"))]
MISSING = Finding("fonts.missing", "error", "no face for ProximaNova-Bold",
                  source="banner", layer="Title")
HEURISTIC = Finding("roles.heuristic", "info", "layer 'Logo' is the logo (its name)",
                    source="detail", layer="Logo")
RUN = [*UPSCALED, HEURISTIC, *LOGOS, MISSING]


def test_one_line_per_code_worst_severity_first_then_the_most_frequent():
    assert finding_lines(RUN) == [
        "  error   fonts.missing banner [Title]: no face for ProximaNova-Bold",
        "  warning logo.too-small ×5 in banner: google-display/200x200 [@logo], "
        "google-display/240x400 [@logo], google-display/250x250 [@logo] … and 2 more",
        "  warning layout.upscaled ×2 in banner: shopify/product [@cta], temu/main [@cta]",
        "  info    roles.heuristic detail [Logo]: layer 'Logo' is the logo (its name)",
    ]


def test_verbose_lists_every_finding_in_the_same_order():
    lines = finding_lines(RUN, verbose=True)
    assert len(lines) == len(RUN)
    assert lines[:3] == [
        "  error   fonts.missing banner [Title]: no face for ProximaNova-Bold",
        "  warning logo.too-small banner google-display/200x200 [@logo]: logo placed 12.5 px "
        "tall, below the brand minimum 16 px",
        "  warning logo.too-small banner google-display/240x400 [@logo]: logo placed 12.5 px "
        "tall, below the brand minimum 16 px",
    ]
    assert lines[-1].startswith("  info    roles.heuristic detail [Logo]: ")


def test_quiet_keeps_errors_only():
    assert finding_lines(RUN, quiet=True) == [
        "  error   fonts.missing banner [Title]: no face for ProximaNova-Bold"]
    assert finding_lines(LOGOS, quiet=True) == []
    assert finding_lines([], verbose=True) == []


def test_a_code_with_mixed_severities_shows_its_worst_and_sorts_by_it():
    promoted = Finding("layout.upscaled", "error", "product scaled up 1.10x", source="poster")
    assert finding_lines([*LOGOS, *UPSCALED, promoted])[0] == (
        "  error   layout.upscaled ×3: banner shopify/product [@cta], banner temu/main [@cta], "
        "poster")


def test_places_are_named_once_and_a_finding_without_one_is_only_counted():
    twice = [Finding("fonts.missing", "error", f"no face for {name}", source="banner",
                     layer="Title") for name in ("A", "B")]
    nowhere = [Finding("check.error", "warning", "x"), Finding("check.error", "warning", "y")]
    assert finding_lines([*twice, *nowhere]) == [
        "  error   fonts.missing ×2 in banner: [Title]",
        "  warning check.error ×2",
    ]
    assert place(Finding("c", "info", "m")) == ""
    assert place(UPSCALED[0]) == "banner shopify/product [@cta]"
    assert place(UPSCALED[0], source=False) == "shopify/product [@cta]"


def test_severities_are_coloured_by_the_injected_style():
    def style(text: str, **kw) -> str:
        return f"<{kw.get('fg')}>{text}</>"

    assert finding_lines([MISSING, *UPSCALED], style=style) == [
        "  <red>error  </> fonts.missing banner [Title]: no face for ProximaNova-Bold",
        "  <yellow>warning</> layout.upscaled ×2 in banner: shopify/product [@cta], "
        "temu/main [@cta]",
    ]
