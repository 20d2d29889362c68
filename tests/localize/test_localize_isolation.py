"""One source failing in a localize run stays that source's error: the other sources are written
and recorded in the manifest, the failure is an error finding there too, and the run exits 3."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assetkit import errors
from assetkit.cli import cli
from assetkit.commands import localize as command
from assetkit.commands.localize import LocalizeOptions, localize
from assetkit.pipeline import localize as chain
from assetkit.store.manifest import read_manifest
from tests.localize.test_localize_modes import Hangul
from tests.typefactory import make_text_psd

DETAIL = "naver-smartstore/detail"


@pytest.fixture
def crash_logs(tmp_path, monkeypatch) -> Path:
    logs = tmp_path / "crash-logs"
    monkeypatch.setattr(errors, "LOG_DIR", logs)
    return logs


@pytest.fixture
def pages(tmp_path) -> list[Path]:
    return [make_text_psd(tmp_path / f"page-{name}.psd") for name in ("a", "b", "c")]


def _localize(pages: list[Path], out: Path):
    return localize(pages, to="ko", translator=Hangul(), only=[DETAIL], out=out,
                    options=LocalizeOptions(source_root=pages[0].parent))


def _fail_on(monkeypatch, name: str, exc: Exception) -> None:
    """Make understanding the source called `name` raise `exc` (any step of one source)."""
    original = chain.understand

    def flaky(doc, *args, **kwargs):
        if doc.path.name == name:
            raise exc
        return original(doc, *args, **kwargs)

    monkeypatch.setattr(chain, "understand", flaky)


def test_a_crash_in_one_source_leaves_the_others_written_and_recorded(
        tmp_path, pages, monkeypatch, crash_logs):
    _fail_on(monkeypatch, "page-b.psd", ValueError("boom in b"))
    out = tmp_path / "out"
    result = _localize(pages, out)
    assert [s.source for s in result.sources] == ["page-a", "page-c"]
    (failure,) = result.failures
    (log,) = list(crash_logs.iterdir())
    assert (failure.source, failure.kind, failure.log) == ("page-b", "internal", log)
    assert failure.message == f"{pages[1]}: internal error (ValueError: boom in b)"
    assert "ValueError: boom in b" in log.read_text(encoding="utf-8")
    assert int(result.exit_code()) == 3
    manifest = read_manifest(out)
    assert {o.source for o in manifest.outputs} == {"page-a", "page-c"}
    for output in manifest.outputs:
        assert (out / output.path).is_file()
    assert {o.path for o in manifest.outputs} == {o.path for o in result.outputs}
    (error,) = [f for f in manifest.findings if f.source == "page-b"]
    assert (error.code, error.severity) == ("localize.source-failed", "error")
    assert error.message == f"{failure.message} (traceback in {log})"
    assert error in result.findings


def test_an_unreadable_source_is_an_error_finding_without_a_log(tmp_path, pages, monkeypatch,
                                                                crash_logs):
    _fail_on(monkeypatch, "page-a.psd", errors.UnreadableDocument("page-a.psd: truncated"))
    out = tmp_path / "out"
    result = _localize(pages, out)
    assert [(f.source, f.kind, f.log) for f in result.failures] == [
        ("page-a", "unreadable", None)]
    assert not crash_logs.exists()
    manifest = read_manifest(out)
    assert {o.source for o in manifest.outputs} == {"page-b", "page-c"}
    assert [(f.code, f.message) for f in manifest.findings if f.source == "page-a"] == [
        ("localize.source-failed", "page-a.psd: truncated")]


def test_a_rerun_replaces_the_failure_and_keeps_the_failed_sources_earlier_slices(
        tmp_path, pages, monkeypatch, crash_logs):
    out = tmp_path / "out"
    first = _localize(pages, out)
    assert not first.failures
    kept = {o.path for o in first.outputs if o.source == "page-b"}
    _fail_on(monkeypatch, "page-b.psd", ValueError("boom in b"))
    for _ in range(2):
        _localize(pages, out)
    manifest = read_manifest(out)
    assert kept <= {o.path for o in manifest.outputs}
    assert len([f for f in manifest.findings if f.code == "localize.source-failed"]) == 1


def test_cli_exits_3_naming_the_failure_and_its_log(tmp_path, pages, monkeypatch, crash_logs):
    _fail_on(monkeypatch, "page-c.psd", RuntimeError("boom in c"))
    monkeypatch.setattr(command, "machine_translator", lambda *args: Hangul())
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["localize", *map(str, pages), "--to", "ko", "--mt",
                                      "offline", "--only", DETAIL, "-o", str(out),
                                      "--source-root", str(tmp_path)])
    assert result.exit_code == 3, result.output
    (log,) = list(crash_logs.iterdir())
    assert f"Error: {pages[2]}: internal error (RuntimeError: boom in c) (traceback in {log})" \
        in result.stderr.splitlines()
    assert result.stdout.splitlines()[0].startswith("Localized 2 of 3 sources into ko: ")
    assert "Traceback" not in result.output
    assert {o.source for o in read_manifest(out).outputs} == {"page-a", "page-b"}


def test_json_names_the_failure_and_its_log(tmp_path, pages, monkeypatch, crash_logs):
    _fail_on(monkeypatch, "page-a.psd", RuntimeError("boom in a"))
    monkeypatch.setattr(command, "machine_translator", lambda *args: Hangul())
    result = CliRunner().invoke(cli, ["localize", *map(str, pages), "--to", "ko", "--mt",
                                      "offline", "--only", DETAIL, "-o", str(tmp_path / "out"),
                                      "--source-root", str(tmp_path), "--json"])
    assert result.exit_code == 3, result.output
    (log,) = list(crash_logs.iterdir())
    document = json.loads(result.stdout)
    assert document["failures"] == [{
        "source": "page-a", "kind": "internal", "log": str(log),
        "message": f"{pages[0]}: internal error (RuntimeError: boom in a)"}]
    assert [f["source"] for f in document["findings"] if f["code"] == "localize.source-failed"] \
        == ["page-a"]
    assert {o["source"] for o in document["outputs"]} == {"page-b", "page-c"}


def test_a_source_failing_at_its_second_slot_puts_none_of_its_slices_in_place(
        tmp_path, pages, monkeypatch, crash_logs):
    """A source's slices go in place once every detail slot's are made, as a build's
    outputs: a slot that fails after another's slices were made leaves none of them."""
    written = chain._write_snippet
    slots = []

    def second_fails(outputs, target, *args):
        slots.append(target.key)
        if len(slots) == 2:
            raise OSError(5, "Input/output error")
        return written(outputs, target, *args)

    monkeypatch.setattr(chain, "_write_snippet", second_fails)
    out = tmp_path / "out"
    result = localize(pages[:1], to="ko", translator=Hangul(), only=[DETAIL, "coupang/detail"],
                      out=out, options=LocalizeOptions(source_root=pages[0].parent))
    assert sorted(slots) == sorted([DETAIL, "coupang/detail"]) and not result.sources
    assert [f.source for f in result.failures] == ["page-a"]
    images = [p for p in out.rglob("*") if p.suffix in (".jpg", ".png", ".webp")]
    assert images == []
    assert list((out / ".assetkit" / "tmp").glob("*.tmp")) == []


