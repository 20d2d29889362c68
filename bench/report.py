"""`python -m bench.report [--sources N] [--outputs M] [--json]`: the HTML report at scale
(issue 25). N synthetic records (records only, no images) of M outputs each over the bundled
slots are written once to a work folder; then, each timed: (1) every page written
(`assetkit report`'s path), (2) a no-op, (3) one source changed, (4) one slot's label changed
in the specs; wall time, peak RSS, files and bytes written, against the issue's floors."""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

from assetkit.config import load_catalog
from assetkit.model import Finding, Output
from assetkit.report.web import ReportSettings, slot_views, write_pages
from assetkit.report.web.pages import INDEX_NAME, report_dir
from assetkit.store.ids import SourceId
from assetkit.store.records import Record, SourceStat, write_record

REPO = Path(__file__).resolve().parents[1]
KB = 1024
TODAY_BYTES_PER_OUTPUT = 560  # the issue: one report.html rewritten whole, ~560 B an output
# (metric, floor, comparison): the Done-when at 10,000 sources
FLOORS = (("index_page_max_kb", 200.0, "<="), ("noop_files_written", 0, "=="),
          ("change_pages_written", 1, "=="), ("change_other_pages_written", 0, "=="),
          ("relabel_pages_written", None, "=="))  # == the sources showing the slot


def _layout(w: int, h: int) -> dict:
    return {"mode": "recompose", "score": 0.83, "layers": [
        {"path": "Logo", "index": 2, "unit": "logo", "role": "logo",
         "box": [0.04 * w, 0.04 * h, 0.2 * w, 0.12 * h]},
        {"path": "Headline", "index": 3, "unit": "headline", "role": "headline",
         "box": [0.04 * w, 0.6 * h, 0.7 * w, 0.7 * h]}]}


def _record(source: str, slots: list[tuple[str, str, int, int]], stamp: int) -> Record:
    """One source's record: an output per slot (a real record's fields), and on every tenth
    source a warning on its first output and an info finding."""
    folder = SourceId(source).folder
    outputs = tuple(Output(f"{folder}/{p}/{s}", folder, p, s, f"{folder}/{p}/{s}_{w}x{h}.jpg",
                           w, h, 40_000 + i + 5_000 * stamp, 150 * KB, "jpeg",
                           {"quality": 85, "subsampling": "4:2:0", "encodes": 3},
                           "0" * 24, layout=_layout(w, h), sha256="0" * 64)
                    for i, (p, s, w, h) in enumerate(slots))
    findings: tuple[Finding, ...] = ()
    if int(source[-9:-4]) % 10 == 0:
        p, s = slots[0][:2]
        findings = (Finding("layout.upscaled", "warning", f"product scaled up x1.2 (v{stamp})",
                            folder, "Product", p, s),
                    Finding("roles.heuristic", "info", "roles read from layer names", folder))
    return Record(source, folder, SourceStat(1, stamp, 1), "0" * 64, 1.7e9 + stamp, "k",
                  outputs, findings)


def _slots(count: int) -> list[tuple[str, str, int, int]]:
    """`count` bundled (platform, slot, w, h), cycling through the non-detail slots."""
    found = [(p.id, s.id, *(s.size or (1200, 628))) for p in load_catalog()
             for s in p.slots if s.detail is None]
    return [found[i % len(found)] for i in range(count)]


def _ids(count: int) -> list[str]:
    return [f"d{i // 100:03d}/s{i:05d}.psd" for i in range(count)]


def setup(out: Path, count: int, outputs: int) -> list[str]:
    """The records (reused when the folder holds the same workload)."""
    marker = out / "bench-report.json"
    wanted = {"sources": count, "outputs": outputs}
    ids = _ids(count)
    if marker.is_file() and json.loads(marker.read_text(encoding="utf-8")) == wanted:
        return ids
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    slots = _slots(outputs)
    for sid in ids:
        write_record(out, SourceId(sid).digest, _record(sid, slots, 0))
    marker.write_text(json.dumps(wanted), encoding="utf-8")
    return ids


def _snapshot(out: Path) -> dict[str, tuple[int, int]]:
    files = [out / INDEX_NAME, *report_dir(out).rglob("*")]
    return {p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in files if p.is_file()}


