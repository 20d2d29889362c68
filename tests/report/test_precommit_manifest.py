"""`.pre-commit-hooks.yaml` passes pre-commit's own validator and runs `assetkit check`."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


@pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                    reason="pre-commit is not installed (pip install -e '.[test]')")
def test_manifest_validates():
    done = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_hook_fields():
    (hook,) = yaml.safe_load(HOOKS.read_text())
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "assetkit-check", "assetkit check", "python", True)
    import re

    files = re.compile(hook["files"])
    assert all(files.search(n) for n in ("a.psd", "b.PSB", "c.png", "d.jpg", "e.JPEG", "f.webp",
                                         "g.gif"))
    assert not files.search("notes.txt")
