"""`assetkit init`: both doors (assetkit.commands.init.init and the CLI). The sample campaign it
writes builds at once, its YAML loads without a warning, and a second init keeps every file."""
from __future__ import annotations

import hashlib
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from click.testing import CliRunner

from assetkit.cli import cli
from assetkit.commands.init import InitResult, init
from assetkit.config import load_brand, load_campaign
from assetkit.errors import UsageError

REPO = Path(__file__).resolve().parents[2]
SAMPLE_FILES = ["assetkit.yaml", "brand_rules/brand.yaml", "input/haneul-serum-launch.psd",
                "input/haneul-detail-page.psd", "brand_rules/haneul-logo.png"]


def invoke(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, object]:
    """`assetkit init --sample DIR`, once for the module (drawing the PSDs takes seconds)."""
    folder = tmp_path_factory.mktemp("init") / "shop"
    return folder, invoke("init", "--sample", folder)


def test_init_sample_writes_the_campaign_and_says_what_it_wrote(sample):
    folder, result = sample
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        *(f"wrote   {folder / rel}" for rel in SAMPLE_FILES),
        f"Build it: assetkit build -c {folder / 'assetkit.yaml'}"]


def test_the_sample_campaign_builds(sample, tmp_path, monkeypatch):
    folder, _ = sample
    monkeypatch.chdir(tmp_path)  # not inside the campaign: -c finds it
    result = invoke("build", "-c", folder / "assetkit.yaml", "--only", "coupang/main",
                    "--only", "google-display/300x250", "-j", "1")
    assert result.exit_code == 0, result.output
    built = sorted(p.relative_to(folder / "output").as_posix()
                   for p in (folder / "output").rglob("*.jpg"))
    assert built == ["haneul-serum-launch/coupang/haneul-serum-launch_coupang_main_1000x1000.jpg",
                     "haneul-serum-launch/google-display/"
                     "haneul-serum-launch_google-display_300x250_300x250.jpg"]
    assert (folder / "output" / "manifest.json").is_file()


def test_the_sample_yaml_loads_without_warnings(sample):
    folder, _ = sample
    warnings: list[str] = []
    campaign = load_campaign(folder / "assetkit.yaml", warnings)
    brand = load_brand(campaign.brand, warnings)
    assert warnings == []
    assert campaign.name == "HANEUL serum launch (sample)"
    assert campaign.sources == ("input/haneul-serum-launch.psd", "input/haneul-detail-page.psd")
    assert campaign.source_targets["input/haneul-detail-page.psd"] == (
        "naver-smartstore/detail", "coupang/detail", "11st/detail", "musinsa/detail")
    assert campaign.brand == folder / "brand_rules" / "brand.yaml"
    assert (brand.name, brand.logo.masters) == (
        "HANEUL", (folder / "brand_rules" / "haneul-logo.png",))
    example = load_brand(REPO / "brand_rules" / "example.yaml")
    same = ("wordmark", "allowed_fonts", "font_aliases", "palette", "palette_tolerance",
            "glossary", "do_not_translate", "min_text_px")
    assert {k: getattr(brand, k) for k in same} == {k: getattr(example, k) for k in same}
    assert (brand.logo.required, brand.logo.min_height_px, brand.logo.clear_space) == (
        example.logo.required, example.logo.min_height_px, example.logo.clear_space)


def test_the_sample_files_are_the_repositorys(sample):
    """The committed input/ PSDs and logo master are what `init --sample` writes."""
    folder, _ = sample
    for rel in SAMPLE_FILES[2:]:
        committed = REPO / rel
        if not committed.is_file():
            pytest.skip(f"{rel} is not in this checkout")
        assert sha(folder / rel) == sha(committed), rel


def test_a_second_init_keeps_every_file(sample):
    folder, _ = sample
    before = {rel: sha(folder / rel) for rel in SAMPLE_FILES}
    again = init(folder, sample=True)
    assert again == InitResult(folder, (), tuple(folder / rel for rel in SAMPLE_FILES),
                               tuple(folder / rel for rel in sorted(SAMPLE_FILES[2:4])))
    assert {rel: sha(folder / rel) for rel in SAMPLE_FILES} == before
    result = invoke("init", folder)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"skipped {folder / 'assetkit.yaml'} (it exists; --force overwrites it)",
        f"skipped {folder / 'brand_rules/brand.yaml'} (it exists; --force overwrites it)",
        f"Build it: assetkit build -c {folder / 'assetkit.yaml'}"]


