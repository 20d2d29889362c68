"""The browser tests' setup: without chromium they skip naming the install, or with CI=true
fail (CI installs it: .ci/run)."""
from __future__ import annotations

import shutil

import pytest

from tests.report import browser


@pytest.fixture
def no_chromium(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("ASSETKIT_CHROMIUM", raising=False)


def test_a_missing_browser_skips_with_the_install_command(no_chromium, monkeypatch):
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        browser.chromium_path()


def test_a_missing_browser_fails_under_ci(no_chromium, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no chromium on PATH .CI=true"):
        browser.chromium_path()
