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