class _Other(Hangul):
    """Another translation: every file of a page made with it differs from Hangul's."""

    def translate(self, texts, source, target):
        return ["내일 도착 보장" for _ in texts]


def test_a_source_failing_at_its_second_slot_leaves_its_snippets_and_psd_as_they_were(
        tmp_path, pages, monkeypatch, crash_logs):
    """The slot snippets (<div> of the slices) and the localized PSD go in place with the
    slices: a rerun failing at its second slot leaves the first run's files, none naming
    slices that are not there or showing a translation the slices do not."""
    out = tmp_path / "out"
    only = [DETAIL, "coupang/detail"]
    first = localize(pages[:1], to="ko", translator=Hangul(), only=only, out=out,
                     options=LocalizeOptions(source_root=pages[0].parent))
    assert first.sources and not first.failures
    kept = {p: p.read_bytes() for p in (out / "page-a").rglob("*")
            if p.is_file() and p.suffix in (".html", ".psd")}
    assert len([p for p in kept if p.suffix == ".html"]) == 2 and len(kept) == 3
    sliced = chain._slice_target
    calls = []

    def second_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        return sliced(*args, **kwargs)

    monkeypatch.setattr(chain, "_slice_target", second_fails)
    again = localize(pages[:1], to="ko", translator=_Other(), only=only, out=out,
                     options=LocalizeOptions(source_root=pages[0].parent))
    assert [f.source for f in again.failures] == ["page-a"]
    assert {p: p.read_bytes() for p in kept} == kept
    assert list((out / ".assetkit" / "tmp").glob("*.tmp")) == []


def test_the_localized_psd_is_put_last_after_the_slices_and_snippets(tmp_path, pages,
                                                                    monkeypatch):
    put = []
    original = chain.put_all

    def recording(staged):
        put.extend(s.path.suffix for s in staged)
        return original(staged)

    monkeypatch.setattr(chain, "put_all", recording)
    _localize(pages[:1], tmp_path / "out")
    assert put[-1] == ".psd" and ".html" in put and put.count(".psd") == 1
