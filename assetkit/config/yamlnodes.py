"""YAML text -> plain values with the line of every key path, and typed field readers that
raise InvalidConfig naming file, line and key path (or, validating, record every problem)."""
from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml

from ..errors import InvalidConfig
from ..fsutil import display_path

PathKey = tuple  # tuple[str | int, ...]
T = TypeVar("T")


def format_key(key: PathKey) -> str:
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def describe(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def unknown_key(key: str, known: Iterable[str]) -> str:
    """What to say about a key outside `known`: the closest known key when one is near (case
    aside), so a typo like `sorces:` is never silently ignored."""
    by_fold = {k.casefold(): k for k in known}
    close = difflib.get_close_matches(key.casefold(), by_fold, n=1, cutoff=0.7)
    if close:
        return f"unknown key '{key}' (did you mean '{by_fold[close[0]]}'?)"
    return f"unknown key '{key}' (ignored)"


# libyaml's composer when PyYAML has it (about 10x faster; same nodes and marks)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> yaml.Node | None:
    """The node tree; on a syntax error the pure-Python parser runs again for its message
    (clearer than libyaml's, and the same on every install)."""
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


class _Composer:
    def __init__(self) -> None:
        self.lines: dict[PathKey, int] = {}
        self.constructor = yaml.SafeLoader("")

    def value(self, node: yaml.Node, key: PathKey) -> Any:
        self.lines[key] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for k_node, v_node in node.value:
                k = self.constructor.construct_object(k_node, deep=True)
                if isinstance(k, (list, dict)):
                    raise ValueError(f"line {k_node.start_mark.line + 1}: a key must be a scalar")
                k = str(k) if not isinstance(k, str) else k
                out[k] = self.value(v_node, (*key, k))
                self.lines[(*key, k)] = k_node.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.value(n, (*key, i)) for i, n in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except ValueError as exc:  # e.g. a date like 2026-13-45: keep the line in the message
            raise yaml.constructor.ConstructorError(None, None, str(exc), node.start_mark) from None


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a config file, in one line: `file:line: key.path: what`."""

    severity: Literal["error", "warning"]
    line: int
    message: str

    def __str__(self) -> str:
        return self.message if self.severity == "error" else f"warning: {self.message}"


def in_file_order(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.line)


class Document:
    """A parsed YAML file: its values, the line of every key path, and its problems."""

    def __init__(self, path: Path, data: Any, lines: dict[PathKey, int]) -> None:
        self.path = path
        self.data = data
        self.lines = lines
        self.problems: list[Problem] = []
        # Read on past an error, recording it (validation): a reader then gets the default (or
        # None) for a bad value and must not use what it read when `Node.settled` says so.
        self.collect = False

    @property
    def warnings(self) -> list[str]:
        """The warnings (unknown keys), in file order."""
        return [p.message for p in in_file_order(self.problems) if p.severity == "warning"]

    @classmethod
    def load(cls, path: Path) -> Document:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InvalidConfig(f"{display_path(path)}: file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidConfig(f"{display_path(path)}: cannot read: {exc}") from None
        return cls.parse(text, Path(path))

    @classmethod
    def parse(cls, text: str, path: Path) -> Document:
        composer = _Composer()
        try:
            node = _compose(text)
            data = {} if node is None else composer.value(node, ())
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            raise InvalidConfig(
                f"{display_path(path)}:{line}: invalid YAML: {exc.problem or exc.context}", line
            ) from None
        except (yaml.YAMLError, ValueError) as exc:
            raise InvalidConfig(f"{display_path(path)}: invalid YAML: {exc}") from None
        return cls(path, data, composer.lines)

    def line(self, key: PathKey) -> int:
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)

    def where(self, key: PathKey) -> str:
        return f"{display_path(self.path)}:{self.line(key)}: {format_key(key)}"

    def error(self, key: PathKey, message: str) -> InvalidConfig:
        return InvalidConfig(f"{self.where(key)}: {message}", self.line(key))

    def fail(self, error: InvalidConfig) -> None:
        """Raise `error`, or when collecting, record it and go on."""
        if not self.collect:
            raise error
        self.problems.append(Problem("error", error.line or 1, str(error)))

    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    def warn(self, key: PathKey, message: str) -> None:
        self.problems.append(Problem("warning", self.line(key), f"{self.where(key)}: {message}"))

    def root(self) -> Node:
        return Node(self, (), self.data)


def load(path: Path, read: Callable[[Document], T], warnings: list[str] | None = None) -> T:
    """The file at `path` read by `read`; its warnings (unknown keys) go to `warnings`."""
    doc = Document.load(Path(path))
    value = read(doc)
    if warnings is not None:
        warnings.extend(doc.warnings)
    return value


def validate(path: Path, read: Callable[[Document], Any]) -> list[Problem]:
    """Every problem `read` finds in the file at `path`, errors and warnings in file order:
    reading goes on past a bad key or value wherever the rest can still be read."""
    try:
        doc = Document.load(Path(path))
    except InvalidConfig as exc:
        return [Problem("error", exc.line or 1, str(exc))]
    doc.collect = True
    try:
        read(doc)
    except InvalidConfig as exc:
        doc.fail(exc)
    except _Settled:
        pass
    return in_file_order(doc.problems)


class _Settled(Exception):  # noqa: N818 - a signal, not an error
    """Reading a value stops: the problems inside it are recorded (collect mode only)."""


class Node:
    """A view on one mapping, list or value inside a Document, with typed readers."""

    def __init__(self, doc: Document, key: PathKey, value: Any) -> None:
        self.doc, self.key, self.value = doc, key, value
        self._errors_before = 0  # the document's error count when reading this node began

    def error(self, message: str, key: PathKey | None = None) -> InvalidConfig:
        return self.doc.error(self.key if key is None else key, message)

    def mapping(self, known: Iterable[str]) -> Node:
        """Assert this node is a mapping; warn (not fail) about keys outside `known`."""
        if not isinstance(self.value, dict):
            raise self.error(f"expected a mapping, got {describe(self.value)}")
        known = tuple(known)
        for k in self.value:
            if k not in known:
                self.doc.warn((*self.key, k), unknown_key(k, known))
        return self

    def has(self, name: str) -> bool:
        return isinstance(self.value, dict) and self.value.get(name) is not None

    def child(self, name: str | int) -> Node:
        value = self.value.get(name) if isinstance(self.value, dict) else self.value[name]
        return Node(self.doc, (*self.key, name), value)

    def read(self, conv: Callable[[Node], Any], fallback: Any = None) -> Any:
        """conv(self); when collecting, a problem inside is recorded and `fallback` returned."""
        if not self.doc.collect:
            return conv(self)
        self._errors_before = self.doc.errors()
        try:
            return conv(self)
        except InvalidConfig as exc:
            self.doc.fail(exc)
        except _Settled:
            pass
        return fallback

    def settled(self) -> None:
        """Stop reading this value (collect mode) when a part of it was bad: checks across its
        parts would only repeat that problem."""
        if self.doc.collect and self.doc.errors() > self._errors_before:
            raise _Settled

    def get(self, name: str, conv: Callable[[Node], Any], default: Any = None) -> Any:
        if not self.has(name):
            return default
        return self.child(name).read(conv, default)

    def req(self, name: str, conv: Callable[[Node], Any]) -> Any:
        if not self.has(name):
            self.doc.fail(self.error(f"missing required key '{name}'", (*self.key, name)))
            return None
        return self.child(name).read(conv)

    def items(self) -> list[Node]:
        if not isinstance(self.value, list):
            raise self.error(f"expected a list, got {describe(self.value)}")
        return [self.child(i) for i in range(len(self.value))]

    def pairs(self) -> list[tuple[str, Node]]:
        if not isinstance(self.value, dict):
            raise self.error(f"expected a mapping, got {describe(self.value)}")
        return [(k, self.child(k)) for k in self.value]


# ---- converters: Node -> typed value (raise InvalidConfig naming the place) ----

def text(node: Node) -> str:
    if isinstance(node.value, bool) or not isinstance(node.value, (str, int, float)):
        raise node.error(f"expected a string, got {describe(node.value)}")
    return str(node.value)


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def ascii_id(node: Node) -> str:
    value = text(node)
    if not _ID.match(value):
        raise node.error(f"expected a lowercase ASCII id (a-z, 0-9, -), got {describe(value)}")
    return value


def positive_number(node: Node) -> float:
    v = node.value
    # .nan and .inf are YAML floats; neither is a usable cap or size (int(nan * 1024) raises)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v < math.inf:
        raise node.error(f"expected a positive number, got {describe(v)}")
    return float(v)


def positive_int(node: Node) -> int:
    v = node.value
    if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
        raise node.error(f"expected a positive integer, got {describe(v)}")
    return v


def fraction(node: Node) -> float:
    v = node.value
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
        raise node.error(f"expected a number from 0 to 1, got {describe(v)}")
    return float(v)


def boolean(node: Node) -> bool:
    if not isinstance(node.value, bool):
        raise node.error(f"expected true or false, got {describe(node.value)}")
    return node.value


def date(node: Node) -> dt.date:
    v = node.value
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        raise node.error(f"expected a date (YYYY-MM-DD), got {describe(v)}") from None


Choice = TypeVar("Choice", bound=str)


def one_of(*choices: Choice) -> Callable[[Node], Choice]:
    """A converter accepting only `choices` (pass a Literal's values to get that type back)."""
    def conv(node: Node) -> Choice:
        value = node.value
        if value not in choices:
            raise node.error(f"expected one of {', '.join(choices)}, got {describe(value)}")
        return value

    return conv


def list_of(conv: Callable[[Node], Any], *, non_empty: bool = False) -> Callable[[Node], tuple]:
    def read(node: Node) -> tuple:
        if isinstance(node.value, (str, int, float)) and not isinstance(node.value, bool):
            items = [node]  # a single value where a list is expected: accept it
        else:
            items = node.items()
        if non_empty and not items:
            raise node.error("expected a non-empty list")
        return tuple(i.read(conv) for i in items)  # collecting: None where an item is bad

    return read


def size_pair(node: Node) -> tuple[int, int]:
    v = node.value
    if isinstance(v, str):
        m = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", v)
        if m and int(m[1]) > 0 and int(m[2]) > 0:
            return int(m[1]), int(m[2])
    ok = (isinstance(v, list) and len(v) == 2
          and all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in v))
    if not ok:
        raise node.error(f"expected [width, height] in pixels, got {describe(v)}")
    return v[0], v[1]


def aspect(node: Node) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[:/]\s*(\d+(?:\.\d+)?)\s*", str(node.value))
    if not m or float(m[1]) <= 0 or float(m[2]) <= 0:
        raise node.error(f"expected an aspect ratio like '16:9', got {describe(node.value)}")
    a, b = float(m[1]), float(m[2])
    scale = 100 if (a % 1 or b % 1) else 1
    return round(a * scale), round(b * scale)


def hex_colour(node: Node) -> tuple[int, int, int]:
    m = re.fullmatch(r"#?([0-9a-fA-F]{6})", str(node.value).strip())
    if not m:
        raise node.error(f"expected a colour like '#1B2A4A', got {describe(node.value)}")
    h = m[1]
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def str_map(node: Node) -> dict[str, str]:
    return {k: text(v) for k, v in node.pairs()}


def relative_path(node: Node) -> Path:
    value = Path(text(node)).expanduser()
    return value if value.is_absolute() else (node.doc.path.parent / value)
