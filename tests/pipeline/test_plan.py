"""Planning a build: "no PSD/PSB sources found" names every path it left out and why; a path
left out of a run that has other sources is a warning, never silent."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assetkit.config import load_campaign
from assetkit.errors import UsageError
from assetkit.pipeline import plan_build
from assetkit.samples import make_test_psd

ONLY = ["google-display/300x250"]


@pytest.fixture(scope="module")
def psd(tmp_path_factory) -> Path:
    return make_test_psd(tmp_path_factory.mktemp("psd") / "banner.psd", size=(60, 40))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def touch(*names: str) -> None:
    for name in names:
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_bytes(b"not a psd")


def refusal(*sources: str, **kwargs) -> str:
    with pytest.raises(UsageError) as err:
        plan_build(sources, out=Path("out"), only=ONLY, **kwargs)
    return str(err.value)


@pytest.mark.parametrize(("files", "sources", "expected"), [
    (["x.png"], ["x.png"], "x.png: not a .psd/.psb file"),
    ([], ["folder"], "folder/: empty"),
    (["art/a.png", "art/deep/b.txt"], ["art/"], "art/: no .psd/.psb file (2 other files)"),
    (["art/a.png"], ["art"], "art/: no .psd/.psb file (1 other file)"),
    ([], ["a*.psd"], "a*.psd: no match"),
    (["in/a.png", "in/b.jpg"], ["in/*"], "in/*: no .psd/.psb file among 2 matches"),
    ([".draft.psd"], [".draft.psd"], ".draft.psd: a hidden file (its name starts with '.')"),
])
def test_no_sources_says_what_was_skipped_and_why(here, files, sources, expected):
    touch(*files)
    Path("folder").mkdir()
    assert refusal(*sources) == f"no PSD/PSB sources found: {expected}"


def test_every_skipped_path_is_named(here):
    touch("x.png", "in/a.png")
    Path("folder").mkdir()
    assert refusal("x.png", "folder", "a*.psd", "in/*") == (
        "no PSD/PSB sources found: x.png: not a .psd/.psb file; folder/: empty; "
        "a*.psd: no match; in/*: no .psd/.psb file among 1 match")


def test_campaign_sources_are_named_as_written(here):
    Path("camp").mkdir()
    Path("camp/assetkit.yaml").write_text(
        "sources: [input/*.psd, {path: detail/, targets: [coupang/detail]}]\n"
        "targets: [google-display/300x250]\n", encoding="utf-8")
    Path("camp/detail").mkdir()
    with pytest.raises(UsageError) as err:
        plan_build(campaign=load_campaign(Path("camp/assetkit.yaml")))
    assert str(err.value) == ("no PSD/PSB sources found: input/*.psd: no match; detail/: empty")


def test_a_skipped_path_beside_real_sources_is_a_warning(here, psd):
    touch("x.png", "in/notes.txt")
    shutil.copy(psd, "in/banner.psd")
    plan = plan_build(["x.png", "in/*", "b*.psd"], out=Path("out"), only=ONLY)
    assert plan.sources == (Path.cwd() / "in" / "banner.psd",)
    assert plan.warnings == ("skipped x.png: not a .psd/.psb file", "skipped b*.psd: no match")


def test_a_psd_with_another_name_is_built_when_named_or_matched(here, psd):
    Path("in").mkdir()
    shutil.copy(psd, "in/banner.bak")
    plan = plan_build(["in/banner.bak"], out=Path("out"), only=ONLY)
    assert plan.sources == (Path.cwd() / "in" / "banner.bak",)
    assert plan_build(["in/*"], out=Path("out"), only=ONLY).sources == plan.sources


def test_a_campaign_without_sources(here):
    Path("assetkit.yaml").write_text("name: Launch\n", encoding="utf-8")
    with pytest.raises(UsageError) as err:
        plan_build(campaign=load_campaign(Path("assetkit.yaml")))
    assert str(err.value) == "no PSD/PSB sources found: the campaign lists no sources"


def test_sources_whose_targets_are_all_narrowed_away(here, psd):
    shutil.copy(psd, "page.psd")
    Path("assetkit.yaml").write_text(
        "sources: [{path: page.psd, targets: [coupang/detail]}]\n"
        "targets: [google-display/300x250]\n", encoding="utf-8")
    with pytest.raises(UsageError) as err:
        plan_build(campaign=load_campaign(Path("assetkit.yaml")), only=ONLY)
    assert str(err.value) == ("--only google-display/300x250: no source has that target "
                              "(page.psd: coupang/detail)")
