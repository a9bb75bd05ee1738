"""Fixtures of the browser tests (functions in kit.py): Debian's chromium driven by Playwright."""

from pathlib import Path

import pytest

from .kit import CHROMIUM, PASSWORD, launch, login


def pytest_collection_modifyitems(items):
    """Every test under tests/browser/ is a browser test, skipped where Debian's chromium is missing."""
    here = Path(__file__).parent
    missing = not Path(CHROMIUM).exists()
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(pytest.mark.skip(reason="Debian chromium missing (make system-packages)"))


@pytest.fixture
def browser():
    yield from launch()


@pytest.fixture
def staff_login(browser):
    """`staff_login(live_server.url, username)` → a signed-in page."""

    def sign_in(url: str, username: str, password: str = PASSWORD):
        return login(browser, url, username, password)

    return sign_in
