"""How `assetkit fonts` prints its report."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..commands.fonts import FontReport



def font_lines(report: FontReport) -> list[str]:
    out = [f"{report.faces} font faces indexed in {len(report.families)} families"]
    if not report.uses and not report.failures:
        out += [f"  {fam}: {', '.join(styles)}" for fam, styles in sorted(report.families.items())]
    for u in report.uses:
        status = f"ok -> {u.resolved} ({u.origin})" if u.resolved else "MISSING"
        if u.via == "substitute":
            status = f"substitute {u.face} -> {u.resolved} ({u.origin})"
        if u.allowed is False:
            status += " — not allowed by the brand"
        if u.missing_glyphs:
            status += f" — no glyph for {''.join(u.missing_glyphs)!r}"
        out.append(f"{u.source} [{u.layer}] {u.font}: {status}")
    out += [f"Error: {f}" for f in report.failures]
    return out
