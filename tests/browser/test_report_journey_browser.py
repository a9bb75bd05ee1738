"""年度报告, clicked through as new staff would in Debian's chromium (issue 11, "Done when"): the
editor builds the agency's 2025 report from its records (《条例》第五十条: the applications received
and answered, the documents published), writes the prose; the 勾稽 checks are shown on the page and
catch a figure in the prose that the tables contradict; the editor corrects it; the office head
finalises (定稿); the editor sends it for publication (第四十九条), the reviewer passes its 保密审查,
the editor publishes it, and the public reads it under 信息公开年报 on the agency's portal.
A screenshot of every step is kept (``journeys-report-*.png``)."""

import datetime as dt
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
    "--lang=zh-CN",
]
TITLE = "随州市民政局2025年政府信息公开工作年度报告"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium missing"),
]


def _application(agency, serial: int, received: dt.date, closed: dt.date | None, outcome: str):
    """An application received on ``received`` and (if ``closed``) answered with ``outcome``: the
    record the report counts."""
    from django.utils import timezone

    from gongkai.applications.models import Application
    from gongkai.rules.deadline_events import Status

    return Application.objects.create(
        agency=agency,
        year=received.year,
        serial=serial,
        number=f"{received.year}-{serial:04d}",
        access_code_hash="x",
        channel="online",
        applicant_kind="natural_person",
        applicant_name="申请人",
        id_type="resident_id",
        id_number="11010519491231002X",
        phone="13812345678",
        description="所需信息",
        medium="electronic",
        delivery="email",
        submitted_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9))),
        received_on=received,
        status=Status.CLOSED if closed else Status.RUNNING,
        outcome=outcome,
        closed_on=closed,
    )


