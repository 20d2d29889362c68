"""Every command is a library function (`assetkit.<command>`) returning typed data, callable
without Click: each is called here on a copy of the sample campaign."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import assetkit
from assetkit.checks.results import CheckReport
from assetkit.commands.fonts import FontReport
from assetkit.commands.inspect import Inspection
from assetkit.commands.localize import LocalizeResult
from assetkit.commands.specs_validate import SpecsValidation
from assetkit.commands.strings_export import StringsFile
from assetkit.errors import ExitCode, UsageError
from assetkit.model import Catalog, PlatformSpec
from assetkit.pipeline import BuildResult
from assetkit.report.regenerate import ReportFiles
from tests.conftest import REPO

COMMANDS = ("build", "check", "localize", "inspect", "fonts", "doctor", "specs_list",
            "specs_show", "specs_validate", "report", "watch", "strings_export", "init")


def test_import_assetkit_lists_every_command_and_stays_light():
    assert set(COMMANDS) <= set(assetkit.__all__)
    code = ("import sys, assetkit; print(assetkit.__all__); "
            "assert 'psd_tools' not in sys.modules and 'numpy' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, capture_output=True)


def test_the_cli_loads_without_the_pipeline():
    """`assetkit --help`, `specs list`...: loading the CLI must not load psd-tools and the
    pipeline (a cluster option once imported commands.build at decoration: --help 0.05 -> 0.5 s)."""
    code = ("import sys, assetkit.cli; "
            "assert not {'psd_tools', 'numpy', 'assetkit.pipeline.builder'} & set(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, capture_output=True)


def test_build_loads_the_text_engine_only_where_text_is_set():
    """Loading `build` (every check registered) leaves the text engine, its line breaker and the
    font scanner's fontTools unloaded: the coded-text checks load them when a slot has coded
    areas. They were 0.05 s of every build's serial start, before the first variant."""
    code = ("import sys, assetkit.commands.build; "
            "loaded = {'assetkit.render.coded', 'assetkit.render.text.engine', 'uniseg'} "
            "& set(sys.modules); assert not loaded, loaded")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


BLAS_PROBE = """
import atexit, os, sys
from assetkit.cli import main

def probe():  # after the command, as the CLI ends the process (it runs the atexit handlers)
    import numpy
    numpy.ones((512, 512)) @ numpy.ones(512)  # starts the BLAS threads it may have
    print(os.environ["OPENBLAS_NUM_THREADS"], len(os.listdir("/proc/self/task")))

atexit.register(probe)
sys.argv = ["assetkit", "--version"]
main()
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_the_cli_keeps_numpy_to_one_blas_thread_unless_told():
    """The pool is the parallelism: BLAS threads beside it only spin (0.05 s of the parent's
    CPU on the bench). OPENBLAS_NUM_THREADS set by the user wins."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", BLAS_PROBE], capture_output=True, text=True,
                         cwd=REPO, env=env, check=True).stdout.split()
    assert out[-2:] == ["1", "1"]
    out = subprocess.run([sys.executable, "-c", BLAS_PROBE], capture_output=True, text=True,
                         cwd=REPO, env={**env, "OPENBLAS_NUM_THREADS": "2"}, check=True
                         ).stdout.split()
    assert out[-2] == "2"


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    shutil.copy(REPO / "assetkit.yaml", folder / "assetkit.yaml")
    for name in ("input", "brand_rules"):
        shutil.copytree(REPO / name, folder / name)
    return folder


def test_each_command_function_on_the_sample_campaign(campaign, monkeypatch):
    monkeypatch.chdir(campaign)
    config = campaign / "assetkit.yaml"
    banner, detail = campaign / "input/haneul-serum-launch.psd", campaign / "input/haneul-detail-page.psd"
    built = assetkit.build(campaign=config, only=["coupang/main"], jobs=1)
    assert isinstance(built, BuildResult) and built.written == 1 and built.exit_code() == 0
    checked = assetkit.check([campaign / "output"], campaign=config)
    assert isinstance(checked, CheckReport) and checked.exit_code() == ExitCode.OK
    inspected = assetkit.inspect(banner, campaign=config)
    assert isinstance(inspected, Inspection) and inspected.understood.roles
    fonts = assetkit.fonts([banner], campaign=config)
    assert isinstance(fonts, FontReport) and fonts.faces > 0
    assert set(assetkit.doctor()) >= {"codecs", "fonts", "versions"}
    catalog = assetkit.specs_list()
    assert isinstance(catalog, Catalog) and catalog.get("coupang") is not None
    assert isinstance(assetkit.specs_show("coupang"), PlatformSpec)
    with pytest.raises(UsageError):
        assetkit.specs_show("nowhere")
    validated = assetkit.specs_validate([REPO / "specs"])
    assert isinstance(validated, SpecsValidation) and validated.exit_code == ExitCode.OK
    report = assetkit.report(campaign / "output")
    assert isinstance(report, ReportFiles) and report.html.is_file() and report.outputs == 1
    strings = assetkit.strings_export([detail], campaign / "s.csv", campaign=config)
    assert isinstance(strings, StringsFile) and strings.path.is_file()
    localized = assetkit.localize([detail], to="ko", translator=assetkit.MachineTranslation(
        "offline"), campaign=config, only=["naver-smartstore/detail"])
    assert isinstance(localized, LocalizeResult) and localized.lang == "ko"


def test_watch_is_a_function_that_stops_on_its_event(campaign):
    stop = threading.Event()
    said: list[str] = []
    stop.set()
    why = assetkit.watch(campaign / "input", campaign=campaign / "assetkit.yaml",
                         echo=lambda text, err=False: said.append(text), stop_event=stop)
    assert why is None and said and said[0].startswith("Watching")  # stopped by its event
