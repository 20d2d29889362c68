"""How `python -m assetkit` ends: as the interpreter would (threads joined, atexit handlers run,
stdout and stderr flushed, the same exit codes), without its teardown of every object."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assetkit.cli import _exit_code, cli

REPO = Path(__file__).resolve().parents[1]


def _assetkit(*args: str, code: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "assetkit", *args] if code is None else \
        [sys.executable, "-c", code, *args]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # pipes buffer
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env,
                          timeout=120)


def test_a_long_output_reaches_a_pipe_whole():
    """The JSON of every bundled platform (more than one buffer's worth) arrives whole through
    a pipe, the same as in-process (click flushes each echo; the final flush is checked
    below, by a handler's print)."""
    done = _assetkit("specs", "list", "--json")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 8192
    expected = CliRunner().invoke(cli, ["specs", "list", "--json"]).output
    assert json.loads(done.stdout) == json.loads(expected)


@pytest.mark.parametrize(("args", "code", "stderr"), [
    (("--version",), 0, ""),
    (("specs", "show", "no-such-platform"), 2, "no-such-platform"),
    (("no-such-command",), 2, "No such command"),
])
def test_exit_codes_and_messages_are_the_interpreters(args, code, stderr):
    done = _assetkit(*args)
    assert done.returncode == code
    assert stderr in done.stderr
    assert "Traceback" not in done.stderr


END = """
import atexit, sys, threading, time
from pathlib import Path
from assetkit.cli import main
folder = Path(sys.argv[1])
atexit.register(lambda: (folder / "atexit").write_text("ran"))
atexit.register(lambda: print("said last"))  # runs first; buffered (a pipe) until flushed
def late():
    time.sleep(0.3)
    (folder / "thread").write_text("joined")
threading.Thread(target=late).start()  # not a daemon: the interpreter would wait for it
sys.argv = ["assetkit", "--version"]
main()
"""


def test_non_daemon_threads_are_joined_and_atexit_handlers_run_then_stdout_is_flushed(
        tmp_path):
    done = _assetkit(str(tmp_path), code=END)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "thread").read_text() == "joined"
    assert (tmp_path / "atexit").read_text() == "ran"
    assert "assetkit, version" in done.stdout
    assert done.stdout.endswith("said last\n")  # stdout is flushed after the handlers


def test_systemexit_codes_map_as_the_interpreter_maps_them(capsys):
    assert _exit_code(None) == 0
    assert _exit_code(0) == 0
    assert _exit_code(3) == 3
    assert _exit_code("stopped: the lock was lost") == 1
    assert capsys.readouterr().err == "stopped: the lock was lost\n"


def test_a_process_started_without_stdout_ends_with_its_own_code():
    """fd 1 closed at start (`>&-`, some service launchers): sys.stdout is None."""
    done = subprocess.run([sys.executable, "-m", "assetkit", "--version"], cwd=REPO,
                          stderr=subprocess.PIPE, text=True, timeout=120,
                          preexec_fn=lambda: os.close(1))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


LEFT_IN_BUFFER = """
import atexit, os, sys
from assetkit.cli import main

def last_words():  # after the command's own output: stdout now leads to a full disk
    os.dup2(os.open("/dev/full", os.O_WRONLY), 1)
    print("x" * 100)  # buffered until the final flush

atexit.register(last_words)
sys.argv = ["assetkit", "--version"]
main()
"""


def test_a_final_flush_that_fails_ends_with_120_as_the_interpreters():
    done = _assetkit(code=LEFT_IN_BUFFER)
    assert done.returncode == 120
    assert "assetkit, version" in done.stdout
    assert "could not write the last output" in done.stderr
    assert "Traceback" not in done.stderr


CTRL_C_WHILE_JOINING = """
import atexit, os, signal, sys, threading, time
from pathlib import Path
from assetkit.cli import main
folder = Path(sys.argv[1])
atexit.register(lambda: (folder / "atexit").write_text("ran"))
def interrupt():
    time.sleep(0.5)  # the main thread is in the join by then
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.5)
threading.Thread(target=interrupt).start()
sys.argv = ["assetkit", "--version"]
main()
"""


def test_ctrl_c_while_threads_are_joined_still_runs_the_handlers_and_keeps_the_code(tmp_path):
    done = _assetkit(str(tmp_path), code=CTRL_C_WHILE_JOINING)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "atexit").read_text() == "ran"
    assert "Traceback" not in done.stderr


def test_a_profiler_still_gets_its_output(tmp_path):
    """`python -m cProfile -o F -m assetkit ...` writes F after the program returns: under a
    profiler (or a tracer: coverage, a debugger) the process ends the usual way."""
    stats = tmp_path / "cli.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "assetkit",
                           "--version"], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    assert stats.stat().st_size > 0
