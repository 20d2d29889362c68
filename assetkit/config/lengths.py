"""Length readers of the spec format: pixels or a percentage, and [x, y, w, h] boxes."""
from __future__ import annotations

import re

from ..model import Length
from . import yamlnodes as s


def length(node: s.Node) -> Length:
    v = node.value
    if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
        return Length(v)
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%\s*", str(v)) if isinstance(v, str) else None
    if m and float(m[1]) <= 100:
        return Length(float(m[1]), percent=True)
    raise node.error(f"expected pixels (an integer) or a percentage like '14%', got {s.describe(v)}")


def four(items: list[s.Node]) -> tuple[Length, Length, Length, Length]:
    """Four lengths (a zone box, the safe margins); the caller checked there are four."""
    a, b, c, d = (length(i) for i in items)
    return a, b, c, d


def box(node: s.Node) -> tuple[Length, Length, Length, Length]:
    """An [x, y, w, h] box (an overlay zone's, a coded-text area's)."""
    if not isinstance(node.value, list) or len(node.value) != 4:
        raise node.error(f"expected [x, y, w, h], got {s.describe(node.value)}")
    return four(node.items())
