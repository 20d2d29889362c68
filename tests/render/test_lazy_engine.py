"""A build whose sources set no text never loads the text engine's libraries: fontTools (font
files) and uniseg (line breaking) load when the first font is read or the first text broken,
not with the modules that use them (about 35 ms of imports in the first recompose source's
serial head)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.factories import make_geometry_psd

REPO = Path(__file__).resolve().parents[2]
LOADED = "import sys; print(sorted(m for m in ('fontTools', 'uniseg') if m in sys.modules))"


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=300)
    assert done.returncode in (0, 1), done.stderr  # 1: a build with error findings
    return done.stdout.strip().splitlines()[-1]


def test_the_text_hook_modules_import_without_fonttools_or_uniseg():
    code = ("import assetkit.render.text.layer, assetkit.fonts.resolve, "
            "assetkit.fonts.faces; " + LOADED)
    assert _run(code) == "[]"


def test_breaking_text_and_reading_a_face_load_them():
    code = ("from assetkit.render.text.linebreak import keep_all_units; "
            "assert keep_all_units('한국어 줄 바꿈') == ['한국어 ', '줄 ', '바꿈']; " + LOADED)
    assert _run(code) == "['uniseg']"


SPEC = """id: plain
names: {en: Plain, ko: Plain}
slots:
- {id: c600, kind: banner, labels: {en: c600, ko: c600}, size: [600, 600], max_kb: 80,
   formats: [jpeg], background: any, colour_space: srgb, confidence: unverified,
   sources: ["https://example.com/plain"], verified_on: "2026-12-05"}
"""


def test_a_recompose_build_of_a_source_without_type_layers_loads_neither(tmp_path):
    """(Slots with coded text load fontTools: the coded text's checks set it in a face; so does
    the first build on a machine, which indexes its fonts: the second run is the one read.)"""
    source = make_geometry_psd(tmp_path / "plain.psd")
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "plain.yaml").write_text(SPEC, encoding="utf-8")
    # the CLI ends the process itself (atexit handlers run, then os._exit)
    code = ("import atexit, sys\nfrom assetkit.cli import main\n"
            f"atexit.register(lambda: exec({LOADED!r}))\n"
            f"sys.argv = ['assetkit', 'build', {str(source)!r}, '-o', {str(tmp_path / 'out')!r},"
            f" '--source-root', {str(tmp_path)!r}, '--specs', {str(tmp_path / 'specs')!r},"
            " '--only', 'plain', '-j', '1', '-q', '--force']\nmain()\n")
    _run(code)  # the font index is made
    assert _run(code) == "[]"
    assert any((tmp_path / "out").rglob("*.jpg"))
