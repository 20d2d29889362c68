"""`assetkit check --junit FILE`: one testcase per asset x check (stdlib ElementTree).

failure = the check found problems, error = it could not check, skipped = not applicable;
classname = the asset's path, name = the check id (GitLab keys cases on both)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..checks.results import AssetReport, CheckReport, CheckResult
from ..fsutil import write_atomic


def _message(result: CheckResult) -> str:
    return "; ".join(f"{f.code}: {f.message}" for f in result.findings)


def _case(suite: ET.Element, asset: AssetReport, result: CheckResult) -> None:
    case = ET.SubElement(suite, "testcase", classname=asset.path, name=result.check,
                         file=asset.path, time=f"{result.seconds:.3f}")
    if result.status == "failed":
        worst = "error" if any(f.severity == "error" for f in result.findings) else "warning"
        node = ET.SubElement(case, "failure", message=_message(result), type=worst)
        node.text = "\n".join(f"{f.severity} {f.code}: {f.message}" for f in result.findings)
    elif result.status == "error":
        ET.SubElement(case, "error", message=result.reason, type="could-not-check").text = \
            result.reason
    elif result.status == "skipped":
        ET.SubElement(case, "skipped", message=result.reason)
    elif result.findings:  # info findings only: keep them visible without failing
        ET.SubElement(case, "system-out").text = _message(result)


def junit_tree(report: CheckReport) -> ET.ElementTree[ET.Element]:
    cases = [(a, r) for a in report.assets
             for r in (a.results or (CheckResult("read", "error", reason=a.error or ""),))]
    counts = {s: str(sum(r.status == s for _, r in cases)) for s in ("failed", "error", "skipped")}
    total = f"{sum(r.seconds for _, r in cases):.3f}"
    attrs = {"tests": str(len(cases)), "failures": counts["failed"], "errors": counts["error"],
             "skipped": counts["skipped"], "time": total}
    root = ET.Element("testsuites", {"name": "assetkit", **attrs})
    suite = ET.SubElement(root, "testsuite", {"name": "assetkit.check", **attrs})
    for asset, result in cases:
        _case(suite, asset, result)
    ET.indent(root)
    return ET.ElementTree(root)


def write_junit(report: CheckReport, path: Path) -> Path:
    tree = junit_tree(report)
    data = ET.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True) + b"\n"
    write_atomic(Path(path), data)
    return Path(path)
