"""Layer roles: the `@role` naming convention, campaign glob rules, then heuristics.

Naming convention: a layer or group whose name contains `@bg`, `@product`, `@logo`, `@headline`,
`@sub`, `@cta`, `@badge`, `@legal` or `@focus` (case-insensitive; `@background`, `@title`,
`@button` are accepted too) has that role; a tagged group is one unit, its children are not
tagged separately. Rules in assetkit.yaml (`roles: {"Header/*logo*": logo}`) match globs on layer
paths. Untagged documents get heuristics, each reported as a `roles.heuristic` info finding:
a layer named with a role word (logo, product, button/cta, headline/title, badge; 로고, 제품, 상품,
버튼, 제목) gets that role; the lowest visible full-canvas pixel, fill or smart-object layer is
the background; a layer matching the brand's logo master (understand/logo.py) is the logo; the
largest remaining pixel or smart-object layer with real transparency is the product; the type layer with the largest effective size is the headline (other text stays in the
background plate, keeping its arrangement)."""
from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Sequence

from ..model import Finding
from ..scene import ROLES, Layer, RoleChoice, Scene

ALIASES = {"background": "bg", "title": "headline", "button": "cta", "subline": "sub"}
_TAG = re.compile(r"@([a-z]+)\b", re.IGNORECASE)
FULL_CANVAS = 0.98
# Words in untagged layer names that suggest a role (heuristic, reported as info).
# How sure each way of deciding is (shown by `inspect`): a tag or a rule is the designer's word.
CONFIDENCE = {"name": 1.0, "rule": 1.0, "logo-master": 0.9, "background": 0.8, "name-word": 0.7,
              "largest-type": 0.6, "largest-alpha": 0.5}
NAME_WORDS = {"logo": "logo", "로고": "logo", "product": "product", "제품": "product",
              "상품": "product", "button": "cta", "cta": "cta", "버튼": "cta",
              "headline": "headline", "title": "headline", "제목": "headline", "badge": "badge"}


def role_from_name(name: str) -> str | None:
    for match in _TAG.finditer(name):
        word = match[1].lower()
        word = ALIASES.get(word, word)
        if word in ROLES:
            return word
    return None


def _inside_tagged(layer: Layer, tagged: set[int], scene: Scene) -> bool:
    parent = layer.parent
    while parent is not None:
        if parent in tagged:
            return True
        parent = scene.by_id(parent).parent
    return False


Choices = dict[int, RoleChoice]


def _choice(role: str, rule: str, why: str) -> RoleChoice:
    return RoleChoice(role, "heuristic" if rule not in ("name", "rule") else rule, why,
                      CONFIDENCE[rule])


def _explicit(scene: Scene, rules: Sequence[tuple[str, str]]) -> Choices:
    roles: Choices = {}
    for layer in scene.layers:
        if not layer.visible and layer.kind != "group":
            continue
        role = role_from_name(layer.name)
        if role:
            roles[layer.id] = _choice(role, "name", f"@{role} in the layer name")
            continue
        for pattern, rule_role in rules:
            if fnmatch.fnmatchcase(layer.path_str, pattern):
                roles[layer.id] = _choice(rule_role, "rule", f"campaign rule {pattern!r}")
                break
    tagged = set(roles)
    return {i: r for i, r in roles.items() if not _inside_tagged(scene.by_id(i), tagged, scene)}


def _covers_canvas(layer: Layer, scene: Scene) -> bool:
    if layer.bbox is None:
        return False
    inter = layer.bbox.intersect(_canvas(scene))
    return inter is not None and inter.width * inter.height >= FULL_CANVAS * scene.width * scene.height


def _canvas(scene: Scene):
    from ..geometry import Box

    return Box(0, 0, scene.width, scene.height)


def _area(leaf: Layer) -> float:
    return leaf.bbox.width * leaf.bbox.height if leaf.bbox is not None else 0.0  # leaves have one


def _leaves(scene: Scene) -> list[Layer]:
    return [la for la in scene.layers if la.visible and la.kind != "group" and la.bbox is not None
            and la.kind not in ("artboard", "adjustment")]


def _by_name_words(scene: Scene) -> Choices:
    roles: Choices = {}
    taken: set[str] = set()
    for layer in scene.layers:
        if not layer.visible or layer.bbox is None:
            continue
        words = re.findall(r"[a-z]+|[가-힣]+", layer.name.lower())
        word = next((w for w in words if w in NAME_WORDS), None)
        role = NAME_WORDS[word] if word else None
        if role and role not in taken:
            roles[layer.id] = _choice(role, "name-word", f"the word {word!r} in the layer name")
            taken.add(role)
    return {i: r for i, r in roles.items() if not _inside_tagged(scene.by_id(i), set(roles), scene)}


def _heuristic(scene: Scene, has_alpha: Callable[[Layer], bool],
               is_logo: Callable[[Layer], bool]) -> Choices:
    roles = _by_name_words(scene)
    named = {c.role for c in roles.values()}
    inside = set(roles)
    leaves = [la for la in _leaves(scene) if la.id not in roles
              and not _inside_tagged(la, inside, scene)]
    bg = next((la for la in leaves if la.kind in ("pixel", "fill", "smartobject")
               and _covers_canvas(la, scene)), None)
    if bg is not None:
        roles[bg.id] = _choice("bg", "background", "the lowest full-canvas layer")
    candidates = sorted((la for la in leaves if la.kind in ("pixel", "smartobject")
                         and la.id not in roles and not _covers_canvas(la, scene)),
                        key=_area, reverse=True)
    if "logo" not in named:  # a layer that matches the brand's logo master is the logo
        logo = next((la for la in leaves if la.kind in ("pixel", "smartobject", "shape")
                     and la.id not in roles and not _covers_canvas(la, scene) and is_logo(la)),
                    None)
        if logo is not None:
            roles[logo.id] = _choice("logo", "logo-master", "matches the brand's logo master")
    product = None if "product" in named else next(
        (la for la in candidates if has_alpha(la)), None)
    if product is not None:
        roles[product.id] = _choice("product", "largest-alpha",
                                    "the largest layer with transparency")
    texts = sorted(((la, la.text) for la in leaves if la.kind == "type" and la.text is not None),
                   key=lambda typed: typed[1].max_size_px, reverse=True)
    if texts and "headline" not in named:  # other text stays in the plate, arrangement kept
        roles[texts[0][0].id] = _choice("headline", "largest-type", "the largest type")
    return roles


def decide_roles(scene: Scene, *, rules: Sequence[tuple[str, str]] = (),
                 has_alpha: Callable[[Layer], bool] = lambda la: True,
                 is_logo: Callable[[Layer], bool] = lambda la: False
                 ) -> tuple[Choices, list[Finding]]:
    """Each layer's role with how it was decided, and an info finding per heuristic guess."""
    roles = _explicit(scene, rules)
    findings: list[Finding] = []
    if not roles:
        roles = _heuristic(scene, has_alpha, is_logo)
        findings = [Finding("roles.heuristic", "info",
                            f"no layer is tagged; guessed '{scene.by_id(i).path_str}' as "
                            f"{c.role}", source=scene.source, layer=scene.by_id(i).path_str)
                    for i, c in roles.items()]
    return roles, findings
