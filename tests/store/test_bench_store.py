"""`python -m bench.store`'s code path at 20 sources (the bench itself stays out of pytest):
the first build commits every source, the no-op reads no PSD byte and changes nothing under
OUT, and changing 2 sources rebuilds and re-records exactly those."""
from __future__ import annotations

import json

from bench.store.__main__ import main
from bench.store.workload import SLOTS, psd_head, psd_size


def test_the_store_bench_runs_at_tiny_scale(tmp_path, capsys):
    main(["--sources", "20", "--changed", "2", "--work", str(tmp_path), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert psd_head()[:6] == b"8BPS\x00\x01"  # a PSD's 26-byte header, version 1
    assert result["source_apparent_bytes"] == 20 * psd_size()
    assert result["source_disk_bytes"] < 20 * 64 * 1024  # sparse: the headers' blocks only
    noop = {k: result[f"noop_{k}"] for k in ("source_bytes_read", "files_modified", "rendered",
                                              "skipped_outputs")}
    assert noop == {"source_bytes_read": 0, "files_modified": 0, "rendered": 0,
                    "skipped_outputs": 20 * SLOTS}
    assert result["change_rendered"] == 2
    assert result["change_records_written"] == 2
    assert 1 <= result["change_index_shards_written"] <= 2
    assert result["change_source_bytes_read"] >= 2 * psd_size()  # the 2 changed files, hashed
    floors = result["floors"]
    assert all(floors[k]["pass"] for k in ("noop_source_bytes_read", "noop_files_modified",
                                           "change_records_written"))

