"""The import contract of the package, read from the source (function-level imports included):
each third-party library has its one adapter, roles are decided only in understand/, the tree
stays small at the top, and no module imports itself back through others."""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "assetkit"

# library -> the only package or module (dotted prefix) that may import it
ADAPTERS = {
    "psd_tools": ("assetkit.document",),
    "yaml": ("assetkit.config",),
    "click": ("assetkit.cli",),
    "fontTools": ("assetkit.fonts",),
    "pyvips": ("assetkit.render.resample",),
    "watchdog": ("assetkit.watch.observe",),
    "deep_translator": ("assetkit.localize.mt_deeptranslator",),
    "translate": ("assetkit.localize.translate_toolkit",),
    "distributed": ("assetkit.cluster.adapter",),
    "dask": ("assetkit.cluster.adapter",),
}
# adapted libraries that come with an extra, not with a plain install: library -> extra
EXTRAS = {"distributed": "cluster", "dask": "cluster"}
# internal modules -> the only places that may import them
PRIVATE = {
    "assetkit.understand.roles": ("assetkit.understand",),
    "assetkit.understand.logo": ("assetkit.understand",),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _absolute(name: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


@cache
def imports(name: str) -> tuple[tuple[str, bool], ...]:
    """(imported module, at module level?) for every import in `name`, anywhere in the file."""
    path = modules()[name]
    tree = ast.parse(path.read_text("utf-8"))
    top = {id(n) for n in tree.body}
    type_only = {id(sub) for n in tree.body if isinstance(n, ast.If)
                 and "TYPE_CHECKING" in ast.unparse(n.test) for sub in ast.walk(n)}
    found = []
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found += [(a.name, id(node) in top) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(name, path, node)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((sub if sub in modules() else base, id(node) in top))
    return tuple(found)


def _owner_ok(importer: str, owners: tuple[str, ...]) -> bool:
    return any(importer == o or importer.startswith(o + ".") for o in owners)


def test_each_third_party_library_has_one_adapter():
    wrong = [f"{name} imports {mod}" for name in modules() for mod, _ in imports(name)
             for lib, owners in ADAPTERS.items()
             if (mod == lib or mod.startswith(lib + ".")) and not _owner_ok(name, owners)]
    assert wrong == []


def test_each_adapted_library_is_a_runtime_dependency():
    """A plain `pip install assetkit` (no extras) has every library an adapter imports: the
    package of each ADAPTERS key is in pyproject's [project] dependencies."""
    import importlib.metadata
    import re
    import tomllib

    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text("utf-8"))["project"]

    def norm(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    required = {norm(re.split(r"[\s<>=!~;\[]", d, maxsplit=1)[0])
                for d in project["dependencies"]}
    dists = importlib.metadata.packages_distributions()
    missing = [lib for lib in ADAPTERS if lib not in EXTRAS
               and not {norm(d) for d in dists.get(lib, [lib])} & required]
    assert missing == []


def test_each_extra_library_is_in_its_extra_and_in_the_test_extra():
    """`pip install 'assetkit[cluster]'` brings distributed (which brings dask), and CI's
    `pip install -e '.[test]'` too, so the cluster tests run there instead of skipping."""
    import tomllib

    extras = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"]
    for extra in set(EXTRAS.values()):
        assert any(d.startswith("distributed") for d in extras[extra])
        assert any(d.startswith("distributed") for d in extras["test"])


def test_roles_and_logo_matching_are_only_used_by_understand():
    wrong = [f"{name} imports {mod}" for name in modules() for mod, _ in imports(name)
             for private, owners in PRIVATE.items()
             if mod == private and not _owner_ok(name, owners)]
    assert wrong == []


def _edges(name: str) -> set[str]:
    """Modules `name` needs executed: each module it imports, and that module's parent packages
    except its own (a package is always initialised before its submodules)."""
    own = {name.rsplit(".", i)[0] for i in range(name.count(".") + 1)}
    out = set()
    for mod, _ in imports(name):
        parts = mod.split(".")
        parents = {".".join(parts[:i]) for i in range(2, len(parts))} - own
        out |= {m for m in (mod, *parents) if m in modules() and m != name}
    return out


def _cycle_from(start: str) -> list[str] | None:
    stack, seen = [(start, [start])], set()
    while stack:
        node, path = stack.pop()
        for nxt in sorted(_edges(node)):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def test_no_import_cycle():
    cycles = {" -> ".join(c) for name in modules() if (c := _cycle_from(name))}
    assert sorted(cycles) == []


def test_the_top_level_holds_at_most_eight_modules():
    assert len(list(PACKAGE.glob("*.py"))) <= 8, sorted(p.name for p in PACKAGE.glob("*.py"))


def test_no_module_is_over_400_lines():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text("utf-8").splitlines())) > 400}
    assert long == {}


def test_the_contract_sees_function_level_imports():
    """The walk finds imports inside functions (else the adapter rule could be dodged)."""
    deferred = [(name, mod) for name in modules() for mod, top in imports(name) if not top]
    assert deferred, "no function-level import found: the walk is broken"


def test_no_library_function_takes_more_than_eight_parameters():
    """Options travel as frozen types (BuildOptions, LocalizeOptions, WatchWorld), not as long
    argument lists; the CLI's Click commands are exempt (one parameter per option)."""
    wide = []
    for name, path in modules().items():
        if name.startswith("assetkit.cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                a = node.args
                params = [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
                count = sum(p is not None and p.arg not in ("self", "cls") for p in params)
                if count > 8:
                    wide.append(f"{name}.{node.name}: {count}")
    assert wide == []


CLI_MAY_IMPORT = ("assetkit.commands", "assetkit.report", "assetkit.errors", "assetkit.cli")


def test_cli_imports_only_commands_report_and_errors():
    wrong = [f"{name} imports {mod}" for name in modules() if name.startswith("assetkit.cli")
             for mod, _ in imports(name) if mod.startswith("assetkit")
             and mod != "assetkit" and not _owner_ok(mod, CLI_MAY_IMPORT)]
    assert wrong == []


def test_only_cli_imports_click():
    wrong = [name for name in modules() for mod, _ in imports(name)
             if (mod == "click" or mod.startswith("click.")) and not name.startswith("assetkit.cli")]
    assert wrong == []
