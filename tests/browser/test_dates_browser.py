"""Date fields in Debian's chromium (issue 11, item 4): an editor changes a document's title and
saves without retyping any date — 成文日期, 变更日期 and 废止日期 survive; the case page's date
fields come up filled. Before, the zh-hans value 2025/11/20 was dropped by <input type="date">."""

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
D = dt.date


@pytest.fixture
def setup(transactional_db, agency_tree, make_staff, category):
    """A draft with all three dates and an application to confirm (before Playwright's loop starts)."""
    from gongkai.applications import services as apps
    from gongkai.applications.models import Channel
    from gongkai.disclosure import services

    city = agency_tree["city"]
    editor = make_staff(city, "editor", username="dt-editor")
    make_staff(city, "handler", username="dt-handler")
    doc = services.create_document(
        editor,
        city,
        {
            "title": "关于调整城乡最低生活保障标准的通知",
            "category": category,
            "body": "<p>正文</p>",
            "written_on": D(2025, 3, 3),
            "changed_on": D(2025, 5, 6),
            "expires_on": D(2030, 12, 31),
        },
    )
    app, _ = apps.submit(
        city,
        {
            "applicant_name": "张三",
            "applicant_kind": "natural_person",
            "description": "2024年度低保资金发放情况",
        },
        channel=Channel.ONLINE,
    )
    return {"doc": doc, "app": app}


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


def test_edit_a_document_and_save_without_retyping_dates(live_server, setup, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 1400}, locale="zh-CN")
    _login(page, live_server.url, "dt-editor")
    page.goto(f"{live_server.url}/staff/documents/{setup['doc'].pk}/edit/")
    assert page.locator("#id_written_on").input_value() == "2025-03-03"
    assert page.locator("#id_changed_on").input_value() == "2025-05-06"
    assert page.locator("#id_expires_on").input_value() == "2030-12-31"
    page.fill("#id_title", "关于调整2025年城乡最低生活保障标准的通知")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "document-edit-dates.png"), full_page=True)
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    assert "请填写成文日期" not in page.content()
    assert "已保存" in page.content()
    # What was stored, read back through the form (the ORM is off limits inside Playwright's loop).
    page.goto(f"{live_server.url}/staff/documents/{setup['doc'].pk}/edit/")
    assert page.locator("#id_title").input_value() == "关于调整2025年城乡最低生活保障标准的通知"
    assert [page.locator(f"#id_{f}").input_value() for f in ("written_on", "changed_on", "expires_on")] == [
        "2025-03-03",
        "2025-05-06",
        "2030-12-31",
    ]


def test_case_page_date_fields_come_up_filled(live_server, setup, browser):
    from django.utils import timezone

    page = browser.new_page(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    _login(page, live_server.url, "dt-handler")
    page.goto(f"{live_server.url}/staff/applications/{setup['app'].pk}/")
    today = timezone.localdate().isoformat()
    assert page.locator("#id_receipt_received_on").input_value() == today
    values = page.eval_on_selector_all(
        "input[type=date]", "els => els.map(e => e.getAttribute('value') || '')"
    )
    # Every date the server filled in is one the browser keeps (an ISO value), none is dropped.
    filled = [v for v in values if v]
    assert filled and all(v == today for v in filled), values
    kept = page.eval_on_selector_all("input[type=date][value]", "els => els.map(e => e.value)")
    assert kept == filled
