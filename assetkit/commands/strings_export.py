"""`assetkit strings export`: the text layers of PSDs out to translators (XLIFF 1.2 or CSV)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..localize.translators import MachineTranslation
from ..localize.units import StringUnit
from ..model import Campaign
from .campaign import campaign_brand, open_campaign


@dataclass(frozen=True)
class StringsFile:
    """The strings file written: where, its format, the units and the MT provider used."""

    path: Path
    format: str
    units: tuple[StringUnit, ...]
    sources: int
    machine: str | None = None


def strings_export(psds: Sequence[Path], output_file: Path, *, fmt: str | None = None,
                   source_lang: str | None = None, target_lang: str | None = None,
                   mt: MachineTranslation | None = None, brand: Path | None = None,
                   campaign: Campaign | Path | None = None) -> StringsFile:
    """One XLIFF 1.2 (or CSV: `fmt`, default from the file's suffix) file with a unit per text
    layer of `psds`; with `mt`, targets machine-translated into `target_lang` (the brand's
    glossary and protected terms applied), state needs-review-translation."""
    from ..localize.strings import export_strings
    from ..localize.translators import machine_translator

    fmt = fmt or ("csv" if Path(output_file).suffix.lower() == ".csv" else "xliff")
    translator = None
    if mt is not None:
        campaign, _ = open_campaign(campaign)
        rules, _ = campaign_brand(campaign, brand)
        translator = machine_translator(mt, rules)
    units = export_strings(list(psds), Path(output_file), fmt, source_lang, target_lang,
                           translator=translator)
    return StringsFile(Path(output_file), fmt, tuple(units), len(psds),
                       mt.provider if mt else None)
