"""The report's templates are compiled once per machine, not in every build's serial tail:
their code is kept in the user's cache folder ($ASSETKIT_CACHE_DIR), and a folder that
cannot be written only means compiling every time."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

LOAD_ALL = """
import jinja2
compiled = []
real = jinja2.Environment.compile
def counting(self, *args, **kw):
    compiled.append(1)
    return real(self, *args, **kw)
jinja2.Environment.compile = counting
from assetkit.report.web.render import _env
env = _env()
names = env.list_templates()
for name in names:
    env.get_template(name)
print(len(names), len(compiled))
"""


def _load(cache) -> tuple[int, int]:
    env = {**os.environ, "ASSETKIT_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", LOAD_ALL], cwd=REPO, env=env, check=True,
                          capture_output=True, text=True)
    templates, compiled = map(int, done.stdout.split())
    return templates, compiled


def test_a_second_process_compiles_no_template(tmp_path):
    templates, first = _load(tmp_path / "cache")
    assert templates >= 3 and first == templates
    assert len(list((tmp_path / "cache" / "templates").glob("*.cache"))) == templates
    assert _load(tmp_path / "cache") == (templates, 0)


def test_an_unwritable_cache_folder_still_renders(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    templates, compiled = _load(blocked)
    assert compiled == templates
