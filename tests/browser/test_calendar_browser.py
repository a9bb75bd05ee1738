"""The holiday calendar page in Debian's chromium (issue 11, items 1 and 2): the calendar
administrator sees the banner on the workbench, follows it, pastes the State Council's notice,
checks the month-by-month calendar and saves; a December case's pending due date is then exact."""

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from gongkai.testing.factories import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = Path(os.environ.get("GONGKAI_TEST_OUTPUT", Path(__file__).resolve().parents[2] / "test-output"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium missing"),
]
# A stand-in for the 2027 notice in the notice's own form (the real one is not out yet).
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（周六）至13日（周六）放假调休，共8天。2月20日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。"""


@pytest.fixture
def december(transactional_db, agency_tree, make_staff, monkeypatch):
    """An application received on 2026-12-04 (due in 2027) and the platform's calendar administrator."""
    from django.utils import timezone

    from gongkai.applications import services
    from gongkai.applications.models import Channel

    moment = timezone.make_aware(dt.datetime(2026, 12, 4, 10, 0))
    monkeypatch.setattr(services, "now", lambda: moment)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 4))
    handler = make_staff(agency_tree["city"], "handler", username="dec-handler")
    make_staff(agency_tree["province"], "agency_admin", "calendar_admin", username="cal-admin")
    app, _ = services.submit(
        agency_tree["city"],
        {
            "applicant_name": "张三",
            "applicant_kind": "natural_person",
            "description": "2024年度低保资金发放情况",
        },
        channel=Channel.ONLINE,
    )
    services.confirm_receipt(handler, app, dt.date(2026, 12, 4), "电话与申请人确认")
    return app


@pytest.fixture
def browser():
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


def _login(page, url, username):
    page.goto(f"{url}/staff/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_paste_the_notice_confirm_month_by_month_and_the_case_becomes_exact(live_server, december, browser):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    handler = browser.new_page(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    _login(handler, live_server.url, "dec-handler")
    handler.goto(f"{live_server.url}/staff/applications/{december.pk}/")
    assert "答复期限待定：2027年节假日安排尚未录入" in handler.locator("#deadline-pending").inner_text()
    handler.screenshot(path=str(OUTPUT / "case-deadline-pending.png"))

    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    _login(page, live_server.url, "cal-admin")
    page.goto(f"{live_server.url}/staff/")
    assert "下一年度节假日尚未录入" in page.locator("#calendar-missing").inner_text()
    page.get_by_role("link", name="按国务院办公厅通知录入2027年安排").click()
    page.fill("#id_text", NOTICE_2027)
    page.get_by_role("button", name="识别并预览").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "确认2027年节假日安排"
    assert page.locator(".month").count() == 12
    assert page.locator("td.off").count() == 11 and page.locator("td.work").count() == 1
    assert page.locator("td.work").get_attribute("data-date") == "2027-02-20"
    page.screenshot(path=str(OUTPUT / "calendar-preview-2027.png"), full_page=True)
    page.get_by_role("button", name="确认无误，保存2027年安排").click()
    page.wait_for_load_state()
    assert "已录入2027年节假日安排（放假11天，调休上班1天）" in page.locator(".messages").inner_text()
    assert "2027年" in page.locator("#years ~ table, section[aria-labelledby=years] table").first.inner_text()

    handler.reload()
    assert handler.locator("#deadline-pending").count() == 0
    assert "答复期限：2027-01-04" in handler.locator("#clock").inner_text()  # 1 Jan off, 2–3 Jan a weekend
