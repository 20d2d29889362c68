"""Each command keeps what it promises a script on a fixed input: exit codes, `--json` keys,
`check`'s JUnit XML and GitHub annotations, against tests/golden/commands.json
(`python -m tools.golden_commands --write` records it after a change meant to differ)."""
from __future__ import annotations

import json

import pytest

from tools.golden_commands import CASES, GOLDEN, collect, differences


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:  # font caches out of the user's home
        patch.setenv("ASSETKIT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
        return collect(tmp_path_factory.mktemp("commands"))


EXPECTED = json.loads(GOLDEN.read_text("utf-8"))


def test_every_case_is_recorded():
    assert sorted(EXPECTED) == sorted(name for name, _, _ in CASES)


@pytest.mark.parametrize("name", [name for name, _, _ in CASES])
def test_command_keeps_its_promises(name, results):
    assert differences({name: EXPECTED[name]}, {name: results[name]}) == []
