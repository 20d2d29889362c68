"""The store bench's human table: one row per phase, then the floors."""
from __future__ import annotations

MB = 2**20


def _size(n: int) -> str:
    for unit, scale in (("TB", 10**12), ("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= scale:
            return f"{n / scale:.2f} {unit}"
    return f"{n} B"


def _written(by_kind: dict) -> str:
    return ", ".join(f"{k} {_size(v)}" for k, v in sorted(by_kind.items())) or "nothing"


def render(r: dict) -> str:
    first = " (reused from an earlier run; --fresh redoes it)" if r["first_reused"] else ""
    lines = [
        f"{r['sources']} sources x {r['slots']} slots, {_size(r['source_apparent_bytes'])} of "
        f"PSDs on {_size(r['source_disk_bytes'])} of disk (sparse); records with findings: "
        f"{r['findings_share']:.0%}; mean record {_size(r['record_bytes_mean'])}",
        "",
        f"{'phase':<22}{'wall s':>8}{'build s':>9}{'peak RSS MB':>13}{'PSD bytes read':>16}"
        f"{'rendered':>10}",
    ]
    for name, key, read in (("1 first build", "first", None), ("2 no-op", "noop", "noop"),
                            (f"3 {r['changed']} sources changed", "change", "change")):
        shown = _size(r[f"{read}_source_bytes_read"]) if read else "(hash skipped)"
        rendered = r.get(f"{key}_rendered", r["sources"] if key == "first" else "")
        lines.append(f"{name:<22}{r[f'{key}_wall_s']:>8.2f}{r[f'{key}_build_s']:>9.2f}"
                     f"{r[f'{key}_peak_rss_mb']:>13.1f}{shown:>16}{rendered!s:>10}")
    lines += [
        "",
        f"first build wrote: {_written(r['first_written_bytes'])}{first}",
        f"no-op: {r['noop_files_modified']} files modified under OUT (lock aside), "
        f"{_size(r['noop_process_bytes_read'])} read by the build process in all",
        f"change: {r['change_records_written']} records, {r['change_index_shards_written']} index "
        f"shards ({_size(r['change_index_bytes'])}) + manifest.json "
        f"({_size(r['change_manifest_bytes'])}) = {r['change_index_kb']} KiB; wrote "
        f"{_written(r['change_written_bytes'])}",
        "(a changed source's bytes count twice in 'PSD bytes read': hashed by the store, then "
        "decoded by the render, as the builder counts them; the injected render decodes nothing)",
        "",
        f"{'floor (2 cores)':<26}{'value':>12}  {'floor':<10}",
    ]
    for key, f in r["floors"].items():
        lines.append(f"{key:<26}{f['value']!s:>12}  {f['floor']:<10}{'ok' if f['pass'] else 'FAIL'}")
    lines.append("PASS" if r["pass"] else "FAIL")
    return "\n".join(lines)
