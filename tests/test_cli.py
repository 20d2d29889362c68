"""The CLI door: every command through Click's CliRunner, exit codes and exact output lines."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import click
import click.testing
import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

import assetkit
from assetkit import errors
from assetkit.cli import cli
from assetkit.commands import build as command_build
from assetkit.config import find_campaign
from assetkit.document.writer import PixelLayer, write_layered_psd
from assetkit.errors import ExitCode, worst_exit
from assetkit.pipeline import builder
from assetkit.pipeline import source as source_module
from assetkit.samples import make_garbage_psd, make_test_psd
from tests.conftest import real_psd

PACKAGE = Path(assetkit.__file__).resolve().parent
BUNDLED_SPECS = PACKAGE / "specs"
BUNDLED_FONTS = PACKAGE / "data" / "fonts"
ONLY = ["google-display/300x250", "coupang/main", "meta/story", "naver-smartstore/detail"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")

TINYCAP_SPEC = """\
id: tinycap
names: {en: Tiny cap, ko: 작은 용량}
slots:
  - id: banner
    labels: {en: Banner, ko: 배너}
    kind: ad
    size: [300, 250]
    max_kb: 0.5
    formats: [jpeg]
    sources: [https://example.com/tinycap]
    verified_on: 2026-11-24
    confidence: unverified
"""


def invoke(*args, **kwargs) -> click.testing.Result:
    return CliRunner().invoke(cli, [str(a) for a in args], **kwargs)


def only_args(slots=ONLY) -> list[str]:
    return [arg for slot in slots for arg in ("--only", slot)]


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def files_under(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()} if folder.exists() \
        else set()


def write_noise_psd(path: Path, size=(300, 250)) -> Path:
    pixels = np.random.default_rng(7).integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    return write_layered_psd(path, size, [PixelLayer("noise", Image.fromarray(pixels, "RGB"))])


@pytest.fixture
def psds(_psd_files, tmp_path) -> SimpleNamespace:
    """The test PSDs linked into the test's own folder, the current folder: source ids are
    paths under it (`good.psd`), so outputs go to `OUT/good/...`."""
    linked = {}
    for name, path in vars(_psd_files).items():
        linked[name] = tmp_path / path.name
        os.link(path, linked[name])
    return SimpleNamespace(**linked)


@pytest.fixture(scope="module")
def _psd_files(tmp_path_factory) -> SimpleNamespace:
    folder = tmp_path_factory.mktemp("psds")
    return SimpleNamespace(
        good=make_test_psd(folder / "good.psd"),
        tiny=make_test_psd(folder / "tiny.psd", size=(120, 80)),
        noisy=write_noise_psd(folder / "noisy.psd"),
        garbage=make_garbage_psd(folder / "garbage.psd"),
    )


@pytest.fixture(scope="module")
def tinycap_specs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("specs")
    (folder / "tinycap.yaml").write_text(TINYCAP_SPEC, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _crash_logs(tmp_path, monkeypatch) -> Path:
    logs = tmp_path.parent / f"{tmp_path.name}-crash-logs"
    monkeypatch.setattr(errors, "LOG_DIR", logs)
    return logs


@pytest.fixture(autouse=True)
def _outside_any_campaign(tmp_path, monkeypatch) -> None:
    """Run in an empty folder: the repository's own assetkit.yaml must not leak into builds."""
    if find_campaign(tmp_path) is not None:
        pytest.skip(f"an assetkit.yaml above {tmp_path} would be found")
    monkeypatch.chdir(tmp_path)


def bundled_spec_yaml() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(BUNDLED_SPECS.glob("*.yaml"))}


# ---------------------------------------------------------------- help and version

def _command_paths(group: click.Group, prefix=()) -> list[tuple[str, ...]]:
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths += _command_paths(command, (*prefix, name))
    return paths


@pytest.mark.parametrize("path", [(), *_command_paths(cli)], ids=lambda p: " ".join(p) or "cli")
def test_every_command_has_help(path):
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: cli {' '.join(path)}".rstrip())
    command = cli
    for name in path:
        command = command.commands[name]
    assert command.help, f"{' '.join(path)} has no help text"
    first = command.help.strip().splitlines()[0].rstrip(".")
    assert first.split()[0] in result.stdout


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"assetkit, version {assetkit.__version__}"


# ---------------------------------------------------------------- specs

