"""Shared test fixtures: where the real Photoshop files are, and small generated PSDs."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(os.environ.get("ASSETKIT_FIXTURES", REPO.parent / "shared" / "fixtures" / "psd"))


def real_psd(name: str) -> Path:
    """A real Photoshop file from ../shared/fixtures/psd, or skip with the reason."""
    path = FIXTURES / name
    if not path.is_file():
        pytest.skip(f"real fixture {name} not found under {FIXTURES} (set ASSETKIT_FIXTURES)")
    return path


def all_real_psds() -> list[str]:
    if not FIXTURES.is_dir():
        return []
    return sorted(p.name for p in FIXTURES.iterdir() if p.suffix.lower() in (".psd", ".psb"))


@pytest.fixture
def fixtures_dir() -> Path:
    if not FIXTURES.is_dir():
        pytest.skip(f"real fixtures not found under {FIXTURES} (set ASSETKIT_FIXTURES)")
    return FIXTURES


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Keep font caches and crash logs out of the user's home during tests."""
    cache = tmp_path_factory.getbasetemp() / "cache"
    monkeypatch.setenv("ASSETKIT_CACHE_DIR", str(cache))


def need_faces(fonts, *families: str) -> None:
    """Skip unless every family (a substitute the table names) is installed; with CI=true, fail:
    CI installs the packages (.ci/run), so a missing face there is a broken setup."""
    missing = [family for family in families if not fonts.family_faces(family)]
    if not missing:
        return
    packages = sorted({fonts.table.packages.get(family, "?") for family in missing})
    message = (f"substitute faces not installed: {', '.join(missing)} "
               f"(apt-get install {' '.join(packages)})")
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def machine_fonts(tmp_path_factory):
    """The resolver over this machine's installed and bundled fonts, no brand."""
    from assetkit.fonts.index import FontIndex
    from assetkit.fonts.resolve import FontResolver

    return FontResolver(FontIndex.build(cache_dir=tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="session")
def ci_fonts(machine_fonts):
    """`machine_fonts` with the packages CI installs (fonts-liberation2, fonts-noto-cjk)."""
    need_faces(machine_fonts, "Liberation Sans", "Liberation Serif", "Liberation Mono",
               "Noto Sans CJK KR", "Noto Sans CJK SC", "Noto Sans CJK JP")
    return machine_fonts
