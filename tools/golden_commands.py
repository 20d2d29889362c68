"""What each command promises a script, on a fixed input: exit codes, the keys of its `--json`
document, and for `check` its JUnit XML and GitHub annotations.

The input is a copy of the repo's sample campaign (`assetkit.yaml`, `input/`, `brand_rules/`)
in a temporary folder, built for two slots. Each case runs the CLI in that folder (Click's
runner; the command line as a user types it) and records:
- `exit`: the exit code;
- `json`: the shape of the JSON document on stdout (keys, and the type of each value; a list as
  the merged shape of its items), where the command prints one;
- `files`: for `check --junit`, the XML with times removed; for `check --github`, the
  annotation lines; paths relative to the campaign folder.
`tests/test_command_goldens.py` compares a fresh run with `tests/golden/commands.json`.

    python -m tools.golden_commands --write     # record (after a change that is meant to differ)
    python -m tools.golden_commands             # compare, print the differences
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from tools.golden import golden_main

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden" / "commands.json"
ONLY = ("coupang/main", "naver-smartstore/detail")
BANNER = "input/haneul-serum-launch.psd"
DETAIL = "input/haneul-detail-page.psd"
LOGO = "brand_rules/haneul-logo.png"  # an image that is not a coupang main image

# (name, argv, what to record besides the exit code: "json", "sections" (the JSON document's
# top-level keys), "junit", "github" or None)
CASES: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("build --json", ("build", "--only", ONLY[0], "--only", ONLY[1], "-j", "1", "--json"),
     "json"),
    ("build (missing input)", ("build", "missing.psd", "-j", "1"), None),
    ("check --json (build folder)", ("check", "output", "--json"), "json"),
    ("check --junit (build folder)", ("check", "output", "--junit", "junit.xml"), "junit"),
    ("check --github (build folder)", ("check", "output", "--github"), "github"),
    ("check --json (source)", ("check", BANNER, "--json"), "json"),
    ("check --github (source)", ("check", BANNER, "--github"), "github"),
    ("check --github (wrong image)", ("check", LOGO, "--slot", ONLY[0], "--github"), "github"),
    ("check --junit (wrong image)", ("check", LOGO, "--slot", ONLY[0], "--junit", "junit.xml"),
     "junit"),
    ("check (missing input)", ("check", "missing.png"), None),
    ("check --json --github", ("check", "output", "--json", "--github"), None),
    ("inspect --json", ("inspect", BANNER, "--json"), "json"),
    ("inspect (missing input)", ("inspect", "missing.psd"), None),
    # the families installed differ by machine: only the document's sections are promised
    ("fonts --json", ("fonts", BANNER, "--json"), "sections"),
    ("doctor --json", ("doctor", "--json"), "sections"),
    ("specs list --json", ("specs", "list", "--json"), "json"),
    ("specs show", ("specs", "show", "coupang"), None),
    ("specs show --json", ("specs", "show", "coupang", "--json"), "json"),
    ("specs show (unknown platform)", ("specs", "show", "nowhere"), None),
    ("specs validate", ("specs", "validate", str(REPO / "specs")), None),
    ("specs validate (bad file)", ("specs", "validate", "bad-spec.yaml"), None),
    ("specs validate --json (bad file)", ("specs", "validate", "bad-spec.yaml", "--json"),
     "json"),
    ("strings export", ("strings", "export", BANNER, "--output-file", "strings.xlf"), None),
    ("strings export --json", ("strings", "export", BANNER, "--output-file", "s.csv", "--json"),
     "json"),
    ("localize", ("localize", DETAIL, "--to", "ko", "--mt", "offline", "--only", ONLY[1]),
     None),
    ("localize --json", ("localize", DETAIL, "--to", "ko", "--mt", "offline", "--only",
                         ONLY[1], "--json"), "json"),
    ("report", ("report", "output"), None),
    ("build --json (up to date)", ("build", "--only", ONLY[0], "--only", ONLY[1], "-j", "1",
                                   "--json"), "json"),
    ("manifest rebuild --json", ("manifest", "rebuild", "output", "--json"), "json"),
    ("manifest list (missing folder)", ("manifest", "list", "nowhere"), None),
    ("build (outside the source root)", ("build", "outside.psd", "-j", "1"), None),
)


def campaign(root: Path) -> Path:
    """A copy of the sample campaign, with a spec file that has mistakes."""
    folder = root / "campaign"
    folder.mkdir()
    shutil.copy(REPO / "assetkit.yaml", folder / "assetkit.yaml")
    for name in ("input", "brand_rules"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / BANNER, folder / "outside.psd")  # not under the source root (input/)
    (folder / "bad-spec.yaml").write_text("id: bad\nnames: {en: Bad}\nslots: 3\n",
                                          encoding="utf-8")
    return folder


def shape(value):
    """The keys of a JSON value and the type of each leaf; a list: the merged shape of its
    items (an empty list: [])."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        merged: dict | None = None
        for item in value:
            s = shape(item)
            if isinstance(s, dict):
                merged = {**(merged or {}), **s}
            elif merged is None:
                merged = s
        return [merged] if merged is not None else []
    return type(value).__name__ if value is not None else "null"


def _junit(text: str, folder: Path) -> list[str]:
    text = re.sub(r' (time|timestamp|hostname)="[^"]*"', "", text.replace(str(folder), "<dir>"))
    return [line.strip() for line in text.splitlines() if line.strip()]


def run_case(folder: Path, argv: Sequence[str], record: str | None) -> dict:
    from click.testing import CliRunner

    from assetkit.cli import cli

    cwd = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(cli, list(argv), env={"NO_COLOR": "1", "COLUMNS": "100"})
    finally:
        os.chdir(cwd)
    entry: dict = {"exit": result.exit_code}
    if record == "json":
        entry["json"] = shape(json.loads(result.stdout))
    elif record == "sections":  # the keys below them depend on the machine (fonts installed)
        entry["json"] = sorted(json.loads(result.stdout))
    elif record == "junit":
        entry["files"] = _junit((folder / "junit.xml").read_text("utf-8"), folder)
    elif record == "github":
        entry["files"] = [line.replace(str(folder), "<dir>")
                          for line in result.stdout.splitlines() if line.startswith("::")]
    return entry


def collect(root: Path, names: Sequence[str] | None = None) -> dict:
    """Runs the cases in order (the build's output is what check and report read)."""
    folder = campaign(root)
    return {name: run_case(folder, argv, record) for name, argv, record in CASES
            if names is None or name in names or name == "build --json"}


def differences(expected: dict, actual: dict) -> list[str]:
    lines = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual or name not in expected:
            lines.append(f"{name}: {'missing' if name not in actual else 'not recorded'}")
            continue
        for key in sorted(set(expected[name]) | set(actual[name])):
            if expected[name].get(key) != actual[name].get(key):
                lines.append(f"{name}: {key} {expected[name].get(key)!r:.200} -> "
                             f"{actual[name].get(key)!r:.200}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    return golden_main(argv, doc=__doc__ or "", golden=GOLDEN, collect=collect,
                       differences=differences, recorded=lambda cases: f"{len(cases)} cases", same="same command results")


if __name__ == "__main__":
    sys.exit(main())
