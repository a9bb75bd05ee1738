"""A reader in Debian's chromium (driven by Playwright, no downloaded browser) opens a document,
switches to 繁體 and to 适老 mode with the keyboard-reachable links, and we keep a screenshot."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = Path(os.environ.get("GONGKAI_TEST_OUTPUT", Path(__file__).resolve().parents[2] / "test-output"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium missing"),
]


@pytest.fixture
def demo_pk(transactional_db):
    """Load the demo before Playwright starts its event loop (the ORM refuses async contexts)."""
    from gongkai.demo.loader import load_demo
    from gongkai.disclosure.models import Document

    load_demo()
    return Document.objects.get(agency__slug="szmzj", genre__name="报告").pk  # the seed page, not a 互动回应


@pytest.fixture
def browser(demo_pk):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def test_document_page_traditional_and_elder_mode(live_server, demo_pk, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{live_server.url}/szmzj/doc/{demo_pk}/")
    assert page.locator("h1").inner_text() == "随州市民政局2017年政务信息公开工作情况"

    page.get_by_role("link", name="繁體").click()
    assert page.locator("h1").inner_text() == "隨州市民政局2017年政務信息公開工作情況"
    assert "(jù)" not in page.content()

    page.get_by_role("link", name="適老模式").focus()  # the page, links included, is now in 繁體
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "mode-elder" in page.locator("body").get_attribute("class")
    assert page.locator("h1").inner_text().startswith("隨州市")  # the 繁體 choice is kept
    font_px = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_px >= 20

    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / "portal-document-zh-hant-elder.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
