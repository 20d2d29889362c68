"""Brand rules YAML -> BrandRules (fonts, logo, palette, glossary, severity overrides)."""
from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..model import SEVERITIES, BrandRules, LogoRule, SeverityOrOff, frozen_map
from . import yamlnodes as s
from .coded import phrase_rules
from .fonttable import substitutes

LEVELS: tuple[SeverityOrOff, ...] = (*SEVERITIES, "off")
SEVERITY_OR_OFF = s.one_of(*LEVELS)


def _level(node: s.Node) -> SeverityOrOff:
    """A severity, or off: YAML 1.1 reads an unquoted `off` (`no`, `false`) as false."""
    return "off" if node.value is False else SEVERITY_OR_OFF(node)


def severity_map(node: s.Node) -> dict[str, SeverityOrOff]:
    return {code: _level(v) for code, v in node.pairs()}


def _fonts(node: s.Node) -> dict:
    node.mapping(("allowed", "aliases", "dirs", "substitutes"))
    return {
        "allowed_fonts": node.get("allowed", s.list_of(s.text), ()),
        "font_aliases": frozen_map(node.get("aliases", s.str_map, {})),
        "font_dirs": node.get("dirs", s.list_of(s.relative_path), ()),
        "font_substitutes": node.get("substitutes", substitutes, ()),
    }


def _logo(node: s.Node) -> LogoRule:
    node.mapping(("masters", "required", "min_height_px", "clear_space"))
    masters = node.get("masters", s.list_of(_logo_master), ())
    return LogoRule(
        masters=masters, required=node.get("required", s.boolean, False),
        min_height_px=node.get("min_height_px", s.positive_number, 0),
        clear_space=node.get("clear_space", s.fraction, 0.0),
    )


def _logo_master(node: s.Node) -> Path:
    """A logo master's path, once the file is known to decode as an image (a broken master
    is a brand error now, not a failed check on every source later)."""
    path = s.relative_path(node)
    if not path.is_file():
        raise node.error(f"logo master not found: {s.display_path(path)}")
    try:
        with Image.open(path) as image:
            image.load()
    except UnidentifiedImageError:
        raise node.error(f"logo master {s.display_path(path)} is not an image file") from None
    except (OSError, ValueError, EOFError, SyntaxError, Image.DecompressionBombError) as exc:
        raise node.error(f"logo master {s.display_path(path)} is a broken image ({exc})") from None
    return path


def _palette(node: s.Node) -> dict:
    node.mapping(("colours", "colors", "tolerance"))
    key = "colours" if node.has("colours") else "colors"
    colours = node.get(key, lambda n: {k: s.hex_colour(v) for k, v in n.pairs()}, {})
    return {"palette": frozen_map(colours),
            "palette_tolerance": node.get("tolerance", s.positive_number, 6.0)}


BRAND_KEYS = ("name", "wordmark", "fonts", "logo", "palette", "glossary", "do_not_translate",
              "min_text_px", "mobile_min_css_px", "severity", "colour_profile", "forbid_phrases", "require_phrases")


def read_brand(doc: s.Document) -> BrandRules:
    root = doc.root().mapping(BRAND_KEYS)
    return BrandRules(
        name=root.get("name", s.text, ""), wordmark=root.get("wordmark", s.text, ""),
        **root.get("fonts", _fonts, {}),
        logo=root.get("logo", _logo, LogoRule()),
        **root.get("palette", _palette, {}),
        glossary=frozen_map(root.get("glossary", s.str_map, {})),
        do_not_translate=root.get("do_not_translate", s.list_of(s.text), ()),
        min_text_px=root.get("min_text_px", s.positive_number),
        mobile_min_css_px=root.get("mobile_min_css_px", s.positive_number),
        severity=frozen_map(root.get("severity", severity_map, {})),
        colour_profile=root.get("colour_profile", s.relative_path),
        phrases=phrase_rules(root), path=doc.path,
    )


def load_brand(path: Path, warnings: list[str] | None = None) -> BrandRules:
    return s.load(path, read_brand, warnings)