def test_init_of_an_empty_folder_is_a_campaign_of_ones_own(tmp_path):
    folder = tmp_path / "my-shop"
    result = init(folder)
    assert result == InitResult(folder, (folder / "assetkit.yaml",
                                         folder / "brand_rules" / "brand.yaml"), ())
    assert (folder / "input").is_dir()
    warnings: list[str] = []
    campaign = load_campaign(folder / "assetkit.yaml", warnings)
    brand = load_brand(campaign.brand, warnings)
    assert warnings == []
    assert (campaign.name, campaign.sources, campaign.targets) == ("my-shop", ("input/*.psd",), ())
    assert (brand.name, brand.logo.masters, brand.logo.required, dict(brand.palette)) == (
        "", (), False, {})
    assert (brand.logo.min_height_px, brand.min_text_px) == (16, 12)


def test_every_key_is_in_the_templates_with_a_comment(tmp_path):
    from assetkit.config.brand import BRAND_KEYS
    from assetkit.config.campaign import CAMPAIGN_KEYS

    init(tmp_path)
    for path, keys in ((tmp_path / "assetkit.yaml", CAMPAIGN_KEYS),
                       (tmp_path / "brand_rules" / "brand.yaml", BRAND_KEYS)):
        lines = path.read_text(encoding="utf-8").splitlines()
        for key in keys:
            (at,) = [i for i, line in enumerate(lines)  # set, or commented out: optional
                     if line.startswith((f"{key}:", f"# {key}:"))]
            block = []  # the lines above it up to a blank line: its comment (or its group's)
            while at > 0 and lines[at - 1].strip():
                at -= 1
                block.append(lines[at])
            assert any(line.startswith("# ") for line in block), f"{path.name}: {key}"


def test_force_overwrites_and_the_cli_says_where_psds_go(tmp_path):
    init(tmp_path)
    (tmp_path / "assetkit.yaml").write_text("name: mine\n", encoding="utf-8")
    result = invoke("init", "--force", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"wrote   {tmp_path / 'assetkit.yaml'}",
        f"wrote   {tmp_path / 'brand_rules/brand.yaml'}",
        f"Put PSDs in {tmp_path / 'input'}/, then build: "
        f"assetkit build -c {tmp_path / 'assetkit.yaml'}"]
    assert "sources:" in (tmp_path / "assetkit.yaml").read_text(encoding="utf-8")


def test_init_here_and_a_file_for_a_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("init")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Put PSDs in input/, then build: assetkit build"
    assert (tmp_path / "assetkit.yaml").is_file()
    assert invoke("init", "assetkit.yaml").exit_code == 2
    with pytest.raises(UsageError, match="assetkit.yaml is a file, not a folder"):
        init(Path("assetkit.yaml"))


def test_a_folder_that_cannot_be_made_is_a_usage_error(tmp_path):
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    folder = tmp_path / "notes.txt" / "shop"  # under a file: no user may create it
    result = invoke("init", folder)
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"Error: cannot write {folder / 'assetkit.yaml'}: Not a directory"]


def test_help_ends_with_an_example():
    result = invoke("init", "--help")
    assert result.exit_code == 0
    assert result.output.rstrip().splitlines()[-3:] == [
        "  Example: a campaign with the sample PSDs, built for two slots",
        "    assetkit init --sample shop",
        "    assetkit build -c shop/assetkit.yaml --only coupang/main --only meta/story"]


def test_the_templates_are_package_data():
    """A non-editable install has them: pyproject's package-data globs cover each file."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = project["tool"]["setuptools"]["package-data"]["assetkit"]
    package = REPO / "assetkit"
    files = [p.relative_to(package).as_posix() for p in (package / "data" / "init").iterdir()]
    assert sorted(files) == ["data/init/assetkit.yaml", "data/init/brand.yaml"]
    assert all(any(fnmatch(f, g) for g in globs) for f in files)
