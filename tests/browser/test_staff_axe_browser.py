"""axe-core over the staff pages of the document and annual-report journeys and over the forms
with their errors shown (issue 13 item 6, the leftovers): no violation of impact serious or
critical. Before, the error lists carried ``role="alert"`` on a ``<ul>`` (aria-allowed-role,
serious) on the staff login, the document form and the public 政民互动 form and lookup. The axe
results per page are written to test-output/axe-staff.json."""

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from gongkai.testing.factories import PASSWORD

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
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium missing"),
]


@pytest.fixture
def desk(transactional_db, agency_tree, make_staff, workflow, settings, tmp_path):
    """Documents in every state the journeys pass through, a draft report with a 勾稽 finding and
    a 政民互动 box (made before Playwright starts its loop)."""
    from gongkai.disclosure import services
    from gongkai.interaction.models import Box
    from gongkai.reports import services as reports

    settings.MEDIA_ROOT = tmp_path
    city = agency_tree["city"]
    editor, reviewer = workflow.staff_for(city)
    head = make_staff(city, "office_head", "agency_admin", username="ax-head")
    returned = workflow.draft(
        city, editor, title="关于做好2025年临时救助工作的通知", doc_number="随民发[2025]5号"
    )
    services.transition(editor, returned, "submit")
    services.transition(reviewer, returned, "reject", reason="请补充救助标准。")
    submitted = workflow.draft(city, editor, title="关于调整城乡最低生活保障标准的通知")
    services.transition(editor, submitted, "submit")
    published = workflow.publish(city, title="2025年社会救助资金分配情况")
    report = reports.create_report(head, city, 2025)
    reports.save_prose(head, report, {"overview": "2025年，本机关共收到政府信息公开申请5件。"})
    box = Box.objects.create(agency=city, name="局长信箱", kinds=["consult", "help", "complain"])
    return {
        "returned": returned.pk,
        "submitted": submitted.pk,
        "published": published.pk,
        "report": report.pk,
        "box": box.pk,
        "year": dt.date.today().year,
    }


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} — {v['nodes'][0]['html'][:120]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_or_critical_violation_on_staff_pages_and_error_forms(
    live_server, desk, browser
):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()  # its bundled axe.min.js: nothing is fetched
    base = live_server.url
    report, failures = {}, {}

    def check(page, name, must_show: str | None = None):
        if must_show:  # the state the page is checked in is really there
            assert page.locator(must_show).count() > 0, f"{name}: no {must_show}"
        results = axe.run(page)
        violations = results.response["violations"]
        report[name] = {
            "url": page.url.replace(base, ""),
            "violations": len(violations),
            "by_impact": {
                i: sum(1 for v in violations if v["impact"] == i)
                for i in ("minor", "moderate", "serious", "critical")
            },
            "rules": sorted({v["id"] for v in violations}),
        }
        if serious(results):
            failures[name] = serious(results)

    def login(username):
        page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        page.goto(f"{base}/staff/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        return page

    # The staff login page, blank and with its error.
    page = login("szmzj-ed")
    page.context.clear_cookies()
    page.goto(f"{base}/staff/login/")
    check(page, "login")
    page.fill("#id_username", "szmzj-ed")
    page.fill("#id_password", "wrong-password")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    check(page, "login with error", ".errorlist")

    editor = login("szmzj-ed")
    check(editor, "workbench (editor)")
    editor.goto(f"{base}/staff/documents/")
    check(editor, "document list")
    editor.goto(f"{base}/staff/documents/new/")
    check(editor, "document form")
    editor.get_by_role("button", name="保存草稿").click()  # nothing filled in: every error shown
    editor.wait_for_load_state()
    check(editor, "document form with errors", ".errorlist")
    editor.goto(f"{base}/staff/documents/{desk['returned']}/")
    check(editor, "document returned (editor)", "#review-note")
    editor.goto(f"{base}/staff/documents/{desk['returned']}/edit/")
    check(editor, "document edit")
    editor.goto(f"{base}/staff/documents/{desk['published']}/")
    check(editor, "document published (editor)")
    editor.goto(f"{base}/staff/reports/")
    check(editor, "report list")

    reviewer = login("szmzj-rv")
    check(reviewer, "workbench (reviewer)")
    reviewer.goto(f"{base}/staff/documents/{desk['submitted']}/")
    check(reviewer, "review (保密审查)", ".preview-frame")

    head = login("ax-head")
    check(head, "workbench (admin)")
    head.goto(f"{base}/staff/reports/{desk['report']}/")
    check(head, "report with 勾稽 finding", "section:has(#checks) .errorlist")

    # The public 政民互动 form with its errors, and the lookup with a wrong code.
    public = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    public.goto(f"{base}/szmzj/interaction/box/{desk['box']}/write/")
    check(public, "interaction write")
    public.get_by_role("button", name="提交留言").click()
    public.wait_for_load_state()
    check(public, "interaction write with errors", ".errorlist")
    public.fill("#id_name", "赵六")
    public.fill("#id_phone", "13912345678")
    public.select_option("#id_kind", "consult")
    public.fill("#id_title", "临时救助如何申请")
    public.fill("#id_content", "家中突发变故，请问临时救助如何申请？")
    public.check("input[name=public_ok][value=yes]")
    public.set_input_files(
        "#id_files",
        files=[
            {
                "name": "说明.exe",
                "mimeType": "application/octet-stream",
                "buffer": b"MZ\x90\x00" + b"\x00" * 60,
            }
        ],
    )
    public.get_by_role("button", name="提交留言").click()
    public.wait_for_load_state()
    check(
        public, "interaction write refused (attachment)", "form > .errorlist, form > div > .errorlist"
    )  # a non-field error
    public.goto(f"{base}/szmzj/interaction/query/")
    public.fill("#id_number", f"{desk['year']}-0001")
    public.fill("#id_code", "ABCDEFGH")
    public.get_by_role("button", name="查询").click()
    public.wait_for_load_state()
    check(public, "interaction lookup with error", ".errorlist")

    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "axe-staff.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    assert failures == {}
