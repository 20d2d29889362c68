"""Tagged roles: the `@role` naming convention and campaign glob rules.

Naming convention: a layer or group whose name contains `@bg`, `@product`, `@logo`, `@headline`,
`@sub`, `@cta`, `@badge`, `@price`, `@legal`, `@other` or `@focus` (case-insensitive;
`@background`, `@title`, `@button` are accepted too) has that role; a tagged group is one unit,
its children are not tagged separately. Rules in assetkit.yaml (`roles: {"Header/*logo*": logo}`)
match globs on layer paths. Untagged documents are read by rules instead (understand/units.py)."""
from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence

from ..scene import ROLES, Layer, RoleChoice, Scene

ALIASES = {"background": "bg", "title": "headline", "button": "cta", "subline": "sub"}
_TAG = re.compile(r"@([a-z]+)\b", re.IGNORECASE)


def role_from_name(name: str) -> str | None:
    for match in _TAG.finditer(name):
        word = match[1].lower()
        word = ALIASES.get(word, word)
        if word in ROLES:
            return word
    return None


def _inside_tagged(layer: Layer, tagged: set[int], scene: Scene) -> bool:
    return any(group.id in tagged for group in scene.ancestors(layer))


Choices = dict[int, RoleChoice]


def _choice(role: str, rule: str, why: str) -> RoleChoice:
    return RoleChoice(role, rule, why, 1.0)  # a tag or a rule is the designer's word


def _tag(layer: Layer, rules: Sequence[tuple[str, str]]) -> RoleChoice | None:
    """The role a layer's name tag, else the first campaign rule matching its path, gives it."""
    role = role_from_name(layer.name)
    if role:
        return _choice(role, "name", f"@{role} in the layer name")
    for pattern, rule_role in rules:
        if fnmatch.fnmatchcase(layer.path_str, pattern):
            return _choice(rule_role, "rule", f"campaign rule {pattern!r}")
    return None


def _outermost(scene: Scene, roles: Choices) -> Choices:
    tagged = set(roles)
    return {i: r for i, r in roles.items() if not _inside_tagged(scene.by_id(i), tagged, scene)}


def tags(scene: Scene, rules: Sequence[tuple[str, str]] = ()) -> tuple[Choices, Choices]:
    """The outermost layers a tag (a `@role` in the name) or a campaign rule gives a role (a
    tagged group's children are the group's): those shown, and those Photoshop shows nothing
    of (hidden, or in a hidden group), which are no role."""
    found = _outermost(scene, {la.id: c for la in scene.layers
                               if (c := _tag(la, rules)) is not None})
    shown = {i: c for i, c in found.items() if scene.by_id(i).visible}
    return shown, {i: c for i, c in found.items() if i not in shown}


def tagged_roles(scene: Scene, rules: Sequence[tuple[str, str]] = ()) -> Choices:
    """Each shown tagged layer's role; {} when none is."""
    return tags(scene, rules)[0]


def hidden_tags(scene: Scene, rules: Sequence[tuple[str, str]] = ()) -> Choices:
    """The tagged layers Photoshop shows nothing of."""
    return tags(scene, rules)[1]
