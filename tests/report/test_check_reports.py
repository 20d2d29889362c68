"""Writers of `assetkit check` results: console lines, JUnit XML, GitHub annotations, JSON."""
from __future__ import annotations

import json

import junitparser

from assetkit.checks.results import AssetReport, CheckReport, CheckResult
from assetkit.model import Finding
from assetkit.report.console import console_lines
from assetkit.report.github import annotation, escape_data, escape_property, github_lines
from assetkit.report.jsondoc import render_json
from assetkit.report.junit import write_junit

SIZE = Finding("file.size-mismatch", "error", "301x250 px: the slot needs 300x250 (g/a)")
CAMERA = Finding("file.exif-camera", "warning", "EXIF camera data left in the file: Make='X'")


def sample() -> CheckReport:
    return CheckReport((
        AssetReport("out/a.jpg", "file", (
            CheckResult("dimensions", "failed", (SIZE,)),
            CheckResult("extension", "passed"),
        ), slot="g/a"),
        AssetReport("b.jpg", "file", (
            CheckResult("dimensions", "skipped", reason="no slot"),
            CheckResult("exif", "failed", (CAMERA,)),
        )),
        AssetReport("c.png", "file", (CheckResult("dimensions", "error", reason="boom"),),
                    error="boom"),
        AssetReport("d.png", "file", (CheckResult("extension", "passed"),)),
    ))


def test_console_one_line_per_asset_with_failures_indented():
    assert console_lines(sample(), "error") == [
        "FAIL  out/a.jpg  g/a",
        "      error    file.size-mismatch: 301x250 px: the slot needs 300x250 (g/a)",
        "WARN  b.jpg  (1 skipped: no slot)",
        "      warning  file.exif-camera: EXIF camera data left in the file: Make='X'",
        "ERROR c.png",
        "      error    could not read: boom",
        "PASS  d.png",
        "4 assets: 1 passed, 1 with warnings, 1 failed, 1 could not be checked — findings: "
        "1 errors, 1 warnings, 0 info",
    ]
    assert console_lines(sample(), "warning")[2].startswith("FAIL  b.jpg")


def test_console_colours_come_from_the_injected_style():
    def style(text, fg=None, **kw):
        return f"<{fg}>{text}</>" if fg else text

    lines = console_lines(sample(), "error", style)
    assert lines[0] == "<red>FAIL </> out/a.jpg  g/a"
    assert lines[6] == "<green>PASS </> d.png"


def test_junit_statuses_read_back(tmp_path):
    path = write_junit(sample(), tmp_path / "r" / "junit.xml")
    xml = junitparser.JUnitXml.fromfile(str(path))
    (suite,) = list(xml)
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (6, 2, 1, 1)
    got = {(c.classname, c.name): [type(r).__name__ for r in c.result] for c in suite}
    assert got == {
        ("out/a.jpg", "dimensions"): ["Failure"], ("out/a.jpg", "extension"): [],
        ("b.jpg", "dimensions"): ["Skipped"], ("b.jpg", "exif"): ["Failure"],
        ("c.png", "dimensions"): ["Error"], ("d.png", "extension"): [],
    }
    failure = next(c for c in suite if c.name == "dimensions" and c.classname == "out/a.jpg")
    assert failure.result[0].message == f"file.size-mismatch: {SIZE.message}"
    assert failure.result[0].type == "error"


def test_junit_names_an_asset_that_has_no_checks(tmp_path):
    report = CheckReport((AssetReport("gone.png", "file", (), error="no such file or folder"),))
    xml = junitparser.JUnitXml.fromfile(str(write_junit(report, tmp_path / "j.xml")))
    (case,) = [c for s in xml for c in s]
    assert (case.classname, case.name, case.result[0].message) == (
        "gone.png", "read", "no such file or folder")


def test_github_escaping_rules():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert annotation("error", "dir,1/a:b.jpg", "assetkit size", "50% over\nthe cap") == (
        "::error file=dir%2C1/a%3Ab.jpg,title=assetkit size::50%25 over%0Athe cap")


def test_github_lines_per_finding_and_error():
    assert github_lines(sample()) == [
        "::error file=out/a.jpg,title=assetkit dimensions::file.size-mismatch: "
        "301x250 px: the slot needs 300x250 (g/a)",
        "::warning file=b.jpg,title=assetkit exif::file.exif-camera: "
        "EXIF camera data left in the file: Make='X'",
        "::error file=c.png,title=assetkit dimensions::could not check: boom",
    ]


def test_json_is_one_document():
    doc = json.loads(render_json(sample(), "error"))
    assert doc["exit_code"] == 3
    assert doc["summary"] == {"assets": 4, "passed": 1, "failed": 2, "error": 1, "findings": 2}
    assert doc["assets"][0]["checks"][0]["findings"][0]["code"] == "file.size-mismatch"
