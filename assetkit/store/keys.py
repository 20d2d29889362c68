"""Inputs keys by content: an output is up to date when the bytes it was made from are the
same (source, brand file, logos, colour profile, layouts, fonts, spec values, settings), not
when the same paths are named. A campaign copied to another folder keeps every key; a logo's
new bytes change them, a `touch` does not."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from .. import __version__
from ..fsutil import file_sha256
from ..model import Target


def _sha(*facts: object) -> str:
    text = json.dumps([*facts, __version__], default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content(value: object) -> object:
    """`value` as JSON-able facts with every file path replaced by its bytes' hash (a folder
    or a missing file by nothing: the fonts digest covers font folders)."""
    if isinstance(value, Path):
        return file_sha256(value) if value.is_file() else None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: content(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): content(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [content(v) for v in value]
    return value if isinstance(value, str | int | float | bool | type(None)) else repr(value)


class InputsKeys:
    """The keys of one run: `settings` (everything but the source and the slot) hashed once,
    each target's key once, then per source a cheap hash of its sha256 with them."""

    def __init__(self, *settings: object,
                 per_target: Mapping[str, object] | None = None) -> None:
        self.settings = _sha(*(content(s) for s in settings))
        self._targets: dict[str, str] = {}
        # inputs of some targets only (a slot's coded strings): the others' keys stay as they were
        self.per_target = dict(per_target or {})

    def target(self, target: Target) -> str:
        if target.key not in self._targets:
            extra = ([content(self.per_target[target.key])]
                     if target.key in self.per_target else [])
            self._targets[target.key] = _sha(self.settings, repr(target.slot),
                                             target.platform.id, *extra)
        return self._targets[target.key]

    def targets(self, targets: Iterable[Target]) -> dict[str, str]:
        return {t.key: self.target(t) for t in targets}


def output_key(sha256: str, target_key: str) -> str:
    """The `inputs_key` of a target's outputs made from a source with this sha256."""
    return hashlib.sha256(f"{sha256}:{target_key}".encode()).hexdigest()[:24]


def source_key(keys: Mapping[str, str]) -> str:
    """A record's `inputs_key`: its targets' output keys together (one comparison decides a
    no-op)."""
    text = "\n".join(f"{k}={v}" for k, v in sorted(keys.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:24]
