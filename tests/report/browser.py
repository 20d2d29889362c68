"""A headless Chromium for the report's tests: Debian's `chromium` driven by Playwright through
`executable_path` (Playwright's own browser downloads are never used). Without the browser or
Playwright a test skips naming the install; with CI=true it fails (.ci/run installs both)."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

INSTALL = ("apt-get install chromium; pip install playwright with "
           "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1")
REPO = Path(__file__).resolve().parents[2]


def _missing(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: .ci/run installs it)")
    pytest.skip(f"{message} ({INSTALL})")


def chromium_path() -> str:
    found = os.environ.get("ASSETKIT_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if not found:
        _missing("no chromium on PATH")
    return str(found)


def artefacts_dir() -> Path:
    """Where screenshots are kept after the run: $ASSETKIT_ARTEFACTS, else test-artefacts/ in
    the repository (git-ignored)."""
    folder = Path(os.environ.get("ASSETKIT_ARTEFACTS") or REPO / "test-artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def chromium() -> Iterator[object]:
    """A launched headless browser (Playwright's Browser)."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable,
                                         args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()
