"""Print the file x platform table of issue 3's coverage floor: every real fixture built for
every non-detail bundled slot; a cell is served/slots, with the closed-list codes of the rest.

    python tools/fixture_table.py [FIXTURES_DIR]
"""
from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

from assetkit import BuildOptions, build
from assetkit.config import load_catalog
from assetkit.findings import SLOT_UNSERVABLE


def main() -> None:
    fixtures = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/fixtures/psd")
    catalog = load_catalog()
    slots = {p.id: [s.id for s in p.slots if s.kind != "detail"] for p in catalog}
    only = [f"{p}/{s}" for p, ids in slots.items() for s in ids]
    files = sorted(f for f in fixtures.iterdir() if f.suffix.lower() in (".psd", ".psb"))
    print("| file | " + " | ".join(slots) + " | served |")
    print("|---|" + "---|" * (len(slots) + 1))
    total = served_all = 0
    reasons: Counter = Counter()
    for path in files:
        with tempfile.TemporaryDirectory() as out:
            result = build([path], out=Path(out), only=only, jobs=1,
                           options=BuildOptions(source_root=path.parent))
        served = {f"{o.platform}/{o.slot}" for o in result.outputs}
        for f in result.findings:
            key = f"{f.platform}/{f.slot}"
            if f.code in SLOT_UNSERVABLE and key not in served:
                reasons[f.code] += 1
        cells = [f"{sum(f'{p}/{s}' in served for s in ids)}/{len(ids)}" for p, ids in slots.items()]
        n = sum(k in served for k in only)
        total += len(only)
        served_all += n
        print(f"| {path.name} | " + " | ".join(cells) + f" | {n}/{len(only)} |")
    print(f"\nserved {served_all}/{total} = {served_all / total:.1%}; "
          f"unserved by code: {dict(reasons)}")


if __name__ == "__main__":
    main()