def test_specs_list_json_lists_every_bundled_platform_with_slots():
    result = invoke("specs", "list", "--json")
    assert result.exit_code == 0, result.output
    platforms = {p["id"]: p for p in json.loads(result.stdout)["platforms"]}
    expected = bundled_spec_yaml()
    assert set(platforms) == set(expected)
    for pid, raw in expected.items():
        slots = {s["id"]: s for s in platforms[pid]["slots"]}
        assert list(slots) == [s["id"] for s in raw["slots"]], pid
        for raw_slot in raw["slots"]:
            slot = slots[raw_slot["id"]]
            assert slot["sources"] == raw_slot["sources"] and slot["sources"], (pid, slot["id"])
            assert all(url.startswith(("http://", "https://")) for url in slot["sources"])
            assert dt.date.fromisoformat(slot["verified_on"]) == raw_slot["verified_on"]
            assert slot["confidence"] == raw_slot["confidence"]
            assert slot["confidence"] in ("official", "secondary", "unverified")


def test_specs_list_text_names_every_platform():
    result = invoke("specs", "list")
    assert result.exit_code == 0, result.output
    heads = {line.split()[0] for line in result.stdout.splitlines() if not line.startswith(" ")}
    assert heads == set(bundled_spec_yaml())


def test_specs_show_coupang_prints_sources():
    result = invoke("specs", "show", "coupang")
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    raw = bundled_spec_yaml()["coupang"]
    for slot in raw["slots"]:
        assert any(line.startswith(f"[{slot['id']}] ") for line in out), slot["id"]
        for url in slot["sources"]:
            assert f"  source: {url}" in out
        assert f"  confidence: {slot['confidence']}, verified on {slot['verified_on']}" in out


def test_specs_show_unknown_platform_exits_2():
    result = invoke("specs", "show", "no-such-mall")
    assert result.exit_code == ExitCode.USAGE
    assert lines(result.stderr) == [
        "Error: unknown platform 'no-such-mall' (see: assetkit specs list)"]


def test_specs_validate_good_file_exits_0():
    path = BUNDLED_SPECS / "coupang.yaml"
    result = invoke("specs", "validate", path)
    assert result.exit_code == 0, result.output
    slots = len(yaml.safe_load(path.read_text(encoding="utf-8"))["slots"])
    assert lines(result.stdout) == [f"{path}: ok (coupang, {slots} slots)"]


