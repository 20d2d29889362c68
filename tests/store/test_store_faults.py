"""A build killed at each fault point (issue 19, "Crash safety"): afterwards no temp file
outside `.assetkit/`, every record's outputs on disk with their sha256, an index that parses
(and a journal whenever it lags the records), and a re-run that gives the outputs and index of
a build never interrupted."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assetkit.store.ids import SourceId
from assetkit.store.index import index_dir
from assetkit.store.journal import journal_path

from .conftest import age, cli, index_rows, outputs_on_disk, records, write_campaign

SOURCES = {"a.psd": (600, 400), "b.psd": (300, 200), "c.psd": (400, 400)}
VOLATILE = ("recorded", "inode")  # when a record was written; a copy's inode


def _campaign(folder):
    write_campaign(folder, SOURCES)
    age((folder / "input").glob("*.psd"))
    return folder


def _assert_after_crash(out) -> None:
    assert [p for p in out.rglob("*.tmp") if p.relative_to(out).parts[0] != ".assetkit"] == []
    on_disk = outputs_on_disk(out)
    found = records(out)
    for record in found.values():
        assert all(on_disk.get(o.path) == o.sha256 for o in record.outputs), record.id
    for shard in index_dir(out).glob("*.json"):
        json.loads(shard.read_bytes())  # whole, never half-written
    indexed = sorted(r["id"] for r in index_rows(out))
    assert indexed == sorted(found) or journal_path(out).is_file()


def _warm(folder) -> None:
    """A build into another folder first: the font cache (its own atomic writes, counted by
    the fault points) is written by then, so the K-th write is the run's own."""
    assert cli(folder, "build", "-j", "1", "-o", folder / "warm").returncode in (0, 1)
    shutil.rmtree(folder / "warm")


def test_the_three_sources_fall_in_different_shards():
    """mid-index needs a run that writes more than one shard."""
    assert len({SourceId(name).shard for name in SOURCES}) == 3


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """The campaign built once, never interrupted."""
    folder = _campaign(tmp_path_factory.mktemp("baseline"))
    assert cli(folder, "build", "-j", "1").returncode in (0, 1)
    return folder


@pytest.mark.parametrize("point", ["after-temp-write:3", "after-rename:3", "before-record",
                                   "before-record:2", "mid-index"])
def test_a_build_killed_at_a_fault_point_recovers(tmp_path, baseline, point):
    folder = tmp_path / "campaign"
    shutil.copytree(baseline, folder, ignore=shutil.ignore_patterns("out"))
    _warm(folder)
    killed = cli(folder, "build", "-j", "1", env={"ASSETKIT_FAULT": point})
    assert killed.returncode == 137, killed.stderr
    out = folder / "out"
    _assert_after_crash(out)
    check = cli(folder, "check", "out")
    assert check.returncode == 1 and "build.incomplete" in check.stdout, check.stdout
    rerun = cli(folder, "build", "-j", "1")
    assert rerun.returncode in (0, 1), rerun.stderr
    assert outputs_on_disk(out) == outputs_on_disk(baseline / "out")
    assert index_rows(out, VOLATILE) == index_rows(baseline / "out", VOLATILE)
    assert not journal_path(out).exists()
    assert cli(folder, "check", "out").stdout.count("build.incomplete") == 0


def test_a_prune_killed_midway_recovers(tmp_path, baseline):
    folder = tmp_path / "campaign"
    shutil.copytree(baseline, folder, symlinks=True)
    (folder / "input" / "c.psd").unlink()
    killed = cli(folder, "build", "-j", "1", "--prune", env={"ASSETKIT_FAULT": "mid-prune"})
    assert killed.returncode == 137, killed.stderr
    out = folder / "out"
    _assert_after_crash(out)
    rerun = cli(folder, "build", "-j", "1", "--prune")
    assert rerun.returncode in (0, 1), rerun.stderr
    expected = {p: h for p, h in outputs_on_disk(baseline / "out").items()
                if not p.startswith("c/")}
    assert outputs_on_disk(out) == expected
    rows = [r for r in index_rows(baseline / "out", VOLATILE) if r["id"] != "c.psd"]
    assert index_rows(out, VOLATILE) == rows


