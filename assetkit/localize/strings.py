"""String files: a PSD's text layers -> XLIFF or CSV units, and a translations file -> targets."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..document import open_document
from ..errors import UsageError
from ..fsutil import write_atomic
from .csvio import read_csv, to_csv
from .provider import Translator
from .translators import machine_translate
from .units import StringUnit, Translation, scene_strings, source_language, with_targets
from .xliff import read_xliff, to_xliff


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


def sniff_format(path: Path) -> str:
    """xliff or csv, by extension, else by the first non-blank character."""
    suffix = Path(path).suffix.lower()
    if suffix in (".xlf", ".xliff", ".xml"):
        return "xliff"
    if suffix in (".csv", ".tsv"):
        return "csv"
    with open(path, "rb") as handle:
        head = handle.read(512).decode("utf-8-sig", errors="replace").lstrip()
    return "xliff" if head.startswith("<") else "csv"


def load_translations(path: Path) -> dict[str, Translation]:
    """{id: Translation} from an XLIFF 1.2 or CSV strings file (texts back in PSD form)."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: translations file not found")
    return read_xliff(path) if sniff_format(path) == "xliff" else read_csv(path)


def render_strings(units: Sequence[StringUnit], fmt: str = "xliff", source_lang: str = "en",
                   target_lang: str | None = None) -> bytes:
    """The bytes of a strings file in `fmt` (xliff or csv)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown strings format '{fmt}' (expected one of {', '.join(FORMATS)})")
    return to_xliff(units, source_lang, target_lang) if fmt == "xliff" else to_csv(units)


def export_strings(paths: Sequence[Path], out: Path, fmt: str = "xliff",
                   source_lang: str | None = None,
                   target_lang: str | None = None,
                   translations: Mapping[str, Translation] | None = None,
                   translator: Translator | None = None) -> list[StringUnit]:
    """Write the strings of `paths` to `out` (atomically); with `translations`, as targets; with
    a `translator` (needs `target_lang`), machine output marked needs-review-translation.
    Without `source_lang`, the language of the text (units.source_language)."""
    units = extract_all(paths, target_lang)
    if translator is not None:
        if not target_lang:
            raise UsageError("machine translation needs a target language (--to LANG)")
        machine = machine_translate(units, translator, source_lang, target_lang)
        kept = {uid: tr for uid, tr in machine.translations.items() if uid not in machine.lost}
        translations = {**kept, **(translations or {})}
    source_lang = source_lang or source_language([u.source for u in units])
    if translations:
        units = with_targets(units, translations)
    write_atomic(Path(out), render_strings(units, fmt, source_lang, target_lang))
    return units
