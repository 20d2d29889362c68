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
