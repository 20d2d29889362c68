"""The rules that read design units from an untagged scene, one at a time, on synthetic scenes
with a scripted Look (what each layer's pixels would say)."""
from __future__ import annotations

from dataclasses import dataclass, field

from assetkit.geometry import Box
from assetkit.model import BrandRules
from assetkit.scene import Layer, Scene, TextInfo, TextRun
from assetkit.understand.atoms import Ink, RasterText
from assetkit.understand.units import untagged_units

PHOTO = Ink(120, 30, 255)
FLAT = Ink(40, 0.5, 250)
SHADE = Ink(20, 2, 80)


@dataclass
class ScriptedLook:
    """Look answers by layer name: ink facts, raster text (line height, on a panel)."""

    inks: dict[str, Ink] = field(default_factory=dict)
    texts: dict[str, RasterText] = field(default_factory=dict)
    logos: tuple[str, ...] = ()

    def has_alpha(self, layer: Layer) -> bool:
        return self.inks.get(layer.name, PHOTO).solidity < 256 and layer.name != "photo"

    def is_logo(self, layer: Layer) -> bool:
        return layer.name in self.logos

    def raster_text(self, layer: Layer):
        return self.texts.get(layer.name) if layer.kind == "pixel" else None

    def ink(self, layer: Layer):
        return self.inks.get(layer.name, PHOTO)

    def encloses(self, panel: Layer, inner: Box) -> bool:
        b = panel.bbox
        return b is not None and b.x0 <= inner.x0 and b.y0 <= inner.y0 and b.x1 >= inner.x1 \
            and b.y1 >= inner.y1


def _type(text: str, size: float) -> TextInfo:
    return TextInfo(text, (TextRun(text, "NotoSansKR-Bold", size, (0, 0, 0, 255)),), "left",
                    "point", None)


def scene(*specs) -> Scene:
    """specs: (name, kind, box, text size or None, parent index or None)."""
    layers = []
    for i, (name, kind, box, size, parent) in enumerate(specs):
        layers.append(Layer(id=i + 1, name=name, path=(name,) if parent is None else (
            specs[parent][0], name), kind=kind, visible=True, opacity=1, fill_opacity=1,
            blend_mode="normal", clipping=False, bbox=Box(*box) if box else None, index=i,
            parent=None if parent is None else parent + 1,
            text=_type(name, size) if kind == "type" else None))
    return Scene(3000, 3000, 72, "RGB", 8, tuple(layers), source="s")


def units_of(sc: Scene, look: ScriptedLook, brand=None) -> dict[str, tuple[str, str]]:
    units, _ = untagged_units(sc, look, brand)
    return {sc.by_id(i).name: (u.id, u.role) for u in units for i in u.layers}


def test_picture_stays_in_the_plate_and_text_never_does():
    sc = scene(("photo", "pixel", (0, 0, 3000, 3000), None, None),
               ("tone", "pixel", (0, 2000, 3000, 2600), None, None),
               ("BG", "pixel", (500, 500, 1500, 1500), None, None),
               ("Big summer sale", "type", (100, 100, 2000, 300), 180, None),
               ("Layer 12", "pixel", (100, 2100, 1800, 2200), None, None))
    look = ScriptedLook(inks={"tone": FLAT, "BG": FLAT}, texts={"Layer 12": RasterText(60)})
    got = units_of(sc, look)
    assert "photo" not in got and "tone" not in got and "BG" not in got
    assert got["Big summer sale"][1] == "headline"
    assert got["Layer 12"][1] == "sub"  # on the tone band: text is never the plate


def test_lines_set_one_under_the_other_are_one_paragraph():
    sc = scene(("Hydration you", "type", (100, 500, 1300, 640), 150, None),
               ("can feel", "type", (100, 680, 800, 820), 150, None),
               ("Ten seconds to brighter skin", "type", (100, 900, 1500, 960), 60, None))
    got = units_of(sc, ScriptedLook())
    assert got["Hydration you"] == got["can feel"] == ("headline", "headline")
    assert got["Ten seconds to brighter skin"][1] == "sub"


def test_text_joins_the_panel_under_it_and_the_panel_decides_the_role():
    sc = scene(("Rectangle 2 copy", "pixel", (100, 2400, 700, 2560), None, None),
               ("Layer 9", "type", (180, 2440, 620, 2520), 60, None),
               ("타원 1", "pixel", (2400, 100, 2800, 500), None, None),
               ("Layer 10", "type", (2480, 240, 2720, 360), 90, None),
               ("Title", "type", (100, 300, 2000, 500), 160, None))
    look = ScriptedLook(inks={"Rectangle 2 copy": FLAT, "타원 1": FLAT})
    got = units_of(sc, look)
    assert got["Layer 9"] == got["Rectangle 2 copy"] and got["Layer 9"][1] == "cta"
    assert got["Layer 10"] == got["타원 1"] and got["Layer 10"][1] == "badge"


def test_a_product_takes_its_shadow_and_a_second_product_is_found():
    sc = scene(("shadow", "pixel", (900, 2500, 1700, 2700), None, None),
               ("Layer 3", "pixel", (1000, 800, 1600, 2600), None, None),
               ("Layer 4", "pixel", (1800, 1200, 2200, 2600), None, None),
               ("Ellipse 2", "pixel", (2300, 200, 2500, 400), None, None),
               ("Headline", "type", (100, 100, 800, 300), 150, None))
    look = ScriptedLook(inks={"shadow": SHADE, "Ellipse 2": FLAT})
    got = units_of(sc, look)
    assert got["shadow"] == got["Layer 3"] == ("product", "product")
    assert got["Layer 4"] == ("product-2", "product")
    assert "Ellipse 2" not in got  # flat decoration: the plate, not a product


