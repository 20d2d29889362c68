"""A translations file's units -> the translation of each source unit: by id, then by location
(where the PO round trips carry assetkit's id), a filled target always before an empty one;
and the file's units that match no source unit, named."""
from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

from ..model import Finding
from .units import FileUnit, Translation

UNKNOWN = "localize.unknown-unit"
OTHER_PSD = "localize.other-psd"
FILE_CODES = (UNKNOWN, OTHER_PSD)


class Translations(Mapping[str, Translation]):
    """The units of one translations file, looked up by a source unit's id. A unit answers to
    its id first, then to each of its locations (po2xliff gives its units new ids and keeps
    assetkit's as a location; `po2xliff -t` adds them after the template's empty units)."""

    def __init__(self, units: Iterable[FileUnit], file: str = "") -> None:
        self.units = tuple(units)
        self.file = file
        self._by_key = _resolve(self.units)

    def __getitem__(self, key: str) -> Translation:
        return self._by_key[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)

    def __repr__(self) -> str:
        return f"Translations({self.file!r}, {len(self.units)} units)"


def _filled(unit: FileUnit) -> bool:
    return bool(unit.target.strip())


def _resolve(units: Sequence[FileUnit]) -> dict[str, Translation]:
    """{key: translation}: per key the id match, unless it is empty and a location match is
    filled. Within one kind a later filled unit replaces an earlier one (the newer edit) and an
    empty one never replaces a filled one."""
    by_id: dict[str, FileUnit] = {}
    by_location: dict[str, FileUnit] = {}
    for unit in units:
        for table, keys in ((by_id, (unit.id,) if unit.id else ()), (by_location, unit.locations)):
            for key in keys:
                held = table.get(key)
                if held is None or _filled(unit) or not _filled(held):
                    table[key] = unit
    out = {}
    for key in dict.fromkeys([*by_id, *by_location]):
        found = [t[key] for t in (by_id, by_location) if key in t]
        out[key] = next((u for u in found if _filled(u)), found[0]).translation
    return out


def _stems(unit: FileUnit) -> set[str]:
    """The PSD stems the unit's keys name (an assetkit id is `<stem>#<layer id>`)."""
    return {key.rpartition("#")[0] for key in (unit.id, *unit.locations) if "#" in key}


def file_findings(translations: Translations, ids: Collection[str], stems: Collection[str],
                  failed: Collection[str] = ()) -> list[Finding]:
    """One error naming the file's units that match no text layer of the run's sources (`ids`,
    from the PSDs whose stems are `stems`); units for PSDs not in the run are one info, units
    of a source that `failed` are left to that source's error."""
    unknown: list[FileUnit] = []
    elsewhere: dict[str, None] = {}
    ids, stems, failed = set(ids), set(stems), set(failed)
    for unit in translations.units:
        named = _stems(unit)
        if unit.id in ids or any(loc in ids for loc in unit.locations) or named & failed:
            continue
        if named and not named & stems:
            elsewhere.update(dict.fromkeys(sorted(named)))
        else:
            unknown.append(unit)
    findings = []
    if unknown:
        findings.append(Finding(UNKNOWN, "error", f"{len(unknown)} unit(s) of "
                                f"{translations.file} match no text layer of the sources: "
                                f"{', '.join(u.name for u in unknown)}"))
    if elsewhere:
        findings.append(Finding(OTHER_PSD, "info", f"{translations.file} also holds units for "
                                f"PSDs not in this run ({', '.join(elsewhere)}); not used"))
    return findings