def test_specs_validate_bad_file_exits_2_with_one_line(tmp_path, monkeypatch):
    text = TINYCAP_SPEC.replace("max_kb: 0.5", "max_kb: '150kb'")
    (tmp_path / "tinycap.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("    max_kb: '150kb'") + 1
    monkeypatch.chdir(tmp_path)
    result = invoke("specs", "validate", "tinycap.yaml")
    assert result.exit_code == ExitCode.USAGE
    assert lines(result.output) == [
        f"tinycap.yaml:{line}: slots[0].max_kb: expected a positive number, got '150kb'"]


def test_specs_validate_reports_each_file(tmp_path, monkeypatch):
    (tmp_path / "tinycap.yaml").write_text(TINYCAP_SPEC.replace("kind: ad", "kind: poster"),
                                           encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("specs", "validate", BUNDLED_SPECS / "meta.yaml", "tinycap.yaml")
    assert result.exit_code == ExitCode.USAGE
    out = lines(result.output)
    assert len(out) == 2
    assert out[0].startswith(f"{BUNDLED_SPECS / 'meta.yaml'}: ok (meta, ")
    assert out[1] == ("tinycap.yaml:6: slots[0].kind: expected one of main, additional, banner, "
                      "thumbnail, detail, ad, got 'poster'")


def test_specs_validate_a_folder_checks_every_spec_in_it(tmp_path):
    result = invoke("specs", "validate", BUNDLED_SPECS)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in BUNDLED_SPECS.glob("*.yaml"))
    assert [line.split(":")[0].rsplit("/", 1)[-1] for line in lines(result.stdout)] == names
    empty = tmp_path / "none"
    empty.mkdir()
    result = invoke("specs", "validate", empty)
    assert result.exit_code == ExitCode.USAGE
    assert lines(result.output) == [f"{empty}: no *.yaml or *.yml spec files in this folder"]


# ---------------------------------------------------------------- build: usage errors

@pytest.mark.parametrize("args, hint", [
    ((), "Error: no sources given and no assetkit.yaml found"),
    (("{good}",), "Error: no assetkit.yaml found: pass -o OUT"),
])
def test_build_without_campaign_exits_2_and_writes_nothing(tmp_path, psds, args, hint):
    result = invoke("build", *(a.format(good=psds.good) for a in args))
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert len(lines(result.stderr)) == 1
    assert result.stderr.startswith(hint)
    assert sorted(tmp_path.iterdir()) == sorted(vars(psds).values())  # nothing new


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_brand_logo_that_is_not_an_image_is_a_config_error(tmp_path, psds, command,
                                                             monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "logo.png").write_text("a text file, not a logo", encoding="utf-8")
    (tmp_path / "brand.yaml").write_text("name: Haneul\nlogo:\n  masters: [logo.png]\n",
                                         encoding="utf-8")
    result = invoke(command, psds.good, "--brand", "brand.yaml",
                    *(("-o", tmp_path / "out") if command == "build" else ()))
    assert result.exit_code == ExitCode.USAGE
    assert lines(result.stderr) == [
        "Error: brand.yaml:3: logo.masters[0]: logo master logo.png is not an image file"]
    assert not (tmp_path / "out").exists()


def test_build_unknown_only_target_exits_2_and_writes_nothing(tmp_path, psds):
    out = tmp_path / "out"
    result = invoke("build", psds.good, "-o", out, "--only", "coupang/nope")
    assert result.exit_code == ExitCode.USAGE
    assert lines(result.stderr) == [
        "Error: --only 'coupang/nope': platform 'coupang' has no slot 'nope' "
        "(slots: main, additional, detail)"]
    assert not out.exists()


# ---------------------------------------------------------------- build: exit codes

def test_build_garbage_and_good_exits_3_and_builds_the_good_one(tmp_path, psds):
    out = tmp_path / "out"
    result = invoke("build", psds.garbage, psds.good, "-o", out, "-j", "1", *only_args())
    assert result.exit_code == ExitCode.UNREADABLE, result.output
    assert "Traceback" not in result.output
    naming = [line for line in result.output.splitlines() if "garbage.psd" in line]
    assert len(naming) == 1
    assert naming[0].startswith(f"Error: {psds.garbage}: ")
    assert "Failed sources: 1 unreadable, 0 internal errors" in result.stdout.splitlines()
    written = files_under(out / "good")
    assert {p.parts[0] for p in written} == {"google-display", "coupang", "meta",
                                              "naver-smartstore"}
    assert not (out / "garbage").exists()


@pytest.mark.parametrize("fail_on, code", [
    ("error", ExitCode.OK), ("warning", ExitCode.FINDINGS), ("never", ExitCode.OK)])
def test_fail_on_with_an_upscale_warning(tmp_path, psds, fail_on, code):
    result = invoke("build", psds.tiny, "-o", tmp_path / "out", "--only", "google-display/300x250",
                    "--fail-on", fail_on)
    assert result.exit_code == code, result.output
    # grouped by code on the console; -v lists every finding on its own line
    assert any(line.startswith("  warning layout.upscaled ×") and " in tiny: " in line
               for line in result.stdout.splitlines()), result.stdout
    every = invoke("-v", "build", psds.tiny, "-o", tmp_path / "out", "--only",
                   "google-display/300x250", "--fail-on", fail_on)
    assert ("  warning layout.upscaled tiny google-display/300x250: "
            "the source is upscaled to 300x250 for this slot") in every.stdout.splitlines()


@pytest.mark.parametrize("fail_on, code", [("error", ExitCode.FINDINGS), ("never", ExitCode.OK)])
def test_cap_unreachable_is_an_error_finding_and_writes_no_file(tmp_path, psds, tinycap_specs,
                                                               fail_on, code):
    out = tmp_path / "out"
    result = invoke("build", psds.noisy, "-o", out, "--specs", tinycap_specs,
                    "--only", "tinycap/banner", "--only", "google-display/300x250",
                    "--fail-on", fail_on)
    assert result.exit_code == code, result.output
    found = [line for line in result.stdout.splitlines() if "encode.cap-unreachable" in line]
    assert len(found) == 1
    assert found[0].startswith("  error   encode.cap-unreachable noisy tinycap/banner: "
                               "no allowed format fits 0.5 KB (512 bytes): smallest reached ")
    assert not (out / "noisy" / "tinycap").exists()
    assert (out / "noisy" / "google-display").is_dir()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {o["platform"] for o in manifest["outputs"]} == {"google-display"}
    assert [f["code"] for f in manifest["findings"] if f["severity"] == "error"] == [
        "encode.cap-unreachable"]


@pytest.mark.parametrize("codes, expected", [
    ((), ExitCode.OK),
    ((ExitCode.OK, ExitCode.OK), ExitCode.OK),
    ((ExitCode.FINDINGS, ExitCode.OK), ExitCode.FINDINGS),
    ((ExitCode.FINDINGS, ExitCode.USAGE), ExitCode.USAGE),
    ((ExitCode.USAGE, ExitCode.UNREADABLE, ExitCode.FINDINGS), ExitCode.UNREADABLE),
    ((ExitCode.UNREADABLE, ExitCode.INTERRUPTED), ExitCode.INTERRUPTED),
    ((ExitCode.BUSY, ExitCode.USAGE, ExitCode.FINDINGS), ExitCode.BUSY),
    ((ExitCode.BUSY, ExitCode.UNREADABLE), ExitCode.UNREADABLE),
    ((ExitCode.INTERRUPTED, ExitCode.OK, ExitCode.FINDINGS), ExitCode.INTERRUPTED),
])
def test_worst_exit_precedence(codes, expected):
    assert worst_exit(codes) is expected
    assert worst_exit(reversed(codes)) is expected


def test_exit_codes_have_their_documented_numbers():
    assert {c.name: int(c) for c in ExitCode} == {
        "OK": 0, "FINDINGS": 1, "USAGE": 2, "UNREADABLE": 3, "BUSY": 4, "INTERRUPTED": 130}


def test_unreadable_source_beats_an_error_finding(tmp_path, psds, tinycap_specs):
    result = invoke("build", psds.garbage, psds.noisy, "-o", tmp_path / "out", "-j", "1",
                    "--specs", tinycap_specs, "--only", "tinycap/banner")
    assert result.exit_code == ExitCode.UNREADABLE, result.output
    assert any("encode.cap-unreachable" in line for line in result.stdout.splitlines())
    assert any(line.startswith(f"Error: {psds.garbage}: ") for line in result.stderr.splitlines())


# ---------------------------------------------------------------- build: output modes

def test_json_prints_one_parseable_document(tmp_path, psds):
    out = tmp_path / "out"
    result = invoke("build", psds.good, "-o", out, "--json", *only_args())
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # the whole of stdout, nothing else
    assert result.stderr == ""
    assert doc["exit_code"] == result.exit_code
    assert Path(doc["manifest"]) == out / "manifest.json"
    assert doc["written"] == len(doc["outputs"]) == len(ONLY)
    assert {f"{o['platform']}/{o['slot']}" for o in doc["outputs"]} == set(ONLY)
    for o in doc["outputs"]:
        assert (out / o["path"]).is_file()
    assert doc["failures"] == []


def test_json_reports_failures_on_stderr_only(tmp_path, psds):
    result = invoke("build", psds.garbage, psds.good, "-o", tmp_path / "out", "--json", "-j", "1",
                    "--only", "coupang/main")
    assert result.exit_code == ExitCode.UNREADABLE
    doc = json.loads(result.stdout)
    assert [(f["source"], f["kind"]) for f in doc["failures"]] == [("garbage", "unreadable")]
    assert doc["exit_code"] == ExitCode.UNREADABLE


def test_quiet_prints_nothing_without_errors(tmp_path, psds, tinycap_specs):
    # the overlay spec carries an unknown key: a warning, which -q still prints (on stderr: a
    # config typo is never silent), while stdout stays empty
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "tinycap.yaml").write_text(TINYCAP_SPEC + "    colour: blue\n", encoding="utf-8")
    args = ["build", psds.tiny, "-o", tmp_path / "out", "--specs", specs,
            "--only", "google-display/300x250"]
    loud = invoke(*args)
    assert loud.exit_code == 0, loud.output
    assert any(line.startswith("Warning: ") and "colour: unknown key" in line
               for line in loud.stderr.splitlines())
    assert any("layout.upscaled" in line for line in loud.stdout.splitlines())
    quiet = invoke(*args, "-q")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout == ""
    assert [line for line in quiet.stderr.splitlines() if "colour: unknown key" in line]


