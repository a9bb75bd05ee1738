"""Issue 12 item 2 in the browser: with the Content-Security-Policy on, Debian's chromium reports no
refused script, style or image on the public pages and the staff pages, and the ECharts charts (from
static files, no inline script) still draw."""

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = Path(os.environ.get("GONGKAI_TEST_OUTPUT", Path(__file__).resolve().parents[2] / "test-output"))
FIXTURES = (
    Path(__file__).resolve().parents[2] / "src" / "gongkai" / "rules" / "annual" / "tests" / "parse_fixtures"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium missing"),
]


@pytest.fixture
def pages(transactional_db):
    """The demo, two collected reports and an inspected site with history (before Playwright's loop)."""
    from gongkai.collected.services import import_report
    from gongkai.demo.loader import DEMO_PASSWORD, load_demo
    from gongkai.disclosure.models import Document
    from gongkai.sitecheck.models import InspectedSite, InspectionRun

    load_demo()
    reports = [
        import_report(None, f.name, f.read_bytes()).report
        for f in (sorted(FIXTURES.glob(n))[0] for n in ("001.src.txt", "005.src.txt"))
    ]
    site = InspectedSite.objects.filter(agency__slug="szmzj").first()
    for day in (1, 2):
        InspectionRun.objects.create(
            site=site,
            started_at=dt.datetime(2026, 11, day, 8, tzinfo=dt.UTC),
            finished_at=dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC),
            pages=10,
            links=40,
        )
    doc = Document.objects.get(agency__slug="szmzj", genre__name="报告")
    return {
        "password": DEMO_PASSWORD,
        "doc": doc.pk,
        "site": site.pk,
        "compare": "&".join(f"id={r.pk}" for r in reports),
    }


def test_no_policy_violation_anywhere_and_the_charts_draw(live_server, pages):
    from playwright.sync_api import sync_playwright

    refused: list[str] = []
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
            page.on(
                "console",
                lambda m: (
                    refused.append(f"{page.url}: {m.text}")
                    if "Content Security Policy" in m.text or "Refused to" in m.text
                    else None
                ),
            )
            page.on("pageerror", lambda e: refused.append(f"{page.url}: {e}"))
            for url in (
                "/",
                "/szmzj/",
                f"/szmzj/doc/{pages['doc']}/",
                "/szmzj/catalogue/",
                "/szmzj/apply/",
                "/search/?q=低保",
                "/szmzj/apply/status/",
            ):
                page.goto(live_server.url + url)
                page.wait_for_load_state("networkidle")
            page.goto(f"{live_server.url}/staff/login/")
            page.fill("input[name=username]", "szmzj-admin")
            page.fill("input[name=password]", pages["password"])
            page.locator("form button[type=submit]").last.click()
            page.wait_for_load_state()
            for url in (
                "/staff/",
                "/staff/documents/",
                "/staff/applications/",
                "/staff/reports/rollup/?year=2025",
                "/staff/collected/",
                f"/staff/sitecheck/{pages['site']}/",
            ):
                page.goto(live_server.url + url)
                page.wait_for_load_state("networkidle")
            page.wait_for_selector("#trend canvas", timeout=10_000)  # the site's trend (ECharts)
            page.goto(f"{live_server.url}/staff/collected/compare/?{pages['compare']}")
            page.wait_for_selector("#chart canvas", timeout=10_000)
            page.locator("#chart canvas").hover(
                position={"x": 200, "y": 200}
            )  # the tooltip writes style attributes
            page.wait_for_timeout(1200)
            OUTPUT.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(OUTPUT / "csp-collected-compare.png"), full_page=True)
        finally:
            browser.close()
    assert refused == []
