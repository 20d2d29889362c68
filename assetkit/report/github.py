"""`assetkit check --github`: GitHub Actions workflow-command annotations, escaped.

Data escapes % CR LF; property values also : and , (the runner's own escaping rules)."""
from __future__ import annotations

from ..checks.results import CheckReport

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, path: str, title: str, message: str) -> str:
    return (f"::{level} file={escape_property(path)},title={escape_property(title)}"
            f"::{escape_data(message)}")


def github_lines(report: CheckReport) -> list[str]:
    lines = []
    for asset in report.assets:
        if asset.error and not asset.results:
            lines.append(annotation("error", asset.path, "assetkit read",
                                    f"could not read: {asset.error}"))
        for result in asset.results:
            title = f"assetkit {result.check}"
            if result.status == "error":
                lines.append(annotation("error", asset.path, title,
                                        f"could not check: {result.reason}"))
            for f in result.findings:
                lines.append(annotation(LEVELS[f.severity], asset.path, title,
                                        f"{f.code}: {f.message}"))
    return lines
