"""OUT/report.html: a contact sheet of every output with its size, weight and findings."""
from __future__ import annotations

import html
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from ..fsutil import write_atomic
from ..model import Finding, Output
from ..store.records import scratch_dir

STYLE = """body{font-family:system-ui,'Noto Sans KR',sans-serif;margin:24px;color:#222}
h2{border-bottom:1px solid #ddd;padding-bottom:4px}
.grid{display:flex;flex-wrap:wrap;gap:16px}
.card{border:1px solid #ddd;border-radius:6px;padding:8px;width:240px;font-size:12px}
.card img{max-width:224px;max-height:224px;display:block;margin:auto;background:#eee}
.bad{color:#b00020}.warn{color:#a86400}.ok{color:#137333}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:4px 8px}"""


def _card(out: Output, findings: Sequence[Finding]) -> str:
    share = out.bytes / out.max_bytes if out.max_bytes else 0
    q = out.encode.get("quality")
    lines = "".join(f'<div class="{"bad" if f.severity == "error" else "warn"}">'
                    f"{html.escape(f.code)}: {html.escape(f.message)}</div>" for f in findings)
    sl = f" · slice {out.slice.index + 1}/{out.slice.count}" if out.slice else ""
    return (f'<div class="card"><a href="{html.escape(out.path)}">'
            f'<img loading="lazy" src="{html.escape(out.path)}"></a>'
            f"<b>{html.escape(out.platform)}/{html.escape(out.slot)}</b>{sl}<br>"
            f"{out.width}x{out.height} · {out.format}{f' q{q}' if q else ''}<br>"
            f'<span class="ok">{out.bytes / 1024:.0f} KB</span> of {out.max_bytes / 1024:.0f} KB '
            f"({share:.0%}){lines}</div>")


def _findings_table(findings: Sequence[Finding]) -> str:
    if not findings:
        return "<p class='ok'>No findings.</p>"
    rows = "".join(
        f"<tr><td class='{'bad' if f.severity == 'error' else 'warn'}'>{f.severity}</td>"
        f"<td>{html.escape(f.code)}</td><td>{html.escape(f.source or '')}</td>"
        f"<td>{html.escape(f'{f.platform}/{f.slot}' if f.platform else '')}</td>"
        f"<td>{html.escape(f.message)}</td></tr>" for f in findings)
    return ("<table><tr><th>severity</th><th>code</th><th>source</th><th>slot</th>"
            f"<th>message</th></tr>{rows}</table>")


def render_report(outputs: Sequence[Output], findings: Sequence[Finding], title: str) -> str:
    parts = [f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>"
             f"<style>{STYLE}</style><h1>{html.escape(title)}</h1>",
             f"<p>{len(outputs)} outputs · {len(findings)} findings</p>",
             "<h2>Findings</h2>", _findings_table(findings)]
    ordered = sorted(outputs, key=lambda o: (o.source, o.platform, o.slot, o.path))
    for source, group in groupby(ordered, key=lambda o: o.source):
        parts.append(f"<h2>{html.escape(source)}</h2><div class='grid'>")
        parts.extend(_card(o, o.findings) for o in group)
        parts.append("</div>")
    return "\n".join(parts)


def render_summary(entries: Sequence, findings: Sequence[Finding], title: str) -> str:
    """A folder too large for a card per output: per source, its output and finding counts
    with a link to its folder, and the findings of the build."""
    rows = "".join(
        f"<tr><td><a href='{html.escape(e.folder)}/'>{html.escape(e.id)}</a></td>"
        f"<td>{e.outputs}</td><td class='bad'>{e.errors or ''}</td>"
        f"<td class='warn'>{e.warnings or ''}</td></tr>"
        for e in sorted(entries, key=lambda e: e.id))
    total = sum(e.outputs for e in entries)
    return "\n".join([
        f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{STYLE}</style><h1>{html.escape(title)}</h1>",
        f"<p>{len(entries)} sources · {total} outputs · {len(findings)} findings in this build"
        "</p>", "<h2>Findings</h2>", _findings_table(findings), "<h2>Sources</h2>",
        f"<table><tr><th>source</th><th>outputs</th><th>errors</th><th>warnings</th></tr>"
        f"{rows}</table>"])


def write_summary(out_dir: Path, entries: Sequence, findings: Sequence[Finding],
                  title: str) -> Path:
    path = out_dir / "report.html"
    write_atomic(path, render_summary(entries, findings, title).encode("utf-8"),
                 scratch_dir(out_dir))
    return path


def write_report(out_dir: Path, outputs: Sequence[Output], findings: Sequence[Finding],
                 title: str) -> Path:
    path = out_dir / "report.html"
    write_atomic(path, render_report(outputs, findings, title).encode("utf-8"),
                 scratch_dir(out_dir))
    return path
