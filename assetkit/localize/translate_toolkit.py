"""XLIFF and PO files through translate-toolkit's storage classes, the translators' own library:
the only module importing `translate`. Writes XLIFF 1.2; reads XLIFF 1.2 and 1.1 and PO."""
from __future__ import annotations

import xml.parsers.expat
from collections.abc import Sequence
from pathlib import Path

from translate.storage import po, xliff
from translate.storage.base import TranslateToolkitError

from ..errors import InvalidConfig
from .units import FileUnit, StringUnit, from_file_text, source_language, to_file_text

NS = "urn:oasis:names:tc:xliff:document:1.2"
NEEDS_TRANSLATION = "needs-translation"
# Where an assetkit id travels: xliff2po writes it as the PO entry's `#:` reference, po2xliff
# as <context-group purpose="location"> again (po-reference).
LOCATION = "location"


class _Unit(xliff.xliffunit):
    namespace = NS
    # Text is read as written even where a tool dropped xml:space="preserve": a PSD's
    # paragraphs and spaces are the text (translate-toolkit would normalise them).
    _default_xml_space = "preserve"


class _Xliff12(xliff.xlifffile):
    """translate-toolkit's XLIFF store writing 1.2 (a new store is 1.1 by default; reading,
    the file's own version counts); its placeholder <file> is taken over by the first PSD
    (Xliff1File.createfilenode)."""

    UnitClass = _Unit
    namespace = NS
    XMLskeleton = (f'<?xml version="1.0" ?>\n<xliff version="1.2" xmlns="{NS}">'
                   f'<file original="NoName" source-language="en" datatype="x-psd"><body/>'
                   f'</file></xliff>')


def xliff_bytes(units: Sequence[StringUnit], source_lang: str | None,
                target_lang: str | None = None) -> bytes:
    """The units as XLIFF 1.2: one <file> per PSD (its source-language `source_lang`, else the
    language of that PSD's text), one trans-unit per layer with the id as a location and the
    box, width and font as a developer note."""
    store = _Xliff12()
    for document in dict.fromkeys(u.document for u in units):
        mine = [u for u in units if u.document == document]
        store.switchfile(document, createifmissing=True)
        node = store.getfilenode(document)
        node.set("source-language", source_lang or source_language([u.source for u in mine]))
        node.set("datatype", "x-psd")
        if target_lang:
            node.set("target-language", target_lang)
        for unit in mine:
            _trans_unit(store, unit)
    return bytes(store)


def _trans_unit(store: _Xliff12, unit: StringUnit) -> None:
    tu = store.addsourceunit(to_file_text(unit.source), unit.document)
    tu.setid(unit.id)
    element = tu.xmlelement
    element.set("resname", unit.resname)
    if unit.maxwidth:
        element.set("maxwidth", str(unit.maxwidth))
        element.set("size-unit", "char")
    if unit.coord:
        element.set("coord", ";".join(str(v) for v in unit.coord))
    if unit.font:
        element.set("font", unit.font)
    # An empty <target state="needs-translation"/> tells CAT tools there is work to do; the
    # element is built by the store, then given its state.
    tu.settarget(to_file_text(unit.target) or "")
    target = tu.getlanguageNode(index=1)
    if target is not None:
        target.set("state", unit.state or ("translated" if unit.target else NEEDS_TRANSLATION))
    # named by the id: the strict schema wants context-group names unique within a <file>
    tu.createcontextgroup(unit.id, [("sourcefile", unit.id)], purpose=LOCATION)
    if unit.note:
        tu.addnote(unit.note, origin="developer")


def read_xliff(path: Path) -> list[FileUnit]:
    """Every trans-unit of an XLIFF 1.2 or 1.1 file but a PO header: its id and locations,
    source, target (an empty one counts as none) and the target's state."""
    data = _safe_xml(path)
    try:
        store = _Xliff12.parsestring(data)
    except (ValueError, AssertionError, TranslateToolkitError) as exc:
        raise InvalidConfig(f"{path}: not a readable XLIFF 1.x file ({exc})") from None
    out = []
    for tu in store.units:
        if tu.isheader() or tu.getrestype() == "x-gettext-domain-header":
            continue
        if not tu.xmlelement.get("id"):
            raise InvalidConfig(f"{path}: a <trans-unit> has no id attribute")
        target = tu.getlanguageNode(index=1)
        out.append(FileUnit(
            id=str(tu.xmlelement.get("id")), locations=tuple(tu.getlocations()),
            source=from_file_text(str(tu.source or "")),
            target=from_file_text(str(tu.target or "")),
            state=(target.get("state", "") if target is not None else "")))
    return out


def read_po(path: Path) -> list[FileUnit]:
    """Every entry of a PO file but its header: msgctxt as the id, `#:` references as the
    locations; a fuzzy entry's state is needs-review-translation."""
    try:
        store = po.pofile(Path(path).read_bytes())
    except (ValueError, TranslateToolkitError) as exc:
        raise InvalidConfig(f"{path}: not a readable PO file ({exc})") from None
    out = []
    for entry in store.units:
        if entry.isheader() or entry.isblank():
            continue
        target = str(entry.target or "")
        state = ("" if not target else "needs-review-translation" if entry.isfuzzy()
                 else "translated")
        out.append(FileUnit(id=str(entry.getcontext() or ""),
                            locations=tuple(entry.getlocations()),
                            source=from_file_text(str(entry.source or "")),
                            target=from_file_text(target), state=state))
    return out


def _safe_xml(path: Path) -> bytes:
    """The file's bytes once expat has read them through: well-formed, an XLIFF 1.x root, and
    no entity declared. An <!ENTITY> is how a file or URL would be read into a translation
    (external entities) or a few bytes blown up to gigabytes (entity bombs); XLIFF needs none,
    so a file declaring one is refused before translate-toolkit sees it (a DOCTYPE naming the
    XLIFF 1.1 DTD is fine: no DTD is ever loaded)."""
    data = Path(path).read_bytes()
    parser = xml.parsers.expat.ParserCreate()

    def refuse(*_args: object) -> None:
        raise InvalidConfig(f"{path}:{parser.CurrentLineNumber}: an entity declaration "
                            f"(<!ENTITY>) is not allowed in a translations file")

    elements: list[tuple[str, dict]] = []  # the root, then the first <file>

    def start(name: str, attrs: dict) -> None:
        if not elements or (len(elements) == 1 and name.rpartition(":")[2] == "file"):
            elements.append((name.rpartition(":")[2], attrs))

    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise InvalidConfig(f"{path}:{exc.lineno}:{exc.offset}: not well-formed XLIFF: "
                            f"{xml.parsers.expat.ErrorString(exc.code)}") from None
    root, attrs = elements[0] if elements else ("", {})
    if root != "xliff":
        raise InvalidConfig(f"{path}: not an XLIFF file (root element <{root}>)")
    if attrs.get("version", "1").startswith("2"):
        raise InvalidConfig(f"{path}: XLIFF {attrs['version']} is not read; save the file as "
                            f"XLIFF 1.2 or PO")
    if len(elements) < 2:
        raise InvalidConfig(f"{path}: no <file> element in the XLIFF")
    return data
