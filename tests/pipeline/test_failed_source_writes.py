"""A source that fails writes nothing: its variants' files are put in place only when every
variant of the source is made, so the outputs its last good build recorded stay on disk as
recorded (bytes and sha256), and no file appears that no record lists.

Reproduced: a PSD re-saved with a new stored composite and a plate layer whose channel no
longer decodes. At -j 2 its detail page (cut from the stored composite, queued behind the
parts) was written over the last build's slice before the plate's worker failed the source:
the manifest kept the old sha256 for a file holding new bytes, and `check` passed it."""
from __future__ import annotations

import json
import warnings
import zlib
from pathlib import Path

import pytest
from psd_tools import PSDImage
from psd_tools.constants import Compression

from assetkit import BuildOptions
from assetkit.pipeline import build
from assetkit.samples import make_test_psd
from tests.store.conftest import outputs_on_disk as on_disk
from tests.store.conftest import records

ONLY = ["naver-smartstore/detail", "naver-smartstore/main", "coupang/main"]


def edited_with_a_broken_plate_layer(good: Path, path: Path) -> Path:
    """`good` as a designer's next save gone wrong: a new stored composite (its colours
    inverted) and the plate layer `@bg` with a damaged deflate stream (psd-tools cannot
    decode it)."""
    psd = PSDImage.open(good)
    header = psd._record.header
    channels = psd._record.image_data.get_data(header)
    psd._record.image_data.set_data(
        [bytes(255 - b for b in c) if i < 3 else c for i, c in enumerate(channels)], header)
    info = psd._record.layer_and_mask_information.layer_info
    (channels_of_bg,) = [c for r, c in zip(info.layer_records, info.channel_image_data,
                                            strict=True) if r.name == "@bg"]
    stream = zlib.compress(b"\x80" * 100_000)
    channels_of_bg[0].compression = Compression.ZIP
    channels_of_bg[0].data = stream[:10] + bytes(len(stream) - 10)
    with warnings.catch_warnings():  # saving decodes the damaged channel once
        warnings.simplefilter("ignore")
        psd.save(path)
    return path


def recorded(out: Path) -> dict[str, str]:
    return {o.path: o.sha256 for r in records(out).values() for o in r.outputs}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failed_source_leaves_its_last_outputs_as_recorded(tmp_path, jobs):
    folder = tmp_path / "in"
    folder.mkdir()
    good = make_test_psd(tmp_path / "good.psd")
    source = folder / "a.psd"
    source.write_bytes(good.read_bytes())
    options = BuildOptions(source_root=folder, start_method="fork")
    out = tmp_path / "out"
    first = build([source], out=out, only=ONLY, jobs=jobs, options=options)
    assert first.failures == () and first.written >= 3
    before = on_disk(out)
    assert recorded(out) == before

    edited_with_a_broken_plate_layer(good, source)
    again = build([source], out=out, only=ONLY, jobs=jobs, force=True, options=options)
    assert [f.source for f in again.failures] == ["a"]
    assert "cannot read pixels of layer '@bg'" in again.failures[0].message
    assert on_disk(out) == before  # nothing of the failed build is in place
    assert recorded(out) == before
    assert [p for p in out.rglob("*.tmp") if ".assetkit" not in p.relative_to(out).parts] == []


def test_a_source_that_fails_on_its_first_build_leaves_no_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = make_test_psd(tmp_path / "good.psd")
    source = edited_with_a_broken_plate_layer(good, folder / "a.psd")
    out = tmp_path / "out"
    result = build([source], out=out, only=ONLY, jobs=2,
                   options=BuildOptions(source_root=folder, start_method="fork"))
    assert [f.source for f in result.failures] == ["a"]
    assert on_disk(out) == {}
    assert [p.name for p in out.iterdir() if p.is_dir() and p.name != ".assetkit"] == []


def test_a_variant_that_fails_after_others_were_made_puts_none_in_place(tmp_path, monkeypatch):
    """At -j 1 the variants of an edited source are made in turn: when the last one fails,
    those made before it are not put in place either (nor left among the outputs)."""
    from assetkit.pipeline import run

    folder = tmp_path / "in"
    folder.mkdir()
    source = make_test_psd(folder / "a.psd")
    out = tmp_path / "out"
    options = BuildOptions(source_root=folder)
    first = build([source], out=out, only=ONLY, jobs=1, options=options)
    before = on_disk(out)
    assert first.failures == () and len(before) == first.written >= 3
    make_test_psd(source, (900, 700))  # the designer's next save: every output changes
    made = []
    real = run.build_target

    def last_fails(job, prepared, target, key, hint=None):
        made.append(target.key)
        if len(made) == len(ONLY):
            raise OSError(5, "Input/output error")
        return real(job, prepared, target, key, hint)

    monkeypatch.setattr(run, "build_target", last_fails)
    again = build([source], out=out, only=ONLY, jobs=1, force=True, options=options)
    assert len(made) == len(ONLY) and [f.source for f in again.failures] == ["a"]
    assert on_disk(out) == before and recorded(out) == before
    assert list((out / ".assetkit" / "tmp").glob("*.tmp")) == []


def test_files_are_put_in_order_and_a_rename_that_fails_discards_the_rest(tmp_path, monkeypatch):
    from assetkit import fsutil

    scratch = tmp_path / "scratch"
    staged = [fsutil.write_staged(tmp_path / "out" / name, name.encode(), scratch)
              for name in ("a", "b", "c")]
    assert not (tmp_path / "out").exists()  # folders are made when a file is put
    real = fsutil.os.replace

    def refuse_b(src, dst):
        if Path(dst).name == "b":
            raise OSError(30, "Read-only file system")
        real(src, dst)

    monkeypatch.setattr(fsutil.os, "replace", refuse_b)
    with pytest.raises(OSError, match="Read-only"):
        fsutil.put_all(staged)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a"]
    assert list(scratch.iterdir()) == []


def test_check_of_the_folder_names_the_source_whose_last_build_failed(tmp_path):
    """`check OUT` after a failed build: the folder fails with `build.failed` naming the
    source and what failed (it passed before: the outputs listed are all valid ones)."""
    from click.testing import CliRunner

    from assetkit.cli import cli

    folder = tmp_path / "in"
    folder.mkdir()
    good = make_test_psd(tmp_path / "good.psd")
    source = folder / "a.psd"
    source.write_bytes(good.read_bytes())
    out = tmp_path / "out"
    options = BuildOptions(source_root=folder, start_method="fork")
    assert build([source], out=out, only=ONLY, jobs=2, options=options).failures == ()
    passed = CliRunner().invoke(cli, ["check", str(out), "--json"])
    assert passed.exit_code == 0, passed.output
    edited_with_a_broken_plate_layer(good, source)
    assert build([source], out=out, only=ONLY, jobs=2, force=True, options=options).failures
    checked = CliRunner().invoke(cli, ["check", str(out), "--json"])
    assert checked.exit_code == 1, checked.output
    found = [f for a in json.loads(checked.output)["assets"] for c in a["checks"]
             for f in c["findings"]]
    assert [(f["code"], f["source"]) for f in found] == [("build.failed", "a")]
    assert "cannot read pixels of layer '@bg'" in found[0]["message"]