@pytest.fixture
def records(transactional_db, agency_tree, make_staff, workflow, settings, tmp_path):
    """随州市民政局's 2025: three applications (two answered, one carried over) and two published
    documents; its editor, office head and reviewer (made before Playwright starts its loop)."""
    from django.utils import timezone

    from gongkai.disclosure.models import Document

    settings.MEDIA_ROOT = tmp_path
    city = agency_tree["city"]
    _application(city, 1, dt.date(2025, 3, 3), dt.date(2025, 3, 20), "granted")
    _application(city, 2, dt.date(2025, 6, 2), dt.date(2025, 6, 30), "unavailable.not_held")
    _application(city, 3, dt.date(2025, 12, 22), None, "")
    editor, reviewer = workflow.staff_for(city)  # 编辑 szmzj-ed, 保密审查员 szmzj-rv
    for title in ("关于调整城乡最低生活保障标准的通知", "2025年社会救助资金分配情况"):
        doc = workflow.publish(city, title=title)
        Document.objects.filter(pk=doc.pk).update(
            published_at=timezone.make_aware(dt.datetime(2025, 4, 1, 10))
        )
    make_staff(city, "office_head", username="rj-head")
    return {"city": city}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def shot(page, name: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"journeys-report-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(15_000)
    return context.new_page()


def login(browser, url: str, username: str):
    page = new_page(browser)
    page.goto(f"{url}/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().startswith("工作台")
    return page


def click(where, role: str, name: str, **kw) -> None:
    """Click a control of a page or of a part of it, and wait for the page it leads to."""
    where.get_by_role(role, name=name, **kw).click()
    getattr(where, "page", where).wait_for_load_state()


def flash(page) -> str:
    return page.locator(".messages").inner_text()


def checks(page) -> str:
    return page.locator("section:has(#checks)").inner_text()


def cell(page, row: str, column: int) -> str:
    """A figure of the report preview: the row whose first cells contain ``row``, its ``column``-th cell."""
    return (
        page.locator(".preview-report tr, section:has(#preview) tr")
        .filter(has_text=row)
        .first.locator("td")
        .nth(column)
        .inner_text()
        .strip()
    )


def test_build_check_finalise_send_review_publish_and_read(live_server, records, browser):
    base = live_server.url

    # 1. The editor builds the 2025 report from the records: 年度报告 → 编制本机关年度报告.
    editor = login(browser, base, "szmzj-ed")
    click(editor, "link", "年度报告")
    editor.get_by_label("年度").fill("2025")
    click(editor, "button", "编制本机关年度报告")
    assert editor.locator("h1").first.inner_text().startswith(TITLE)
    preview = editor.locator("section:has(#preview)").inner_text()
    assert "本年新收政府信息公开申请数量" in preview
    shot(editor, "01-built")

    # 2. The prose states a figure the tables contradict: the 勾稽 check shows it on the page.
    editor.get_by_label("一、总体情况").fill("2025年，本机关共收到政府信息公开申请5件，均按期答复。")
    click(editor, "button", "保存正文")
    assert "已保存" in flash(editor)
    found = checks(editor)
    assert "规则6" in found and "正文为 5，表格为 3" in found, found
    shot(editor, "02-check-finding")

    # 3. Corrected, the checks pass.
    editor.get_by_label("一、总体情况").fill(
        "2025年，本机关共收到政府信息公开申请3件，已答复2件，结转下年度1件。"
    )
    click(editor, "button", "保存正文")
    assert "未发现勾稽问题" in checks(editor)
    report_url = editor.url
    # Finalising is the office head's: the page says so, by name.
    assert "“定稿”须由公开工作机构负责人或机关管理员（rj-head）办理" in editor.locator("main").inner_text()
    shot(editor, "03-checks-pass")

    # 4. The office head finalises (定稿).
    head = login(browser, base, "rj-head")
    click(head, "link", "年度报告")
    click(head, "link", "2025年")
    assert head.url == report_url
    click(head, "button", "定稿")
    assert "已定稿" in flash(head)
    assert "定稿" in head.locator("h1 .tag").inner_text()
    shot(head, "04-final")

    # 5. The editor sends it for publication: it becomes a document in 保密审查.
    editor.goto(report_url)
    click(editor, "button", "送审发布")
    assert "送保密审查" in flash(editor)
    assert "已送保密审查" in editor.locator("h1 .tag").inner_text()
    shot(editor, "05-sent")

    # 6. The reviewer finds it on the workbench, reads it, approves.
    reviewer = login(browser, base, "szmzj-rv")
    click(reviewer.locator("section", has=reviewer.get_by_role("heading", name="待保密审查")), "link", TITLE)
    assert "本年新收政府信息公开申请数量" in reviewer.locator(".preview-frame").inner_text()
    shot(reviewer, "06-review")
    click(reviewer, "button", "保密审查通过")
    assert "已保密审查通过" in flash(reviewer)

    # 7. The editor publishes it; the report is 已公开.
    editor.goto(f"{base}/staff/")
    click(
        editor.locator("section", has=editor.get_by_role("heading", name="保密审查已通过，待发布")),
        "link",
        TITLE,
    )
    click(editor, "button", "发布")
    assert "已发布" in flash(editor)
    editor.goto(report_url)
    assert "已公开" in editor.locator("h1 .tag").inner_text()
    shot(editor, "07-published")
    public_url = editor.get_by_role("link", name="查看公开页面").get_attribute("href")

    # 8. The public reads it on the portal: agency home → 信息公开年报 → 2025年度报告.
    public = new_page(browser)
    public.goto(f"{base}/szmzj/")
    click(public.locator("#reports"), "link", "2025年度报告")
    assert public.url == base + public_url
    page_text = public.locator("main").inner_text()
    assert public.get_by_role("heading", name=TITLE, exact=True).count() == 1
    assert (
        TITLE not in public.locator(".article").inner_text()
    )  # the title once, not again above 一、总体情况
    assert public.locator(".article h2, .article h3").first.inner_text().startswith("一、总体情况")
    assert "共收到政府信息公开申请3件" in page_text
    assert "本年新收政府信息公开申请数量" in page_text
    # Its 落款 (agency and date) is set right-aligned, as on the PDF.
    signature = public.locator(".article p.signature")
    assert signature.all_inner_texts()[0] == "随州市民政局" and signature.count() == 2
    assert signature.last.evaluate("p => getComputedStyle(p).textAlign") == "right"
    shot(public, "08-public")