def _timed(out: Path, ids: list[str], changed: list[str] | None, settings: ReportSettings
           ) -> dict:
    """One write_pages call: wall time and what it wrote (files, pages, bytes)."""
    before = _snapshot(out)
    begin, cpu = time.perf_counter(), time.process_time()
    write_pages(out, ids, changed, settings)
    wall, cpu = time.perf_counter() - begin, time.process_time() - cpu
    after = _snapshot(out)
    written = {k: v[1] for k, v in after.items() if before.get(k) != v}
    pages = [k for k in written if k.startswith(".assetkit/report/sources/")]
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "files_written": len(written), "pages_written": len(pages),
            "written_kb": round(sum(written.values()) / KB, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "_pages": pages}


def run(out: Path, count: int, outputs: int) -> dict:
    ids = setup(out, count, outputs)
    changed = ids[len(ids) // 2 + 1]  # one without findings: its weights change
    write_record(out, SourceId(changed).digest, _record(changed, _slots(outputs), 0))
    shutil.rmtree(report_dir(out), ignore_errors=True)
    (out / INDEX_NAME).unlink(missing_ok=True)
    settings = ReportSettings("Bench", "ko", {}, slot_views(load_catalog()))
    full = _timed(out, ids, None, settings)
    noop = _timed(out, ids, [], settings)
    write_record(out, SourceId(changed).digest, _record(changed, _slots(outputs), 1))
    change = _timed(out, ids, [changed], settings)
    key = "/".join(_slots(outputs)[-1][:2])
    slots = dict(settings.slots)
    slots[key] = replace(slots[key], label={"ko": "바뀐 이름", "en": "Renamed"})
    relabel = _timed(out, ids, [], replace(settings, slots=slots))
    sizes = _snapshot(out)
    index_pages = [v[1] for k, v in sizes.items() if k == INDEX_NAME or "/index/" in k]
    pages = [v[1] for k, v in sizes.items() if k.startswith(".assetkit/report/sources/")]
    total = sum(v[1] for v in sizes.values())
    mine = f".assetkit/report/sources/{SourceId(changed).folder}"
    result = {
        "sources": count, "outputs_per_source": outputs, "outputs": count * outputs,
        **{f"full_{k}": v for k, v in full.items() if not k.startswith("_")},
        **{f"noop_{k}": v for k, v in noop.items() if not k.startswith("_")},
        **{f"change_{k}": v for k, v in change.items() if not k.startswith("_")},
        "change_other_pages_written": sum(not p.startswith(mine) for p in change["_pages"]),
        **{f"relabel_{k}": v for k, v in relabel.items() if not k.startswith("_")},
        "relabel_expected": count,  # every source shows every slot of the workload
        "index_pages": len(index_pages), "index_page_max_kb": round(max(index_pages) / KB, 1),
        "source_page_mean_kb": round(sum(pages) / len(pages) / KB, 1),
        "source_page_max_kb": round(max(pages) / KB, 1),
        "state_kb": round(sizes[".assetkit/report/state.json"][1] / KB, 1),
        "report_total_mb": round(total / KB / KB, 1),
        "bytes_per_output": round(total / (count * outputs)),
        "today_bytes_per_output": TODAY_BYTES_PER_OUTPUT}
    result["floors"] = _floors(result)
    return result


def _floors(result: dict) -> list[dict]:
    checks = []
    for key, floor, how in FLOORS:
        floor = result["relabel_expected"] if floor is None else floor
        value = result[key]
        ok = value <= floor if how == "<=" else value == floor
        checks.append({"metric": key, "value": value, "floor": f"{how} {floor}", "ok": ok})
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__)
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--outputs", type=int, default=65, help="outputs a source (default 65)")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "bench" / "report")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.work, args.sources, args.outputs)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            if key != "floors":
                print(f"{key:32} {value}")
        for check in result["floors"]:
            print(f"{'ok  ' if check['ok'] else 'FAIL'} {check['metric']} = {check['value']} "
                  f"(floor {check['floor']})")
    return 0 if all(c["ok"] for c in result["floors"]) else 1


if __name__ == "__main__":
    sys.exit(main())
