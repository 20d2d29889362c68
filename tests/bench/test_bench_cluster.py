"""`python -m bench.cluster` at a tiny count (the bench itself stays out of pytest): the
coordinator with the injected render and the fault mix leaves every record once, every output
with its sha256, no temp file."""
from __future__ import annotations

import pytest

pytest.importorskip("distributed")  # tests/cluster fail under CI=true when it is missing

from bench.cluster import arguments, catalogue  # noqa: E402


def test_bench_cluster_smoke(tmp_path):
    args = arguments().parse_args(["--count", "40", "--workers", "1", "--threads", "2",
                                   "--transient", "0.2", "--duplicates", "0.1",
                                   "--deaths", "0"])
    report = catalogue(args, tmp_path)
    assert report["records"] == report["records_unique"] == 40
    assert (report["outputs_missing"], report["outputs_wrong_sha"], report["temp_files"],
            report["failed_records"]) == (0, 0, 0, 0)
    assert report["faults"]["transient_oserror"] > 0 and report["failures"] == []
    assert report["duplicates_collapsed"] == 4 and report["peak_in_flight"] <= 4