def test_quiet_prints_only_errors(tmp_path, psds, tinycap_specs):
    result = invoke("build", psds.noisy, psds.garbage, "-o", tmp_path / "out", "-q", "-j", "1",
                    "--specs", tinycap_specs, "--only", "tinycap/banner",
                    "--only", "google-display/300x250")
    assert result.exit_code == ExitCode.UNREADABLE
    out = lines(result.stdout)
    assert out[:-1] and all(line.startswith("  error   ") for line in out[:-1]), out
    assert out[-1] == "Failed sources: 1 unreadable, 0 internal errors"
    assert all(line.startswith("Error: ") for line in lines(result.stderr))


@pytest.fixture
def tty(monkeypatch):
    """Make CliRunner's streams claim to be terminals, so colour would be used."""
    wrapper = getattr(click.testing, "_NamedTextIOWrapper", None)
    if wrapper is None:
        pytest.skip("click.testing has no _NamedTextIOWrapper to fake a terminal")
    monkeypatch.setattr(wrapper, "isatty", lambda self: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_no_color_is_respected(tmp_path, psds, tinycap_specs, tty):
    args = ["build", psds.noisy, psds.garbage, "-o", tmp_path / "out", "-j", "1",
            "--specs", tinycap_specs, "--only", "tinycap/banner"]
    coloured = invoke(*args, color=True)
    # control: on a terminal without NO_COLOR the error lines are coloured
    assert ANSI.search(coloured.stdout) and ANSI.search(coloured.stderr), coloured.output
    plain = invoke(*args, color=True, env={"NO_COLOR": "1"})
    assert plain.exit_code == coloured.exit_code == ExitCode.UNREADABLE
    assert not ANSI.search(plain.output)
    assert "\x1b" not in plain.stdout + plain.stderr
    # the same messages; the progress bar (cursor escapes) is drawn only with colour
    messages = [line for line in ANSI.sub("", coloured.stderr).splitlines()
                if line.strip() and "variants" not in line]
    assert messages == plain.stderr.splitlines()


# ---------------------------------------------------------------- internal errors, ^C

def _single_log(folder: Path) -> Path:
    logs = sorted(folder.glob("*.log"))
    assert len(logs) == 1, logs
    return logs[0]


def test_internal_error_in_the_command_gives_one_line_and_a_log(tmp_path, psds, monkeypatch,
                                                                _crash_logs):
    def boom(*args, **kwargs):
        raise RuntimeError("boom in plan")

    monkeypatch.setattr(builder, "plan_build", boom)
    result = invoke("build", psds.good, "-o", tmp_path / "out")
    assert result.exit_code == ExitCode.UNREADABLE
    assert "Traceback" not in result.output
    assert result.stdout == ""
    log = _single_log(_crash_logs)
    assert lines(result.stderr) == [
        f"Error: internal error (RuntimeError: boom in plan); traceback in {log}"]
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: boom in plan" in text


def test_internal_error_in_one_source_logs_it_and_builds_the_rest(tmp_path, psds, monkeypatch,
                                                                  _crash_logs):
    original = source_module.open_document

    def flaky(path, *args, **kwargs):
        if Path(path).name == "tiny.psd":
            raise RuntimeError("boom in tiny")
        return original(path, *args, **kwargs)

    monkeypatch.setattr(source_module, "open_document", flaky)
    out = tmp_path / "out"
    result = invoke("build", psds.tiny, psds.good, "-o", out, "-j", "1", "--only", "coupang/main")
    assert result.exit_code == ExitCode.UNREADABLE, result.output
    assert "Traceback" not in result.output
    log = _single_log(_crash_logs)
    errors = lines(result.stderr)
    assert errors == [f"Error: {psds.tiny}: internal error (RuntimeError: boom in tiny) "
                      f"(traceback in {log})"]
    assert "RuntimeError: boom in tiny" in log.read_text(encoding="utf-8")
    assert "Failed sources: 0 unreadable, 1 internal errors" in result.stdout.splitlines()
    assert (out / "good" / "coupang" / "good_coupang_main_1000x1000.jpg").is_file()


@pytest.mark.parametrize("where", ["build", "open_document"])
def test_keyboard_interrupt_exits_130(tmp_path, psds, monkeypatch, where):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    # each name is patched in the module that looks it up: the CLI calls commands.build,
    # which calls pipeline's build as run_build
    module, name = {"build": (command_build, "run_build"),
                    "open_document": (source_module, "open_document")}[where]
    monkeypatch.setattr(module, name, interrupt)
    result = invoke("build", psds.good, "-o", tmp_path / "out", "-j", "1",
                    "--only", "coupang/main")
    assert result.exit_code == ExitCode.INTERRUPTED
    assert lines(result.stderr) == ["Interrupted."]
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- campaign warnings

def test_unknown_campaign_key_is_reported(tmp_path, psds):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "tiny.psd").write_bytes(psds.tiny.read_bytes())
    campaign = tmp_path / "assetkit.yaml"
    campaign.write_text("sources: [src/*.psd]\ntarget: [coupang/main]\n"
                        "targets: [google-display/300x250]\noutput: out\n", encoding="utf-8")
    result = invoke("build", "-c", campaign, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert len(warnings) == 1
    assert warnings[0].endswith(":2: target: unknown key 'target' (did you mean 'targets'?)")
    # ids are paths under the campaign's folder (no source_root: set)
    assert files_under(tmp_path / "out" / "src" / "tiny") == {
        Path("google-display/tiny_google-display_300x250_300x250.jpg")}


@pytest.mark.parametrize("mode", ["-q", "--json"])
def test_a_misspelt_campaign_key_is_said_even_quiet(tmp_path, psds, mode):
    (tmp_path / "tiny.psd").write_bytes(psds.tiny.read_bytes())
    campaign = tmp_path / "assetkit.yaml"
    campaign.write_text("sources: [tiny.psd]\nsorces: [x.psd]\ntargets: [google-display/300x250]\n"
                        "output: out\n", encoding="utf-8")
    result = invoke("build", "-c", campaign, mode, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if line.startswith("Warning: ")
            and line.endswith("unknown key 'sorces' (did you mean 'sources'?)")]


def test_specs_validate_prints_each_of_three_mistakes(tmp_path):
    bad = tmp_path / "tinycap.yaml"  # its id must match the file name
    bad.write_text(TINYCAP_SPEC.replace("max_kb: 0.5", "max_kb: lots")
                   .replace("kind: ad", "kind: poster") + "    colur: blue\n",
                   encoding="utf-8")
    result = invoke("specs", "validate", bad)
    assert result.exit_code == ExitCode.USAGE
    lines = result.stdout.splitlines()
    assert len(lines) == 3, lines
    assert all(line.startswith(("tinycap.yaml:", str(bad), "warning: ")) for line in lines), lines


# ---------------------------------------------------------------- doctor and fonts

def test_doctor_lists_codecs_and_fonts():
    result = invoke("doctor")
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    assert "codecs:" in out and "fonts:" in out
    for codec in ("jpeg", "png", "webp"):
        assert any(re.fullmatch(rf"  {codec}\s+yes", line) for line in out), codec
    indexed = [re.fullmatch(r"  faces indexed\s+(\d+)", line) for line in out]
    counts = [int(m[1]) for m in indexed if m]
    bundled = len([*BUNDLED_FONTS.glob("*.ttf"), *BUNDLED_FONTS.glob("*.otf")])
    assert counts and counts[0] >= bundled > 0
    assert any(re.fullmatch(rf"\s+bundled\s+{bundled}", line) for line in out)


def test_doctor_lists_the_substitutes_and_the_install_command_for_missing_ones(tmp_path):
    from assetkit.commands.doctor import diagnose
    from assetkit.fonts.index import FontIndex
    from assetkit.fonts.resolve import FontResolver
    from tests.fontfactory import save_tiny

    machine = tmp_path / "fonts"  # Liberation Sans installed; no Liberation Serif, no Noto CJK
    save_tiny(machine / "LiberationSans-Regular.ttf", "LiberationSans", "Liberation Sans",
              "Liberation Sans", "Regular")
    index = FontIndex.build(system_dirs=[machine], cache_dir=tmp_path / "cache")
    lines = diagnose(FontResolver(index))["font substitutes"]
    assert lines["Liberation Sans"] == "installed (fonts-liberation2)"
    assert lines["Liberation Serif"] == "missing: apt-get install fonts-liberation2"
    assert lines["Noto Sans CJK SC"] == "missing: apt-get install fonts-noto-cjk"
    assert lines["Arimo"] == "missing (an alternative; fonts-croscore)"
    assert lines["Noto Sans KR"] == "bundled with assetkit"
    assert lines["install"].startswith("sudo apt-get install -y ")
    assert {"fonts-liberation2", "fonts-noto-cjk"} <= set(lines["install"].split()[4:])
    assert "fonts-croscore" not in lines["install"]
    result = invoke("doctor")
    assert "font substitutes:" in result.stdout.splitlines()
    assert any(re.fullmatch(r"  Liberation Sans\s+(installed \(|missing: apt-get install )"
                            r"fonts-liberation2\)?", line) for line in result.stdout.splitlines())


def test_doctor_json(monkeypatch):
    from assetkit.render import resample

    monkeypatch.delenv("ASSETKIT_RESAMPLER", raising=False)
    resample.default_backend.cache_clear()
    result = invoke("doctor", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"jpeg", "png", "webp"} <= set(report["codecs"])
    assert report["assetkit"]["version"] == assetkit.__version__
    # pyvips is a dependency: libvips resamples unless ASSETKIT_RESAMPLER=pillow says otherwise
    assert report["resampling"]["resampler"] == "libvips lanczos3 (pyvips)"
    assert report["versions"]["pyvips"] != "not installed"


def test_fonts_resolves_notosanskr_to_the_bundled_font():
    psd = real_psd("agpsd-text-alias-notosanskr.psd")
    result = invoke("fonts", psd)
    assert result.exit_code == 0, result.output
    bundled = BUNDLED_FONTS / "NotoSansKR-Regular.ttf"
    pattern = (rf"agpsd-text-alias-notosanskr\.psd \[.+\] NotoSansKR-Regular: "
               rf"ok -> {re.escape(str(bundled))} \(bundled\)")
    assert any(re.fullmatch(pattern, line) for line in result.stdout.splitlines()), result.stdout


def test_fonts_reports_a_missing_font_and_exits_1():
    psd = real_psd("webtoon-example-ko-emoji.psd")
    result = invoke("fonts", psd)
    assert result.exit_code == ExitCode.FINDINGS, result.output
    lines = result.stdout.splitlines()
    assert "webtoon-example-ko-emoji.psd [Text layer] BradleyHandITCTT-Bold: MISSING" in lines
    assert any(re.fullmatch(r"webtoon-example-ko-emoji\.psd \[.+\] NanumBarunGothicOTF: "
                            r"substitute NotoSansKR-Regular -> .+NotoSansKR-Regular\.ttf "
                            r"\(bundled\)", line) for line in lines), result.stdout


def test_fonts_on_garbage_exits_3(psds):
    result = invoke("fonts", psds.garbage)
    assert result.exit_code == ExitCode.UNREADABLE
    assert "Traceback" not in result.output
    assert any(line.startswith(f"Error: {psds.garbage}: ") for line in result.output.splitlines())


def test_a_one_source_build_shows_progress_per_variant(tmp_path, psds, tty):
    result = invoke("build", psds.tiny, "-o", tmp_path / "out", "-j", "1", "--only",
                    "google-display/300x250,google-display/728x90,coupang/main", color=True)
    assert result.exit_code == 0, result.output
    steps = re.findall(r"variants\s+\[[#-]+\]\s+(\d)/(\d)", result.stderr)
    assert [int(done) for done, _ in steps][-3:] == [1, 2, 3] and {t for _, t in steps} == {"3"}


def test_verbose_logs_assetkit_not_the_libraries_it_uses(tmp_path):
    """-v (and --log-level) set assetkit's own log, as their help says: libvips' internals
    ("INFO pyvips: VIPS: reducev: 11 point mask", eleven lines a resize) are not printed."""
    import subprocess
    import sys

    psd = make_test_psd(tmp_path / "a.psd")
    done = subprocess.run(
        [sys.executable, "-m", "assetkit", "-v", "build", str(psd), "-o", str(tmp_path / "out"),
         "--only", "google-display/300x250", "-j", "1"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    assert "Built 1 outputs" in done.stdout + done.stderr
    logged = [line for line in done.stderr.splitlines()
              if line.startswith(("DEBUG ", "INFO ", "WARNING "))]
    assert [line for line in logged if not line.split(" ", 2)[1].startswith("assetkit")] == []