def test_a_button_on_a_decorative_disc_is_not_merged_with_it():
    sc = scene(("final", "pixel", (0, 2000, 900, 2900), None, None),
               ("button", "pixel", (300, 2300, 1100, 2450), None, None),
               ("Buy", "type", (400, 2330, 1000, 2420), 60, None),
               ("Headline", "type", (100, 100, 1800, 300), 150, None))
    look = ScriptedLook(inks={"final": FLAT, "button": FLAT})
    got = units_of(sc, look)
    assert "final" not in got and got["Buy"] == got["button"]


def test_copy_roles_brand_name_and_corner_logo():
    sc = scene(("Layer 5", "type", (100, 100, 500, 180), 60, None),
               ("맑은 피부의 시작", "type", (100, 400, 2000, 600), 160, None),
               ("29,900원", "type", (100, 700, 700, 800), 90, None),
               ("1+1", "type", (2500, 150, 2700, 250), 80, None),
               ("*이미지는 연출된 것으로 실제와 다를 수 있습니다.", "type",
                (100, 2850, 1500, 2890), 30, None))
    got = units_of(sc, ScriptedLook())
    assert got["Layer 5"][1] == "logo"  # a small mark in the top corner above the copy
    assert got["29,900원"][1] == "price" and got["1+1"][1] == "badge"
    assert got["*이미지는 연출된 것으로 실제와 다를 수 있습니다."][1] == "legal"
    named = scene(("PINO", "type", (1200, 1400, 1800, 1500), 90, None),
                  ("Title", "type", (100, 100, 1800, 300), 150, None))
    assert units_of(named, ScriptedLook(), BrandRules(name="Pino"))["PINO"][1] == "logo"


def test_role_words_in_group_names_speak_for_their_layers():
    sc = scene(("버튼", "group", (100, 2400, 700, 2560), None, None),
               ("Layer 1", "pixel", (100, 2400, 700, 2560), None, 0),
               ("Layer 2", "pixel", (150, 2430, 650, 2530), None, 0),
               ("Headline", "type", (100, 100, 1800, 300), 150, None))
    look = ScriptedLook(inks={"Layer 1": FLAT}, texts={"Layer 2": RasterText(40)})
    got = units_of(sc, look)
    assert got["Layer 1"] == got["Layer 2"] == ("cta", "cta")


def test_a_struck_through_old_price_joins_the_new_price():
    sc = scene(("Headline", "type", (100, 100, 1800, 300), 150, None),
               ("Layer 22 copy", "pixel", (100, 1000, 400, 1060), None, None),
               ("29,900원", "type", (100, 1100, 700, 1220), 110, None),
               ("Layer 23", "pixel", (100, 1400, 900, 1450), None, None))
    look = ScriptedLook(texts={"Layer 22 copy": RasterText(45, struck=True),
                               "Layer 23": RasterText(40)})
    got = units_of(sc, look)
    assert got["Layer 22 copy"] == got["29,900원"] == ("price", "price")
    assert got["Layer 23"][1] == "sub"


def test_a_contact_shadow_that_only_touches_the_product_moves_with_it():
    sc = scene(("shadow", "pixel", (900, 2600, 1700, 2700), None, None),
               ("Layer 3", "pixel", (1000, 800, 1600, 2600), None, None),
               ("Headline", "type", (100, 100, 800, 300), 150, None))
    got = units_of(sc, ScriptedLook(inks={"shadow": SHADE}))
    assert got["shadow"] == got["Layer 3"] == ("product", "product")


def test_a_photo_is_no_panel_and_a_product_group_name_gives_copy_no_product_role():
    loose = scene(("Layer 3", "pixel", (1000, 800, 1900, 2600), None, None),
                  ("Fresh every morning", "type", (1100, 1500, 1800, 1600), 90, None),
                  ("Headline", "type", (100, 100, 800, 300), 150, None))
    got = units_of(loose, ScriptedLook())  # Layer 3 is photographic: no panel for the copy
    assert got["Layer 3"][1] == "product" and got["Fresh every morning"][1] == "sub"
    grouped = scene(("Product", "group", (900, 500, 2000, 2600), None, None),
                    ("Layer 3", "pixel", (1000, 800, 1900, 2600), None, 0),
                    ("Fresh every morning", "type", (1100, 1500, 1800, 1600), 90, 0),
                    ("Product info", "group", (100, 2700, 900, 2800), None, None),
                    ("Ships in a day", "type", (100, 2700, 900, 2800), 60, 3),
                    ("Headline", "type", (100, 100, 800, 300), 150, None))
    got = units_of(grouped, ScriptedLook())
    assert got["Layer 3"] == got["Fresh every morning"] and got["Layer 3"][1] == "product"
    assert got["Ships in a day"][1] != "product"  # a caption in a `Product info` group


def test_a_headline_beside_a_struck_text_is_not_taken_for_a_price():
    sc = scene(("Layer 2", "pixel", (100, 80, 500, 140), None, None),
               ("Summer glow serum", "type", (100, 160, 2200, 400), 200, None))
    got = units_of(sc, ScriptedLook(texts={"Layer 2": RasterText(45, struck=True)}))
    assert got["Summer glow serum"] == ("headline", "headline")
    assert got["Layer 2"] != got["Summer glow serum"]
