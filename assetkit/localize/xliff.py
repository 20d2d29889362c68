"""XLIFF 1.2 writer and reader (stdlib ElementTree): one <file> per PSD, one trans-unit per layer."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from ..errors import InvalidConfig
from .units import StringUnit, Translation, from_file_text, to_file_text

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NEEDS_REVIEW = "needs-review-translation"
NEEDS_TRANSLATION = "needs-translation"


def to_xliff(units: Sequence[StringUnit], source_lang: str, target_lang: str | None = None
             ) -> bytes:
    """The units as an XLIFF 1.2 document, grouped by PSD in order of first appearance."""
    # Unqualified tags plus an explicit xmlns attribute: no global ET.register_namespace.
    root = ET.Element("xliff", {"xmlns": NS, "version": "1.2"})
    bodies: dict[str, ET.Element] = {}
    for unit in units:
        if unit.document not in bodies:
            attrs = {"original": unit.document, "source-language": source_lang,
                     "datatype": "x-psd"}
            if target_lang:
                attrs["target-language"] = target_lang
            bodies[unit.document] = ET.SubElement(ET.SubElement(root, "file", attrs), "body")
        _trans_unit(bodies[unit.document], unit)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _trans_unit(body: ET.Element, unit: StringUnit) -> None:
    attrs = {"id": unit.id, "resname": unit.resname}
    if unit.maxwidth:
        attrs.update({"maxwidth": str(unit.maxwidth), "size-unit": "char"})
    if unit.coord:
        attrs["coord"] = ";".join(str(v) for v in unit.coord)
    if unit.font:
        attrs["font"] = unit.font
    attrs[XML_SPACE] = "preserve"
    element = ET.SubElement(body, "trans-unit", attrs)
    ET.SubElement(element, "source").text = to_file_text(unit.source)
    target = ET.SubElement(element, "target",
                           {"state": unit.state or (NEEDS_TRANSLATION if not unit.target
                                                    else "translated")})
    target.text = to_file_text(unit.target) or None
    if unit.note:
        ET.SubElement(element, "note", {"from": "assetkit"}).text = unit.note


def read_xliff(path: Path) -> dict[str, Translation]:
    """{trans-unit id: Translation}; an empty <target> counts as no translation."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        line, column = exc.position
        raise InvalidConfig(f"{path}:{line}:{column}: not well-formed XLIFF: {exc.msg}") from None
    if _local(root.tag) != "xliff":
        raise InvalidConfig(f"{path}: not an XLIFF file (root element <{_local(root.tag)}>)")
    out: dict[str, Translation] = {}
    for unit in root.iter():
        if _local(unit.tag) != "trans-unit":
            continue
        uid = unit.get("id")
        if not uid:
            raise InvalidConfig(f"{path}: a <trans-unit> has no id attribute")
        source, target = _child(unit, "source"), _child(unit, "target")
        out[uid] = Translation(
            source=from_file_text(_text(source)),
            target=from_file_text(_text(target)),
            state=(target.get("state", "") if target is not None else ""))
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _text(element: ET.Element | None) -> str:
    # Inline markup a CAT tool may add (<g>, <mrk>) keeps its text; placeholders (<x/>) vanish.
    return "".join(element.itertext()) if element is not None else ""
