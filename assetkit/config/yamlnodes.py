"""YAML text -> plain values with the line of every key path, and typed field readers that
raise InvalidConfig naming file, line and key path."""
from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ..errors import InvalidConfig

PathKey = tuple  # tuple[str | int, ...]


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


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


class Document:
    """A parsed YAML file: its values and the line of every key path."""

    def __init__(self, path: Path, data: Any, lines: dict[PathKey, int]) -> None:
        self.path = path
        self.data = data
        self.lines = lines
        self.warnings: list[str] = []

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
                f"{display_path(path)}:{line}: invalid YAML: {exc.problem or exc.context}"
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
        return InvalidConfig(f"{self.where(key)}: {message}")

    def root(self) -> Node:
        return Node(self, (), self.data)


class Node:
    """A view on one mapping, list or value inside a Document, with typed readers."""

    def __init__(self, doc: Document, key: PathKey, value: Any) -> None:
        self.doc, self.key, self.value = doc, key, value

    def error(self, message: str, key: PathKey | None = None) -> InvalidConfig:
        return self.doc.error(self.key if key is None else key, message)

    def mapping(self, known: Iterable[str]) -> Node:
        """Assert this node is a mapping; warn (not fail) about keys outside `known`."""
        if not isinstance(self.value, dict):
            raise self.error(f"expected a mapping, got {describe(self.value)}")
        known = set(known)
        for k in self.value:
            if k not in known:
                self.doc.warnings.append(f"{self.doc.where((*self.key, k))}: unknown key (ignored)")
        return self

    def has(self, name: str) -> bool:
        return isinstance(self.value, dict) and self.value.get(name) is not None

    def child(self, name: str | int) -> Node:
        value = self.value.get(name) if isinstance(self.value, dict) else self.value[name]
        return Node(self.doc, (*self.key, name), value)

    def get(self, name: str, conv: Callable[[Node], Any], default: Any = None) -> Any:
        if not self.has(name):
            return default
        return conv(self.child(name))

    def req(self, name: str, conv: Callable[[Node], Any]) -> Any:
        if not self.has(name):
            raise self.error(f"missing required key '{name}'", (*self.key, name))
        return conv(self.child(name))

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
        return tuple(conv(i) for i in items)

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
