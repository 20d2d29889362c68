"""The output store: stable source ids, the output-folder lock, per-source commit records
and the sharded manifest index (issue 19)."""
