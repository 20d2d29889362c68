"""Roles of an untagged document's atoms (understand/atoms.py), most certain way first:

1. a role word in a layer's or its group's name (understand/words.py);
2. the brand's logo: a layer matching a logo master, or type setting the brand's name;
3. the copy: a price (`29,900원`, or copy struck through: an old price) or a badge (`1+1`,
   `-30%`);
4. text on a panel: a badge on a compact disc or tile, a CTA on a button-shaped bar, other copy
   on a card;
5. products: the largest photographic cut-out (a layer with real transparency whose ink is
   neither one flat colour nor a soft dark shade), and any other at least 25 % its size;
   shadows and reflections overlapping a product join it;
6. type size and reading order: the largest text is the headline, text under a third of its
   size near the bottom is legal, a small mark in a top corner is the logo, the rest is sub copy.

What is left without text is part of the picture and stays in the plate."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import BrandRules
from ..scene import Layer, Scene
from .atoms import Atom, Look
from .words import copy_role, name_role

SECOND_PRODUCT = 0.25  # of the largest product's area
PICTURE_ROLES = ("bg", "product")  # roles a name cannot give to text
TOUCH = 0.03  # of a product's height: a shade this close touches it
SHADOW_OVERLAP = 0.3  # of the shadow's own box
LEGAL_SIZE = 0.35  # of the headline's text size
LOGO_CORNER = 0.15  # top band of the canvas where a small unnamed mark is the logo
LOGO_AREA = 0.03  # of the canvas
LOGO_LARGEST = 0.1  # of the canvas: nothing larger is compared with the logo masters
BADGE_ASPECT = 1.6
CTA_HEIGHT = 0.14  # of the canvas: a taller panel is a card
CONFIDENCE = {"name-word": 0.7, "logo-master": 0.9, "brand-name": 0.85, "copy": 0.8,
              "panel": 0.6, "largest-alpha": 0.5, "largest-type": 0.6, "reading-order": 0.5,
              "corner": 0.4}


@dataclass(frozen=True)
class Decided:
    """An atom with its role: the rule that decided it and in words why."""

    atom: Atom
    role: str
    rule: str
    why: str

    @property
    def confidence(self) -> float:
        return CONFIDENCE.get(self.rule, 0.5)


def _own_copy(layer: Layer) -> bool:
    """A type layer named after its own text (Photoshop's default): its name is copy, not a
    designer's label."""
    if layer.text is None:
        return False
    said = " ".join(layer.text.text.split()).casefold()
    return bool(said) and " ".join(layer.name.split()).casefold() in said


def _names(atom: Atom, scene: Scene) -> list[str]:
    """The names that speak for an atom: its layers' and their groups', nearest first."""
    names: list[str] = []
    for layer in reversed(atom.layers):
        names += [node.name for node in (layer, *scene.ancestors(layer)) if not _own_copy(node)]
    return list(dict.fromkeys(names))


def _by_name(atom: Atom, scene: Scene) -> tuple[str, str] | None:
    for name in _names(atom, scene):
        found = name_role(name)
        if found is not None:
            return found[0], f"the word {found[1]!r} in the layer name {name!r}"
    return None


def _brand_text(atom: Atom, brand: BrandRules | None) -> bool:
    if brand is None or not atom.copy:
        return False
    said = "".join(atom.copy.split()).casefold()
    return any(said == "".join(n.split()).casefold() for n in (brand.name, brand.wordmark) if n)


def _panel_role(atom: Atom, scene: Scene) -> str:
    box = atom.panel.bbox if atom.panel is not None and atom.panel.bbox else atom.box
    aspect = box.width / max(1.0, box.height)
    if aspect <= BADGE_ASPECT and box.area <= LOGO_AREA * 2 * scene.width * scene.height:
        return "badge"
    return "cta" if box.height <= CTA_HEIGHT * scene.height and aspect >= 2 else "other"


def _first(atom: Atom, scene: Scene, look: Look, brand: BrandRules | None
           ) -> tuple[str, str, str] | None:
    """Rules 1-4: (role, rule, why), or None."""
    named = _by_name(atom, scene)
    # text takes a picture role from a name only along with a picture of that kind (a
    # `Product` group: its bottle and the copy printed on it; not a `Product` group's caption)
    pictured = not atom.is_text or any(
        la.kind != "type" and _photographic(la, look) for la in atom.layers)
    if named is not None and (named[0] not in PICTURE_ROLES or pictured):
        return named[0], "name-word", named[1]
    small = atom.box.area <= LOGO_LARGEST * scene.width * scene.height  # a logo is a mark
    if small and any(look.is_logo(la) for la in atom.layers if la.kind != "type"):
        return "logo", "logo-master", "matches the brand's logo master"
    if _brand_text(atom, brand):
        return "logo", "brand-name", "sets the brand's name"
    said = copy_role(atom.copy) if atom.copy else None
    if said is not None:
        return said, "copy", f"the copy {atom.copy!r} reads as a {said}"
    if atom.struck:
        return "price", "copy", "struck-through copy: an old price (with its new one)"
    if atom.is_text and atom.panel is not None:
        role = _panel_role(atom, scene)
        return role, "panel", f"text on the panel {atom.panel.path_str!r}"
    return None


def _photographic(layer: Layer, look: Look) -> bool:
    """A cut-out that can be a product: a pixel or smart-object layer with real transparency
    whose ink is neither one flat colour (a shape) nor a soft dark shade (a shadow)."""
    if layer.kind not in ("pixel", "smartobject") or not look.has_alpha(layer):
        return False
    ink = look.ink(layer)
    return ink is None or not (ink.flat or ink.shadow_like)


def _products(rest: list[Atom], look: Look, named: list[Atom]) -> list[Atom]:
    """Photographic cut-outs that are products: the largest (unless a name gave one) and any
    other at least SECOND_PRODUCT of the largest product's size."""
    cut_outs = sorted((a for a in rest if not a.is_text
                       and any(_photographic(la, look) for la in a.layers)),
                      key=lambda a: a.box.area, reverse=True)
    if not cut_outs and not named:
        return []
    largest = max(a.box.area for a in [*named, *cut_outs[:1]])
    return [a for a in cut_outs if a.box.area >= SECOND_PRODUCT * largest]


def _is_corner_mark(atom: Atom, scene: Scene, headline: Atom | None) -> bool:
    box = atom.box
    small = box.area <= LOGO_AREA * scene.width * scene.height
    top = box.y1 <= LOGO_CORNER * scene.height * 1.5 and box.y0 <= LOGO_CORNER * scene.height
    above = headline is None or box.y1 <= headline.box.y0 + 1
    return small and top and above and atom is not headline


def _text_roles(texts: list[Atom], scene: Scene, logo_taken: bool, named: Atom | None
                ) -> list[tuple[Atom, str, str, str]]:
    """Rule 6 for text atoms no earlier rule decided (`named`: the headline a name decided)."""
    if not texts:
        return []
    out: list[tuple[Atom, str, str, str]] = []
    headline = named
    if headline is None:
        headline = max(texts, key=lambda a: (a.apparent, -a.box.y0))
        out.append((headline, "headline", "largest-type", "the largest text"))
    size = headline.apparent or max(a.apparent for a in texts)
    for atom in sorted(texts, key=lambda a: (a.box.y0, a.box.x0)):
        if atom is headline:
            continue
        if not logo_taken and _is_corner_mark(atom, scene, headline):
            out.append((atom, "logo", "corner", "a small mark in a top corner above the copy"))
            logo_taken = True
        elif atom.apparent <= LEGAL_SIZE * size and atom.box.y0 >= 0.8 * scene.height:
            out.append((atom, "legal", "reading-order", "small text at the bottom"))
        else:
            out.append((atom, "sub", "reading-order", "text below the largest text"))
    return out


def _shade(atom: Atom, look: Look) -> bool:
    inks = [look.ink(la) for la in atom.layers]
    return all(ink is not None and ink.shadow_like for ink in inks)


def _shadows(products: list[Atom], rest: list[Atom], look: Look) -> dict[int, Atom]:
    """id(shadow atom) -> the product it belongs to: a soft dark shade touching a product (a
    contact or drop shadow), or any layer without text lying SHADOW_OVERLAP on one."""
    out: dict[int, Atom] = {}
    for atom in rest:
        if atom.is_text or atom in products:
            continue
        best = min(products, key=lambda p: (-atom.box.overlap(p.box), atom.box.gap(p.box)),
                   default=None)
        if best is None:
            continue
        touching = atom.box.gap(best.box) <= TOUCH * best.box.height
        if (_shade(atom, look) and touching) or (
                atom.box.shared(best.box) >= SHADOW_OVERLAP * atom.box.area):
            out[id(atom)] = best
    return out


def decide(atoms: list[Atom], scene: Scene, look: Look, brand: BrandRules | None
           ) -> tuple[list[Decided], dict[int, Atom]]:
    """Each atom that is not picture with its role, and {id(shadow atom): its product}."""
    decided: list[Decided] = []
    rest: list[Atom] = []
    for atom in atoms:
        first = _first(atom, scene, look, brand)
        if first is None:
            rest.append(atom)
        else:
            decided.append(Decided(atom, *first))
    taken = {d.role for d in decided}
    named_products = [d.atom for d in decided if d.role == "product"]
    products = _products(rest, look, named_products)
    decided += [Decided(p, "product", "largest-alpha", "the largest photographic cut-out"
                        if i == 0 and not named_products
                        else "a photographic cut-out near the largest product's size")
                for i, p in enumerate(products)]
    shadows = _shadows([d.atom for d in decided if d.role == "product"],
                       [a for a in rest if a not in products], look)
    texts = [a for a in rest if a.is_text and a not in products]
    named = next((d.atom for d in decided if d.role == "headline"), None)
    decided += [Decided(*t) for t in _text_roles(texts, scene, "logo" in taken, named)]
    return decided, shadows
