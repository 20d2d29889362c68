"""String files: a PSD's text layers -> XLIFF or CSV units, and a translations file (XLIFF,
PO or CSV) -> targets."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..document import open_document
from ..errors import UsageError
from ..fsutil import write_atomic
from .csvio import read_csv, to_csv
from .matching import Translations
from .provider import Translator
from .translate_toolkit import read_po, read_xliff, xliff_bytes
from .translators import machine_translate
from .units import StringUnit, Translation, scene_strings, with_targets


def extract_strings(path: Path, target_lang: str | None = None) -> list[StringUnit]:
    """The string units of a PSD's type layers."""
    return scene_strings(open_document(Path(path)).scene, target_lang)


def extract_all(paths: Sequence[Path], target_lang: str | None = None) -> list[StringUnit]:
    """Units of several PSDs; two documents with the same stem would share ids: refused."""
    units: list[StringUnit] = []
    stems: dict[str, Path] = {}
    for path in paths:
        stem = Path(path).stem
        if stem in stems:
            raise UsageError(f"{path} and {stems[stem]} have the same name '{stem}': string "
                             f"ids (<name>#<layer id>) would collide; rename one")
        stems[stem] = Path(path)
        units.extend(extract_strings(Path(path), target_lang))
    return units


FORMATS = ("xliff", "csv")
_SUFFIXES = {".xlf": "xliff", ".xliff": "xliff", ".xml": "xliff", ".po": "po", ".pot": "po",
             ".csv": "csv", ".tsv": "csv"}


def sniff_format(path: Path) -> str:
    """xliff, po or csv, by extension, else by the first non-blank character."""
    if Path(path).suffix.lower() in _SUFFIXES:
        return _SUFFIXES[Path(path).suffix.lower()]
    with open(path, "rb") as handle:
        head = handle.read(512).decode("utf-8-sig", errors="replace").lstrip()
    return ("xliff" if head.startswith("<") else
            "po" if head.startswith(("#", "msgid", "msgctxt")) else "csv")


def load_translations(path: Path) -> Translations:
    """The units of an XLIFF 1.2 or 1.1, PO or CSV translations file, looked up by a source
    unit's id (matching.Translations; texts back in PSD form)."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: translations file not found")
    readers = {"xliff": read_xliff, "po": read_po, "csv": read_csv}
    return Translations(readers[sniff_format(path)](path), path.name)


def render_strings(units: Sequence[StringUnit], fmt: str = "xliff",
                   source_lang: str | None = None, target_lang: str | None = None) -> bytes:
    """The bytes of a strings file in `fmt` (xliff or csv). Without `source_lang`, each PSD's
    <file source-language> is the language of its own text (units.source_language)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown strings format '{fmt}' (expected one of {', '.join(FORMATS)})")
    return xliff_bytes(units, source_lang, target_lang) if fmt == "xliff" else to_csv(units)


def export_strings(paths: Sequence[Path], out: Path, fmt: str = "xliff",
                   source_lang: str | None = None,
                   target_lang: str | None = None,
                   translations: Mapping[str, Translation] | None = None,
                   translator: Translator | None = None) -> list[StringUnit]:
    """Write the strings of `paths` to `out` (atomically); with `translations`, as targets; with
    a `translator` (needs `target_lang`), machine output marked needs-review-translation.
    Without `source_lang`, the language of each PSD's text (units.source_language)."""
    units = extract_all(paths, target_lang)
    if translator is not None:
        if not target_lang:
            raise UsageError("machine translation needs a target language (--to LANG)")
        machine = machine_translate(units, translator, source_lang, target_lang)
        kept = {uid: tr for uid, tr in machine.translations.items() if uid not in machine.lost}
        translations = {**kept, **(translations or {})}
    if translations:
        units = with_targets(units, translations)
    write_atomic(Path(out), render_strings(units, fmt, source_lang, target_lang))
    return units
