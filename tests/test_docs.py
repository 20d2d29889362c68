"""The README documents every command (like sqlite-utils' test_docs.py): a command added to the
CLI without a word in the README fails here."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from assetkit.cli import cli
from assetkit.config import load_catalog

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


COMMANDS = _commands(cli)


@pytest.fixture(scope="module")
def readme() -> str:
    assert README.is_file(), f"{README} is missing"
    return README.read_text(encoding="utf-8")


def test_the_cli_has_commands():
    assert {"build", "specs", "doctor", "fonts"} <= {c[0] for c in COMMANDS}
    assert ("specs", "list") in COMMANDS


def _phrase(*words: str) -> str:
    return r"(?<![\w-])" + r"\s+".join(re.escape(w) for w in words) + r"(?![\w-])"


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_command_is_documented_in_readme(readme, command):
    # `assetkit build`; a subcommand may also be written after its group's synopsis, as in
    # "assetkit specs list | specs show PLATFORM" (the bare word "show" would not count)
    patterns = [_phrase("assetkit", *command)]
    if len(command) > 1:
        patterns.append(_phrase(*command))
    assert any(re.search(p, readme) for p in patterns), (
        f"'assetkit {' '.join(command)}' is not in README.md")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_command_has_help(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout
    node = cli
    for name in command:
        node = node.commands[name]
    assert (node.help or "").strip(), f"'{' '.join(command)}' has no help text"


def test_readme_platform_table_lists_every_bundled_slot(readme):
    rows = {tuple(c.strip() for c in line.strip("|").split("|")[:2])
            for line in readme.splitlines() if line.startswith("| ")}
    missing = [f"{p.id}/{s.id}" for p in load_catalog() for s in p.slots if (p.id, s.id) not in rows]
    assert not missing, f"README's platform table lacks {missing}"


def _synopsis(readme: str) -> dict[tuple[str, ...], set[str]]:
    """The options of each command's line in the README's command synopsis (## Commands)."""
    block = readme.split("## Commands", 1)[1].split("```", 2)[1]
    found = {}
    for line in block.splitlines():
        words = line.split()
        if len(words) < 2 or words[0] != "assetkit" or words[1].startswith("["):
            continue
        command = tuple(w for w in words[1:3] if re.fullmatch(r"[a-z]+", w))
        found[command] = set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", line))
    return found


def _options(command: tuple[str, ...]) -> set[str]:
    node = cli
    for name in command:
        node = node.commands[name]
    return {opt for p in node.params if isinstance(p, click.Option)
            for opt in p.opts if opt not in ("-h", "--help")}


def _is_group(command: tuple[str, ...]) -> bool:
    node = cli
    for name in command:
        node = node.commands[name]
    return isinstance(node, click.Group)


# a group (specs, strings, manifest) has no line of its own: each of its commands has one
@pytest.mark.parametrize("command", [c for c in COMMANDS if not _is_group(c)], ids=" ".join)
def test_readme_synopsis_and_help_name_the_same_options(readme, command):
    synopsis = _synopsis(readme)
    assert command in synopsis, f"README's command synopsis has no line for {command}"
    options = _options(command)
    # an option with a short form may be written either way in the synopsis
    spelled = {o for p in _params(command) if set(p.opts) & synopsis[command] for o in p.opts}
    assert synopsis[command] - options == set(), "README names options the command lacks"
    assert options - spelled - synopsis[command] == set(), "options missing from the README"


def _params(command: tuple[str, ...]) -> list[click.Option]:
    node = cli
    for name in command:
        node = node.commands[name]
    return [p for p in node.params if isinstance(p, click.Option)]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_help_ends_with_an_example(command):
    result = CliRunner().invoke(cli, [*command, "--help"], terminal_width=100)
    if len(command) == 1 and isinstance(cli.commands[command[0]], click.Group):
        return  # a group's help lists its commands, each with its example
    tail = result.stdout.rstrip().splitlines()[-3:]
    assert any(line.strip().startswith("assetkit ") for line in tail), result.stdout


def test_config_help_says_where_the_file_is_searched():
    result = CliRunner().invoke(cli, ["build", "--help"], terminal_width=200)
    assert "nearest parent folder" in result.stdout


def _drop_folder(readme: str) -> str:
    return readme.split("## Drop folder\n", 1)[1].split("\n## ", 1)[0]


def _parsed(args: list[str]) -> dict:
    """`assetkit ARGS` through the CLI's parser (nothing run): the subcommand's parameters."""
    root = cli.make_context("assetkit", list(args), resilient_parsing=False)
    _name, command, rest = cli.resolve_command(root, root.protected_args + root.args)
    assert command is not None
    return command.make_context(command.name, rest, parent=root).params


def test_the_drop_folder_systemd_unit_parses_and_stops_gently(readme):
    """The unit's ExecStart runs through the CLI parser; it restarts on failure, stops with
    SIGTERM and waits longer than a source takes."""
    import shlex

    (unit,) = re.findall(r"```ini\n(.*?)```", _drop_folder(readme), re.S)
    keys = dict(line.split("=", 1) for line in unit.splitlines() if "=" in line)
    program, *args = shlex.split(keys["ExecStart"])
    assert program.endswith("/assetkit") and args[0] == "watch"
    params = _parsed(args)
    assert params["folder"] == Path("input") and params["poll"] == 2.0
    assert params["as_json"] and params["move"] and params["settle"] == 5.0
    assert keys["Restart"] == "on-failure" and keys["KillSignal"] == "SIGTERM"
    assert int(keys["TimeoutStopSec"]) >= 60


def test_the_drop_folder_plain_command_parses(readme):
    (command,) = re.findall(r"```\n(assetkit watch .*?)\n```", _drop_folder(readme))
    import shlex

    params = _parsed(shlex.split(command)[1:])
    assert params["folder"] == Path("input") and params["as_json"]


def test_the_drop_folder_documents_every_event_key(readme):
    from assetkit.watch.events import WatchEvent

    section = _drop_folder(readme)
    for key in WatchEvent.__dataclass_fields__:
        assert f"| `{key}` |" in section, f"event key {key} is not in the README's table"
