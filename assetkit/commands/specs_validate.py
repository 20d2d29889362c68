"""`assetkit specs validate PATH...`: every problem of spec files, one line each."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import AssetkitError, ExitCode


@dataclass(frozen=True)
class SpecFile:
    """One spec file checked: its problems (file:line: key.path: problem) and warnings; the
    platform id and slot count when it loaded."""

    path: Path
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    platform: str | None = None
    slots: int = 0


@dataclass(frozen=True)
class SpecsValidation:
    files: tuple[SpecFile, ...]

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.USAGE if any(f.problems for f in self.files) else ExitCode.OK


def _spec_files(path: Path) -> list[Path] | SpecFile:
    if not path.is_dir():
        return [path]
    found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
    return found or SpecFile(path, (f"{path}: no *.yaml or *.yml spec files in this folder",))


def _check(path: Path) -> SpecFile:
    """Every problem of the file (config.validate_spec), and what it defines when it has none."""
    from ..config import load_spec, validate_spec

    found = validate_spec(path)
    problems = tuple(p.message for p in found if p.severity == "error")
    warnings = tuple(p.message for p in found if p.severity == "warning")
    if problems:
        return SpecFile(path, problems, warnings)
    try:
        spec = load_spec(path)
    except AssetkitError as exc:  # the reader and the validator disagree: still said
        return SpecFile(path, (str(exc),), warnings)
    return SpecFile(path, (), warnings, spec.id, len(spec.slots))


def specs_validate(paths: Sequence[Path]) -> SpecsValidation:
    """Each spec file of `paths` (a folder: its *.yaml and *.yml files) checked."""
    files: list[SpecFile] = []
    for path in map(Path, paths):
        found = _spec_files(path)
        files += [found] if isinstance(found, SpecFile) else [_check(p) for p in found]
    return SpecsValidation(tuple(files))
