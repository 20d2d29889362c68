"""`assetkit localize --junit FILE --github`: localize's findings reach the same JUnit XML and
GitHub annotations as `check`'s (issue 18: new codes reach --json, --junit and --github)."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from click.testing import CliRunner

from assetkit.cli import cli
from assetkit.localize.strings import export_strings
from assetkit.localize.units import Translation
from tests.typefactory import make_text_psd


def test_localize_findings_reach_junit_and_github_annotations(tmp_path):
    psd = make_text_psd(tmp_path / "page.psd", size=12, canvas=(1920, 1200))
    units = export_strings([psd], tmp_path / "blank.xlf", "xliff", "en", "ko")
    targets = {u.id: Translation(u.source, "오늘 무료 배송", "translated") for u in units}
    export_strings([psd], tmp_path / "ko.xlf", "xliff", "en", "ko", translations=targets)
    junit = tmp_path / "localize.xml"
    result = CliRunner().invoke(cli, [
        "localize", str(psd), "--to", "ko", "--translations", str(tmp_path / "ko.xlf"),
        "--only", "naver-smartstore/detail", "-o", str(tmp_path / "out"),
        "--source-root", str(tmp_path),
        "--junit", str(junit), "--github"], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert any(line.startswith("::warning file=page,") and "legibility.mobile" in line
               for line in annotations), annotations
    cases = ET.parse(junit).getroot().iter("testcase")
    (case,) = [c for c in cases if c.get("name") == "localize"]
    assert case.get("classname") == "page"
    assert "legibility.text-too-small" in ET.tostring(case, encoding="unicode")
    both = CliRunner().invoke(cli, ["localize", str(psd), "--to", "ko", "--translations",
                                    str(tmp_path / "ko.xlf"), "--json", "--github"])
    assert both.exit_code == 2
