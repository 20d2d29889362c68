"""`python -m bench.report`'s code path at 30 sources of 4 outputs (the bench itself stays out
of pytest): every phase runs and its floors are met."""
from __future__ import annotations

import json

from bench.report import main


def test_the_report_bench_runs_at_tiny_scale(tmp_path, capsys):
    assert main(["--sources", "30", "--outputs", "4", "--work", str(tmp_path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["outputs"], result["full_pages_written"]) == (120, 30)
    assert (result["noop_files_written"], result["change_pages_written"]) == (0, 1)
    assert result["relabel_pages_written"] == 30  # every source shows every slot
    assert all(check["ok"] for check in result["floors"]), result["floors"]
    assert result["bytes_per_output"] > 0 and result["index_pages"] == 1
