"""The command line both golden tools share: run, then compare with the recorded file (print
the differences) or, with --write, record the run."""
from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path


def golden_main(argv: Sequence[str] | None, *, doc: str, golden: Path,
                collect: Callable[[Path], dict],
                differences: Callable[[dict, dict], list[str]],
                recorded: Callable[[dict], str], same: str) -> int:
    """`collect` into a temporary folder; with --write, save it to `golden` and print
    `recorded(result)`, else print the differences with the recording (or `same`)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"record {golden.name}")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        actual = collect(Path(tmp))
    if args.write:
        golden.write_text(json.dumps(actual, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                          encoding="utf-8")
        print(f"wrote {golden.name}: {recorded(actual)}")
        return 0
    diff = differences(json.loads(golden.read_text("utf-8")), actual)
    print("\n".join(diff) or same)
    return 1 if diff else 0
