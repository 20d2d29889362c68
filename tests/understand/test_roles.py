"""Roles: the @role naming convention, campaign glob rules, and heuristics (incl. the logo
master match) for untagged documents."""
from __future__ import annotations

import numpy as np
from PIL import Image

from assetkit.document import open_document
from assetkit.document.writer import PixelLayer, write_layered_psd
from assetkit.model import BrandRules, LogoRule
from assetkit.understand import understand
from assetkit.understand.roles import role_from_name
from tests.conftest import REPO
from tests.factories import CANVAS, ellipse, gradient, make_geometry_psd

MASTER = REPO / "brand_rules" / "haneul-logo.png"


def test_role_tags_in_names():
    assert role_from_name("Serum bottle @product") == "product"
    assert role_from_name("@Background") == "bg"
    assert role_from_name("Buy now @button") == "cta"
    assert role_from_name("email@example") is None


def test_tagged_names_win_and_rules_tag_what_cannot_be_renamed(tmp_path):
    doc = open_document(make_geometry_psd(tmp_path / "geo.psd"))
    understood = understand(doc)
    scene, findings = understood.scene, understood.findings
    assert findings == ()
    assert {la.name: la.role for la in scene.layers}["@cta"] == "cta"
    scene = understand(doc, [("@sub", "legal")]).scene
    assert {la.name: la.role for la in scene.layers}["@sub"] == "sub"  # a tag beats a rule


def _untagged(path):
    with Image.open(MASTER) as logo:
        logo = logo.convert("RGBA")
    product = ellipse((400, 600), (200, 30, 120))
    lit = np.linspace(0.45, 1.0, 400)[None, :, None] * np.array([200, 30, 120])  # not flat
    product = Image.merge("RGBA", (*Image.fromarray(np.broadcast_to(lit, (600, 400, 3)).astype(
        np.uint8), "RGB").split(), product.getchannel("A")))
    layers = [PixelLayer("Layer 0", gradient(CANVAS)),
              PixelLayer("Layer 1", product, 1300, 450),
              PixelLayer("Layer 2", logo, 100, 80)]
    return write_layered_psd(path, CANVAS, layers)


def test_heuristics_find_the_logo_by_its_master(tmp_path):
    doc = open_document(_untagged(tmp_path / "untagged.psd"))
    understood = understand(doc, brand=BrandRules(logo=LogoRule(masters=(MASTER,))))
    scene, findings = understood.scene, understood.findings
    roles = {la.name: la.role for la in scene.layers}
    assert roles == {"Layer 0": None, "Layer 1": "product", "Layer 2": "logo"}  # 0: the plate
    assert {f.code for f in findings} == {"roles.heuristic"} and len(findings) == 2


def test_without_a_master_the_logo_is_not_guessed(tmp_path):
    doc = open_document(_untagged(tmp_path / "untagged.psd"))
    scene = understand(doc).scene
    assert "logo" not in {la.role for la in scene.layers}