def _app_ui_with_one_string(tmp_path: Path) -> tuple[Path, Path]:
    """The app-UI fixture and a strings file translating one of its layers into Korean."""
    from tests.conftest import real_psd

    strings = tmp_path / "ko.csv"
    strings.write_text("id,resname,source,target\r\n"
                       "psdtools-masks-app-ui#4,Header/sign in,sign in,로그인\r\n",
                       encoding="utf-8-sig")
    return real_psd("psdtools-masks-app-ui.psd"), strings


def test_a_localize_killed_mid_write_leaves_no_temp_file_among_the_outputs(tmp_path):
    """Localize writes its PSD, XLIFF and snippets into OUT too: a kill between temp write and
    rename must leave the temp file in `.assetkit/tmp` (swept under the lock), not beside the
    outputs, where no record lists it and a build that does not rebuild that source never
    looks."""
    psd, strings = _app_ui_with_one_string(tmp_path)
    brand = tmp_path / "brand.yaml"
    brand.write_text("name: Test\nfonts:\n  aliases: {ProximaNova-Regular: NotoSansKR-Regular}\n",
                     encoding="utf-8")
    out = tmp_path / "o"
    args = ("localize", psd, "--to", "ko", "--translations", strings, "--brand", brand,
            "--only", "coupang/detail", "--source-root", psd.parent, "-o")
    assert cli(tmp_path, *args, tmp_path / "warm").returncode in (0, 1)  # the font cache
    args += (out,)
    for k in range(1, 12):
        result = cli(tmp_path, *args, env={"ASSETKIT_FAULT": f"after-temp-write:{k}"})
        temps = [p.relative_to(out).as_posix() for p in out.rglob("*.tmp")
                 if p.relative_to(out).parts[0] != ".assetkit"]
        assert temps == [], k
        if result.returncode != 137:
            break
    assert result.returncode in (0, 1), result.stderr


def test_a_localize_killed_before_its_commits_is_reported_incomplete(tmp_path):
    """Localize writes its files before it commits: killed there, its journal must already be
    in place, so `check OUT` names the localized record it never wrote (the journal used to be
    opened only at the commits: the folder passed, holding files no record lists)."""
    psd, strings = _app_ui_with_one_string(tmp_path)
    out = tmp_path / "o"
    args = ("localize", psd, "--to", "ko", "--translations", strings, "--only",
            "coupang/detail", "--source-root", psd.parent, "-o")
    assert cli(tmp_path, *args, tmp_path / "warm").returncode in (0, 1)  # the font cache
    killed = cli(tmp_path, *args, out, env={"ASSETKIT_FAULT": "after-rename"})
    assert killed.returncode == 137, killed.stderr
    assert records(out) == {}
    checked = cli(tmp_path, "check", out)
    assert "build.incomplete" in checked.stdout, checked.stdout
    assert "psdtools-masks-app-ui.psd@ko" in checked.stdout


def test_a_localize_whose_lock_was_taken_over_writes_no_manifest(tmp_path, monkeypatch):
    """As a build does (test_store_build): a localize that stalled for 3 beats lost its lock to
    another run; it stops before its next write, exit 4, and leaves that run's manifest be."""
    from contextlib import contextmanager

    from click.testing import CliRunner

    from assetkit.cli import cli as assetkit_cli
    from assetkit.commands import localize as command
    from tests.conftest import real_psd

    held = []
    real_hold, real_source = command.hold, command.localize_source

    @contextmanager
    def spy(*args, **kw):
        with real_hold(*args, **kw) as holder:
            held.append(holder)
            yield holder

    def stalled(*args, **kw):
        made = real_source(*args, **kw)
        held[0]._lost.set()  # what its heartbeat does on finding another run's lock
        return made

    monkeypatch.setattr(command, "hold", spy)
    monkeypatch.setattr(command, "localize_source", stalled)
    psd = real_psd("psdtools-masks-app-ui.psd")
    strings = tmp_path / "ko.csv"
    strings.write_text("id,resname,source,target\r\n", encoding="utf-8-sig")
    out = tmp_path / "o"
    result = CliRunner().invoke(assetkit_cli, [
        "localize", str(psd), "--to", "ko", "--translations", str(strings), "--only",
        "coupang/detail", "--source-root", str(psd.parent), "-o", str(out)])
    assert result.exit_code == 4, result.output
    assert "took over" in result.output and "Traceback" not in result.output
    assert not (out / "manifest.json").exists()
