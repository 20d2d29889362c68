"""`python -m bench.watch`'s code path at 3 drops (the bench itself stays out of pytest): every
drop is built once by a real watcher and its RSS is sampled."""
from __future__ import annotations

import json
import sys

import pytest

from bench.watch import main


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_watch_bench_runs_at_tiny_scale(tmp_path, capsys):
    assert main(["--drops", "3", "--work", str(tmp_path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["records"] == 3 and result["failed"] == 0
    assert result["rss_kib_at_3"] > 10_000 and result["watcher_cpu_s"] > 0
    assert result["floors"] == {"rss_growth_within_10pc": True, "every_drop_built_once": True}
