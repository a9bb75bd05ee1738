"""What every browser test shares: Debian's chromium (never a downloaded browser) driven by
Playwright, a staff login, screenshots into test-output/.

    from tests.browser.kit import shot

    def test_x(live_server, browser, staff_login):
        page = staff_login(live_server.url, "some-handler")
        shot(page, "x-queue")

The fixtures (`browser`, `staff_login`) are in conftest.py; the functions here.
"""

import os
import shutil
from pathlib import Path

from gongkai.testing.factories import PASSWORD  # the password of every test user (make_staff)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = Path(os.environ.get("GONGKAI_TEST_OUTPUT", Path(__file__).resolve().parents[2] / "test-output"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",
]


def launch():
    """Debian's chromium, headless, closed when the generator ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def new_page(browser, width: int = 1280, height: int = 1000, timeout_ms: int = 30_000):
    """A fresh context (no cookies) in Chinese, downloads accepted."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="zh-CN", accept_downloads=True
    )
    context.set_default_timeout(timeout_ms)
    return context.new_page()


def login(browser, url: str, username: str, password: str = PASSWORD):
    """A staff page signed in as `username` through the real login form."""
    page = new_page(browser)
    page.goto(f"{url}/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


def shot(page, name: str) -> Path:
    """A full-page screenshot in test-output/ (look at it before calling a journey done)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
