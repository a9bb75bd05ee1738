"""A supervisor opens the roll-up in Debian's chromium: the ECharts chart draws from the vendored
script (no CDN), and the table is there as well; we keep a screenshot."""

import datetime as dt
import os
import shutil
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
def supervisor(transactional_db, agency_tree, make_staff, make_application):
    """Reports of the subtree, set up before Playwright starts its event loop (the ORM refuses async)."""
    from gongkai.reports import services

    for agency, n in ((agency_tree["city"], 5), (agency_tree["district"], 2)):
        for i in range(n):
            make_application(
                agency,
                "natural_person",
                dt.date(2025, 3, 3),
                dt.date(2025, 3, 9),
                "granted" if i % 2 else "unavailable.not_held",
            )
        services.create_report(make_staff(agency, "office_head", username=f"{agency.slug}-h"), agency, 2025)
    return make_staff(agency_tree["province"], "supervisor", username="browser-sup")


def test_rollup_chart_draws_and_the_table_is_there(live_server, supervisor):
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
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1000})
            page.goto(f"{live_server.url}/staff/login/")
            page.fill("input[name=username]", "browser-sup")
            page.fill("input[name=password]", PASSWORD)
            page.locator("form button[type=submit]").last.click()
            page.wait_for_load_state()
            page.goto(f"{live_server.url}/staff/reports/rollup/?year=2025")
            page.wait_for_selector("#rollup-chart canvas", timeout=10_000)
            assert page.locator("table").first.inner_text().count("随州市") == 2
            page.wait_for_timeout(1500)  # the bars grow in (ECharts animation)
            OUTPUT.mkdir(parents=True, exist_ok=True)
            shot = OUTPUT / "reports-rollup.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
            page.get_by_role("link", name="随州市民政局").click()  # the supervisor reads the report itself
            page.wait_for_load_state()
            assert (
                page.locator("h1").first.inner_text().startswith("随州市民政局2025年政府信息公开工作年度报告")
            )
            assert page.get_by_role("button", name="定稿").count() == 0
            page.screenshot(path=str(OUTPUT / "reports-detail.png"), full_page=True)
        finally:
            browser.close()
