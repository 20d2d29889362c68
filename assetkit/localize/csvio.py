"""CSV strings files for spreadsheet users: UTF-8 with BOM, RFC 4180 quoting, CRLF rows."""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from ..errors import InvalidConfig
from .units import FileUnit, StringUnit, from_file_text, to_file_text

COLUMNS = ("id", "resname", "source", "target", "maxwidth", "font", "coord", "note")
REQUIRED = ("id", "source", "target")


def to_csv(units: Sequence[StringUnit]) -> bytes:
    """The units as CSV bytes (the BOM makes Excel on Korean Windows read UTF-8)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for u in units:
        writer.writerow([u.id, u.resname, to_file_text(u.source), to_file_text(u.target),
                         u.maxwidth or "", u.font,
                         ";".join(str(v) for v in u.coord) if u.coord else "", u.note])
    return buffer.getvalue().encode("utf-8-sig")


def read_csv(path: Path) -> list[FileUnit]:
    """The rows of a CSV with at least id, source and target columns (blank ids skipped)."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidConfig(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start}); save the "
                            f"sheet as 'CSV UTF-8'") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or ())]
    if missing:
        raise InvalidConfig(f"{path}:1: missing column(s) {', '.join(missing)}; expected "
                            f"{','.join(COLUMNS)}")
    return [FileUnit(id=uid, source=from_file_text(row.get("source") or ""),
                     target=from_file_text(row.get("target") or ""),
                     state=(row.get("state") or "").strip())
            for row in reader if (uid := (row.get("id") or "").strip())]
