"""Every finding code the package can emit has a title in Korean and English: the codes are
read from the source (the first argument of every `Finding(...)`/`_finding(...)` call and every
`*CODES` table), so a new code without a title fails here."""
from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import assetkit
from assetkit.report.web.i18n import LANGS, TITLES, title

CODE = re.compile(r"^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*$")
PACKAGE = Path(assetkit.__file__).parent


def _constants(tree: ast.Module) -> dict[str, str]:
    """The module's NAME = "string" assignments."""
    return {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
            and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
            for t in n.targets if isinstance(t, ast.Name)}


def _code_nodes(node: ast.AST) -> list[ast.expr]:
    """Where a code is written: a finding call's first argument, a `*CODES` table's items."""
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return [node.args[0]] if name.lower().endswith("finding") else []
    if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("CODES")
                                            for t in node.targets):
        value = node.value
        if isinstance(value, ast.Tuple):
            return list(value.elts)
        if isinstance(value, ast.Dict):
            return list(value.values)
    return []


@cache
def emitted_codes(root: Path = PACKAGE) -> tuple[dict[str, str], list[str]]:
    """Code -> the module that writes it; and the codes built at run time (f-strings), which
    this cannot read and which must therefore not exist."""
    found: dict[str, str] = {}
    built: list[str] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _constants(tree)
        for node in ast.walk(tree):
            for arg in _code_nodes(node):
                value = (arg.value if isinstance(arg, ast.Constant)
                         else names.get(arg.id) if isinstance(arg, ast.Name) else None)
                if isinstance(value, str) and CODE.match(value):
                    found.setdefault(value, path.relative_to(root).as_posix())
                elif isinstance(arg, ast.JoinedStr):
                    built.append(f"{path.relative_to(root)}:{arg.lineno}")
    return found, built


def test_the_codes_are_found_where_they_are_written():
    codes, built = emitted_codes()
    assert built == [], f"finding codes made with an f-string (write each out): {built}"
    assert len(codes) >= 65, sorted(codes)
    for known in ("layout.upscaled", "localize.unknown-unit", "layout.slice-through-text",
                  "build.failed", "coded.image-text-unknown", "fonts.raster-limited"):
        assert known in codes, known


def test_every_code_has_a_title_in_each_language():
    codes, _ = emitted_codes()
    untitled = sorted(f"{c} ({where})" for c, where in codes.items() if c not in TITLES)
    assert untitled == [], f"finding codes without a title in report/web/i18n.py: {untitled}"
    for code in codes:
        for lang in LANGS:
            words = TITLES[code][lang]
            assert words and words != code and len(words) <= 40, (code, lang, words)
    assert all(re.search("[가-힣]", TITLES[c]["ko"]) for c in codes), "a Korean title in Korean"


def test_no_title_for_a_code_that_does_not_exist():
    codes, _ = emitted_codes()
    assert sorted(set(TITLES) - set(codes)) == []


def test_a_title_in_the_page_language_else_the_code():
    assert title("coded.too-long", "ko") == "코딩 문구가 잘림"
    assert title("coded.too-long", "en") == "Coded text will be cut"
    assert title("made.up", "ko") == "made.up"
