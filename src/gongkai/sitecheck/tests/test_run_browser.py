"""立即检查 in Debian's chromium, with the demo server's way of running long work (a thread of the
web process): the click answers at once with a progress bar that htmx moves, and the page turns
into the result when the crawl has ended. Screenshots of both are kept."""

import os
import shutil
import time
from pathlib import Path

import pytest

from gongkai.testing.factories import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = Path(os.environ.get("GONGKAI_TEST_OUTPUT", Path(__file__).resolve().parents[4] / "test-output"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium missing"),
]


@pytest.fixture
def site(transactional_db, agency_tree, make_staff, servers, settings):
    from gongkai.sitecheck.models import InspectedSite

    settings.GONGKAI_BACKGROUND = "thread"
    make_staff(agency_tree["city"], "agency_admin", username="sc-admin")
    site_server, _ext = servers
    # 6 requests a second: the crawl of the test site takes several seconds, long enough to watch.
    return InspectedSite.objects.create(
        agency=agency_tree["city"],
        name="示例市民政局网站",
        start_url=site_server.base + "/",
        config={
            "max_pages": 60,
            "rate": 6,
            "timeout": 1.5,
            "retries": 0,
            "parse_workers": 0,
            "check_external": False,
            "concurrency": 2,
        },
    )


def test_run_now_shows_progress_and_then_the_result(live_server, site):
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
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
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(f"{live_server.url}/staff/login/")
            page.fill("input[name=username]", "sc-admin")
            page.fill("input[name=password]", PASSWORD)
            page.locator("form button[type=submit]").last.click()
            page.wait_for_load_state()
            page.goto(f"{live_server.url}/staff/sitecheck/{site.pk}/")
            started = time.monotonic()
            page.get_by_role("button", name="立即检查").click()
            page.wait_for_load_state()
            assert time.monotonic() - started < 3  # the request did not crawl
            assert "（进行中）" in page.locator("h1").inner_text()
            bar = page.locator("#run-progress progress")
            values = []
            for _ in range(100):  # htmx swaps the bar in every second (no script of ours: CSP allows none)
                if bar.count() == 0:
                    break
                values.append(int(bar.get_attribute("value") or 0))
                if values[-1] > 0 and "正在检查：已检查" in page.locator("#run-progress").inner_text():
                    break
                page.wait_for_timeout(200)
            assert values and values[-1] > 0, values  # the bar moved without reloading the page
            page.screenshot(path=str(OUTPUT / "sitecheck-progress.png"))
            page.wait_for_selector("text=自查报告 XLSX", timeout=60_000)  # htmx reloaded the page
            assert "结果" in page.locator("h1").inner_text() and page.locator("#run-progress").count() == 0
            assert "检查页面" in page.locator("main").inner_text()
            page.screenshot(path=str(OUTPUT / "sitecheck-result.png"), full_page=True)
        finally:
            browser.close()
    from gongkai.sitecheck.models import RunStatus

    run = site.runs.get()
    assert run.status == RunStatus.DONE and run.pages > 5
