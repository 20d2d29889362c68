"""Building on a Dask cluster (issue 23): `settings` (the scheduler address, path maps, the
stall timeout; pure), `task` (what a worker runs for one source), `coordinator` (submits the
sources, hands each result to the build's commit), `dask` (the one `distributed` importer)."""
