"""`build --scheduler` at the CLI edge: the scheduler from the flag, ASSETKIT_SCHEDULER or the
campaign's `scheduler:`, each bad value a usage error, the missing extra named (issue 23)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

from click.testing import CliRunner

from assetkit.cli import cli
from assetkit.cluster.settings import Scheduler
from assetkit.config import load_campaign
from tests.store.conftest import REPO, outputs_on_disk, write_campaign
from tests.store.conftest import cli as run_cli

INSTALL = "pip install 'assetkit[cluster]'"


def _invoke(folder, *args, env=None):
    return CliRunner().invoke(cli, ["build", "--config", str(folder / "assetkit.yaml"),
                                    *map(str, args)], env=env)


def test_without_distributed_scheduler_exits_2_naming_the_extra(tmp_path, monkeypatch):
    write_campaign(tmp_path, {"a.psd": (300, 200)})
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    result = _invoke(tmp_path, "--scheduler", "local:2")
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines()[-1] == (
        f"Error: --scheduler needs Dask's distributed: {INSTALL}")
    by_env = _invoke(tmp_path, env={"ASSETKIT_SCHEDULER": "tcp://127.0.0.1:8786"})
    assert by_env.exit_code == 2 and INSTALL in by_env.output
    assert not (tmp_path / "out" / "a").exists()


def test_a_bad_scheduler_or_path_map_is_a_usage_error(tmp_path):
    write_campaign(tmp_path, {"a.psd": (300, 200)})
    bad = _invoke(tmp_path, "--scheduler", "local:0")
    assert bad.exit_code == 2
    assert "scheduler 'local:0': expected local:N (N >= 1) or tcp://HOST:PORT" in bad.output
    relative = _invoke(tmp_path, "--scheduler", "local:1", "--path-map", "data=/mnt/data")
    assert relative.exit_code == 2
    assert "path map 'data=/mnt/data': FROM and TO must be absolute paths" in relative.output


def test_the_campaign_names_its_scheduler(tmp_path):
    path = write_campaign(tmp_path, {}, extra="scheduler: tcp://render-1:8786\n")
    assert load_campaign(path).scheduler == Scheduler(address="tcp://render-1:8786")
    write_campaign(tmp_path, {}, extra="scheduler: local:many\n")
    result = _invoke(tmp_path)
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        f"Error: {path}:6: scheduler: scheduler 'local:many': expected local:N (N >= 1) or "
        "tcp://HOST:PORT")


def test_build_scheduler_local_2_end_to_end(tmp_path):
    write_campaign(tmp_path, {"a.psd": (300, 200), "b.psd": (200, 300)})
    result = run_cli(tmp_path, "build", "--scheduler", "local:2", "-q")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # Dask's own log stays quiet
    assert len(outputs_on_disk(tmp_path / "out")) == 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(scheduler: subprocess.Popen, port: int, within: float = 120.0) -> None:
    """Wait until the scheduler accepts connections, as its user would before a build (on a
    loaded machine its start can take longer than a client's 30 s connect timeout)."""
    end = time.monotonic() + within
    while time.monotonic() < end:
        assert scheduler.poll() is None, f"assetkit scheduler exited with {scheduler.returncode}"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"assetkit scheduler not listening on {port} after {within:g} s")


def test_scheduler_and_worker_wrappers_make_a_cluster_a_build_uses(tmp_path):
    write_campaign(tmp_path, {"a.psd": (300, 200)})
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started: list[subprocess.Popen] = []

    def start(*args: str) -> subprocess.Popen:
        started.append(subprocess.Popen([sys.executable, "-m", "assetkit", *args], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        return started[-1]

    try:
        _listening(start("scheduler", "--port", str(port)), port)
        start("worker", f"tcp://127.0.0.1:{port}", "--memory-limit", "2GB")
        result = run_cli(tmp_path, "build", "--scheduler", f"tcp://127.0.0.1:{port}", "-q")
        assert result.returncode == 0, result.stderr
        assert len(outputs_on_disk(tmp_path / "out")) == 2
    finally:
        for process in started:
            process.terminate()
            process.wait(timeout=30)


def test_worker_passes_one_thread_and_its_memory_as_mem():
    from assetkit.cluster.adapter import worker_command

    command, env = worker_command("tcp://render-1:8786", 8, "6GB")
    assert command[-9:] == ["tcp://render-1:8786", "--nworkers", "8", "--nthreads", "1",
                            "--memory-limit", "5722MiB", "--resources", "MEM=5722"]
    assert env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] == "0"  # the coordinator counts
    assert env["DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD"] == "forkserver"
    assert command[3:5] == ["--preload-nanny", "assetkit.cluster.adapter"]
