"""`assetkit scheduler` and `assetkit worker`: the two processes of a build cluster ("Scale
out" in the README)."""
from __future__ import annotations

import sys

import click

from . import options
from .common import guarded


@click.command("scheduler", epilog=options.example("assetkit scheduler --port 8786"))
@click.option("--port", type=click.IntRange(0, 65535), default=8786, show_default=True,
              help="The port workers and `build --scheduler tcp://HOST:PORT` connect to.")
@guarded
def scheduler_command(port):
    """Run a Dask scheduler for `build --scheduler` (pip install 'assetkit[cluster]')."""
    from ..commands.cluster import scheduler

    sys.exit(scheduler(port))


@click.command("worker", epilog=options.example("assetkit worker tcp://render-1:8786 "
                                                "--nworkers 8 --memory-limit 6GB"))
@click.argument("address")
@click.option("--nworkers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes (each runs one source at a time).")
@click.option("--memory-limit", metavar="SIZE",
              help="Memory per worker process (e.g. 6GB), also its resource MEM: a source "
                   "estimated to need more goes elsewhere. Default: this machine's memory "
                   "shared among the processes.")
@guarded
def worker_command(address, nworkers, memory_limit):
    """Run build workers for the scheduler at ADDRESS, one thread per process."""
    from ..commands.cluster import worker

    sys.exit(worker(address, nworkers, memory_limit))
