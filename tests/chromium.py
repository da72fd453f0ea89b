"""Headless Chromium for the HTML report tests (Debian's ``chromium`` and ``chromium-driver``).

Without Chromium the browser tests are skipped, unless ``DISCLOSURE_LINT_REQUIRE_CHROMIUM=1``
(set by .ci/run), in which case they fail: CI must never pass by not running them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)


def _unavailable(reason: str) -> None:
    if os.environ.get("DISCLOSURE_LINT_REQUIRE_CHROMIUM") == "1":
        pytest.fail(f"Chromium is required (DISCLOSURE_LINT_REQUIRE_CHROMIUM=1): {reason}")
    pytest.skip(reason)


def find_chromium() -> tuple[str, str]:
    """Paths of the browser and its driver, or skip/fail the test."""
    browser = next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser")) if p is not None), None
    )
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        _unavailable("chromium and chromedriver are not installed (see .ci/apt-packages)")
    assert browser is not None and driver is not None
    return browser, driver


@contextmanager
def chromium_driver(profile: Path) -> Iterator[Any]:
    """A Selenium WebDriver on headless Chromium with a fresh profile folder."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:  # pragma: no cover - selenium is a test extra
        _unavailable("selenium is not installed (pip install -e '.[test]')")
    browser, driver_path = find_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
