"""JSON text exactly as `json.dumps(value, ensure_ascii=False, indent=2)` writes it, about
twice as fast: the standard library's C encoder does not indent, so `indent=2` runs its
pure-Python generators. manifest.json is written indented for people, at the end of every
build and of every watcher batch: the indented dump was most of a publish."""
from __future__ import annotations

import math
from json.encoder import encode_basestring  # the C escaper where there is one
from typing import Any


def indented(value: object, level: int = 0) -> str:
    """`value` as json.dumps(value, ensure_ascii=False, indent=2) writes it, every line after
    the first indented `level` steps (of two spaces) more."""
    return _text(value, level)


_NEWLINES = ["\n" + "  " * depth for depth in range(64)]


def _newline(depth: int) -> str:
    return _NEWLINES[depth] if depth < len(_NEWLINES) else "\n" + "  " * depth


def _number(value: float) -> str:
    if math.isfinite(value):
        return float.__repr__(value)
    return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")


def _scalar(value: object) -> str | None:
    """A scalar's text, as json writes it (in json's order of tests); None: not a scalar."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _number(value)
    return None


def _key(key: object) -> str:
    """A dict key, as json turns it into a string."""
    if isinstance(key, str):
        return encode_basestring(key)
    text = _scalar(key)
    if text is None:
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
    return f'"{text}"'


def _text(value: Any, level: int) -> str:
    kind = type(value)
    if kind is str:  # the common types first, by exact type; subclasses as json tests them
        return encode_basestring(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = _newline(level + 1)
        return "{" + inner + ("," + inner).join(
            [_key(k) + ": " + _text(v, level + 1) for k, v in value.items()]
        ) + _newline(level) + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = _newline(level + 1)
        return "[" + inner + ("," + inner).join([_text(v, level + 1) for v in value]) \
            + _newline(level) + "]"
    text = _scalar(value)
    if text is not None:
        return text
    if isinstance(value, (list, tuple)):
        return _text(list(value), level)
    if isinstance(value, dict):
        return _text(dict(value), level)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
