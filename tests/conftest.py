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
