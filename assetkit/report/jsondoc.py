"""`assetkit check --json`: the whole CheckReport as one JSON document."""
from __future__ import annotations

import json

from ..checks.results import CheckReport
from ..findings import FailOn


def render_json(report: CheckReport, fail_on: FailOn = "error") -> str:
    return json.dumps(report.to_dict(fail_on), ensure_ascii=False, indent=2)
