"""Font substitution YAML -> frozen types: the table bundled with assetkit
(assetkit/data/font-substitutes.yaml) and the rows a brand adds under `fonts.substitutes`."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..model import Substitute, frozen_map
from . import yamlnodes as s


@dataclass(frozen=True)
class SubstitutionTable:
    """Rows (brand rows first), per-script fallback families for characters the chosen face has
    no glyph for, and the OS package each family comes from ("bundled": shipped with assetkit)."""

    rows: tuple[Substitute, ...] = ()
    fallback: Mapping[str, tuple[str, ...]] = field(default_factory=frozen_map)
    packages: Mapping[str, str] = field(default_factory=frozen_map)


SCRIPTS = ("Latin", "Greek", "Cyrillic", "Armenian", "Hebrew", "Arabic", "Devanagari", "Thai",
           "Hangul", "Han", "Kana", "Common")


def bundled_table_path() -> Path:
    return Path(str(resources.files("assetkit") / "data" / "font-substitutes.yaml"))


def _names(node: s.Node) -> tuple[str, ...]:
    names = s.list_of(s.text, non_empty=True)(node)
    for i, name in enumerate(names):
        if not name.strip():
            raise node.error("expected a font name, got an empty string", (*node.key, i))
    return names


def substitute(node: s.Node) -> Substitute:
    """One row: `fonts` (PSD names, globs), `use` (families in order), `metric` (bool)."""
    node.mapping(("fonts", "use", "metric"))
    return Substitute(fonts=node.req("fonts", _names), use=node.req("use", _names),
                      metric=node.get("metric", s.boolean, False))


def substitutes(node: s.Node) -> tuple[Substitute, ...]:
    return tuple(substitute(item) for item in node.items())


def _fallback(node: s.Node) -> dict[str, tuple[str, ...]]:
    out = {}
    for script, families in node.pairs():
        if script not in SCRIPTS:
            raise node.error(f"expected a script ({', '.join(SCRIPTS)}), got {script!r}",
                             (*node.key, script))
        out[script] = _names(families)
    return out


def read_table(doc: s.Document) -> SubstitutionTable:
    root = doc.root().mapping(("substitutes", "fallback", "packages"))
    return SubstitutionTable(
        rows=root.get("substitutes", substitutes, ()),
        fallback=frozen_map(root.get("fallback", _fallback, {})),
        packages=frozen_map(root.get("packages", s.str_map, {})),
    )


def load_substitution_table(path: Path | None = None,
                            warnings: list[str] | None = None) -> SubstitutionTable:
    """The substitution table in `path` (default: the one bundled with assetkit)."""
    return s.load(path or bundled_table_path(), read_table, warnings)
