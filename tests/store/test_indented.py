"""manifest.json's indented JSON: byte for byte what json.dumps(indent=2) writes."""
from __future__ import annotations

import enum
import json
import math
import random

import pytest

from assetkit.store.indented import indented


class Level(enum.IntEnum):
    WARNING = 2


class Code(enum.StrEnum):
    LAYOUT = "layout.no-product"


EDGES = [
    None, True, False, 0, -7, 2**70, 0.1, -0.0, 1e-300, 1e300, 3.0, math.nan, math.inf,
    -math.inf, "", "plain", 'quote " and \\ slash', "tab\tnew\nline\x00\x1f\x7f", "한글 카피 🙂",
    "\u2028\u2029", [], {}, (), [[]], [{}], {"": []}, Level.WARNING, Code.LAYOUT,
    {7: "int key", 2.5: "float key", True: "bool key", None: "null key", "s": "str key"},
    {"nested": {"deeper": [1, [2, [3, {"a": (4, 5.5)}]]]}, "after": "x"},
]


def _random(rng: random.Random, depth: int = 0) -> object:
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.randint(-10**12, 10**12)
    if kind == 2:
        return rng.uniform(-1e6, 1e6) * rng.choice([1, 1e-9, 1e9])
    if kind in (3, 4, 5):
        return "".join(rng.choice('ab "\\\n\t한🙂/\x01é') for _ in range(rng.randrange(8)))
    if kind in (6, 7):
        return [_random(rng, depth + 1) for _ in range(rng.randrange(5))]
    return {str(_random(rng, 5)): _random(rng, depth + 1) for _ in range(rng.randrange(5))}


@pytest.mark.parametrize("value", EDGES, ids=range(len(EDGES)))
def test_edge_values_are_written_as_json_writes_them(value):
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_random_documents_are_written_as_json_writes_them_at_any_level():
    rng = random.Random(20)
    for _ in range(500):
        value = _random(rng)
        want = json.dumps(value, ensure_ascii=False, indent=2)
        assert indented(value) == want
        assert indented(value, 2) == want.replace("\n", "\n    ")


@pytest.mark.parametrize("value", [{1j: 1}, [object()], {"a": {1, 2}}, b"bytes"])
def test_what_json_cannot_write_is_a_type_error_too(value):
    with pytest.raises(TypeError):
        json.dumps(value)
    with pytest.raises(TypeError):
        indented(value)
