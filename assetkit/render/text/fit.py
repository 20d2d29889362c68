"""Fit text into its box: shrink from the original size to the brand minimum in 0.5 px steps;
report what cannot be set (missing font, missing glyphs, overflow) and which stand-in faces
(fonts/resolve.py) set it. Fitting never changes the face, only the size."""
from __future__ import annotations

from dataclasses import dataclass

from ...findings import Where
from ...fonts.findings import blocking, layer_findings
from ...fonts.resolve import FontResolver
from ...geometry import Box
from ...layout.engine import DEFAULT_MIN_PX
from ...model import Finding
from ...scene import TextInfo
from .engine import TextRender, set_text
from .linebreak import normalize

STEP_PX = 0.5


@dataclass(frozen=True)
class FitResult:
    """The text set at the largest size that fits (or at the minimum, overflowing), or None
    when no face in the font chain can set it; the findings say why and which faces stood in."""

    render: TextRender | None
    size_px: float | None
    findings: tuple[Finding, ...] = ()

    @property
    def fits(self) -> bool:
        return self.render is not None and self.render.fits


def _texts(info: TextInfo, text: str | None) -> list[tuple[str, str]]:
    """(font, the text it sets): each run's own text, or a translation in the main run's font."""
    if text is not None:
        main = max(info.runs, key=lambda r: len(r.text)).font
        return [(main, text)]
    by_font: dict[str, str] = {}
    for run in info.runs:
        by_font[run.font] = by_font.get(run.font, "") + run.text
    return list(by_font.items())


def fit_text(info: TextInfo, fonts: FontResolver, *, box: Box | None = None,
             text: str | None = None, min_px: float | None = None, source: str | None = None,
             layer: str | None = None) -> FitResult:
    """Set `text` (default: the layer's own) in the layer's box at the largest size from the
    original down to `min_px` (brand minimum, default 9 px) that fits, with the faces `fonts`
    resolves (fonts.substituted findings when stand-ins draw it)."""
    where: Where = {"source": source, "layer": layer}
    if not info.runs:
        return FitResult(None, None)
    findings, _plans = layer_findings(fonts, _texts(info, text), layer or "?", where)
    if blocking(findings):
        return FitResult(None, None, tuple(findings))

    def attempt(size: float) -> TextRender:
        return set_text(info, fonts, box=box, size_scale=size / top, text=text)

    top = info.max_size_px
    floor = min(top, DEFAULT_MIN_PX if min_px is None else min_px)
    steps = int((top - floor) / STEP_PX + 1e-9)
    sizes = [top - i * STEP_PX for i in range(steps + 1)]
    if sizes[-1] > floor + 1e-9:
        sizes.append(floor)
    best = attempt(top)
    if best.fits:
        return FitResult(best, top, tuple(findings))
    smallest = attempt(sizes[-1])
    if not smallest.fits:
        return FitResult(smallest, sizes[-1],
                         (*findings, _overflow(info, text, smallest, where)))
    lo, hi = 0, len(sizes) - 1  # sizes[hi] fits, sizes[lo] does not: fitting is monotone
    best = smallest
    while hi - lo > 1:
        mid = (lo + hi) // 2
        trial = attempt(sizes[mid])
        if trial.fits:
            hi, best = mid, trial
        else:
            lo = mid
    return FitResult(best, sizes[hi], tuple(findings))


def _overflow(info: TextInfo, text: str | None, render: TextRender, where: Where) -> Finding:
    body = normalize(info.text if text is None else text).replace("\r", " ").replace("\x03", " ")
    shown = body if len(body) <= 60 else body[:59] + "…"
    missing = []
    if render.overflow_px:
        missing.append(f"{render.overflow_px:g} px of height")
    if render.overflow_chars:
        missing.append(f"{render.overflow_chars} characters")
    if not missing:
        missing.append("a line is wider than the box")
    return Finding("localize.overflow", "error",
                   f"text of layer '{where.get('layer') or '?'}' does not fit its box even at "
                   f"{render.font_size_px:g} px: {' / '.join(missing)} missing: '{shown}'",
                   **where)
