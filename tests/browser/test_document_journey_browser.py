"""主动公开, clicked through as a new member of staff would in Debian's chromium (issue 11, "Done
when"): an editor drafts a document with its metadata (主题分类, 成文日期, 文号 typed with [ ] and
saved with 〔〕) → 提交保密审查 (《条例》第十七条) → the reviewer reads the preview of the text and
returns it with a reason → the editor finds it on the workbench, reads the reason, edits and
resubmits → the reviewer approves → the editor publishes (an 索引号 is assigned) → the public finds it
on the agency's home and in search → it is withdrawn (撤回) with a reason → the public no longer
finds it, and its page says it was withdrawn. A screenshot of every step is kept
(``journeys-document-*.png``)."""

import os
import re
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
TITLE = "关于调整2025年城乡最低生活保障标准的通知"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium missing"),
]


@pytest.fixture
def desk(transactional_db, agency_tree, make_staff, category, settings, tmp_path):
    """An editor and a reviewer of 随州市民政局 (made before Playwright starts its event loop)."""
    settings.MEDIA_ROOT = tmp_path
    city = agency_tree["city"]
    make_staff(city, "editor", username="dj-editor")
    make_staff(city, "reviewer", username="dj-reviewer")
    return {"city": city, "category": category}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def shot(page, name: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"journeys-document-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(10_000)
    return context.new_page()


def login(browser, url: str, username: str):
    page = new_page(browser)
    page.goto(f"{url}/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().startswith("工作台")
    # Whose platform this is, by the agency's full name (the demo has three "市民政局").
    assert page.locator(".brand-name").inner_text() == "政务公开工作平台 · 随州市民政局"
    return page


def click(where, role: str, name: str, **kw) -> None:
    """Click a control of a page or of a part of it, and wait for the page it leads to."""
    where.get_by_role(role, name=name, **kw).click()
    getattr(where, "page", where).wait_for_load_state()


def flash(page) -> str:
    return page.locator(".messages").inner_text()


def public_search(page, base: str, q: str) -> str:
    """The search box in the portal's page header, from the home page."""
    page.goto(f"{base}/")
    header = page.get_by_role("banner")
    header.get_by_role("searchbox").fill(q)
    click(header, "button", "检索")
    return page.locator("main").inner_text()


def test_draft_review_return_approve_publish_withdraw(live_server, desk, browser):
    base = live_server.url

    # 1. The editor drafts: 主动公开 → 新建信息, metadata and body, 保存草稿.
    editor = login(browser, base, "dj-editor")
    click(editor, "link", "主动公开")
    click(editor, "link", "新建信息")
    editor.get_by_label("信息名称").fill(TITLE)
    editor.get_by_label("文号").fill("随民发[2025]3号")
    editor.get_by_label("主题分类").select_option(str(desk["category"].pk))
    editor.get_by_label("成文日期").fill("2025-03-03")
    editor.get_by_label("内容概述").fill("城市低保标准每人每月提高50元。")
    editor.get_by_label("正文", exact=True).fill("各县（市、区）民政局：\n现将城乡低保标准调整事项通知如下。")
    shot(editor, "01-draft-form")
    click(editor, "button", "保存草稿")
    assert "已保存" in flash(editor)
    metadata = editor.locator(".preview-frame").inner_text()
    assert "随民发〔2025〕3号" in metadata  # the brackets the editor typed, saved as 〔〕
    assert "2025-03-03" in metadata or "2025年3月3日" in metadata
    assert desk["category"].name in metadata
    doc_url = editor.url
    # The Art. 26 clock says how it stands, not only a date (written 2025-03-03: long overdue).
    assert re.search(r"应于 2025-03-31 前公开.*已超期\d+个工作日", editor.locator("#clock").inner_text())
    shot(editor, "02-draft-saved")

    # 2. 提交保密审查.
    click(editor, "button", "提交保密审查")
    assert "已提交保密审查" in flash(editor)
    assert editor.locator("main .tag").first.inner_text() == "待保密审查"
    # The editor is told who reviews it, by name.
    assert (
        "“保密审查通过”或“退回修改”须由保密审查员（dj-reviewer）办理"
        in editor.locator(".review-actions").inner_text()
    )

    # 3. The reviewer finds it on the workbench, reads the text in the preview, returns it.
    reviewer = login(browser, base, "dj-reviewer")
    review_list = reviewer.locator("section", has=reviewer.get_by_role("heading", name="待保密审查"))
    click(review_list, "link", TITLE)
    preview = reviewer.locator(".preview-frame")
    assert "现将城乡低保标准调整事项通知如下" in preview.inner_text()
    assert "城市低保标准每人每月提高50元" in preview.inner_text()
    shot(reviewer, "03-review")
    reviewer.get_by_label("理由 *").fill("请写明调整后的标准金额和执行日期。")
    click(reviewer, "button", "退回修改")
    assert "已退回修改" in flash(reviewer)
    assert "“提交保密审查”须由编辑（dj-editor）办理" in reviewer.locator(".review-actions").inner_text()
    shot(reviewer, "04-returned")

    # 4. The editor sees it on the workbench, with the reason; edits and resubmits.
    editor.goto(f"{base}/staff/")
    returned = editor.locator("section", has=editor.get_by_role("heading", name="退回修改"))
    assert "请写明调整后的标准金额和执行日期" in returned.inner_text()
    shot(editor, "05-workbench-returned")
    click(returned, "link", TITLE)
    assert editor.url == doc_url
    assert "审查意见：请写明调整后的标准金额和执行日期" in editor.locator("#review-note").inner_text()
    click(editor, "link", "修改草稿")
    assert editor.get_by_label("成文日期").input_value() == "2025-03-03"
    assert editor.get_by_label("文号").input_value() == "随民发〔2025〕3号"
    editor.get_by_label("正文", exact=True).fill(
        "各县（市、区）民政局：\n城市低保标准调整为每人每月800元，自2025年4月1日起执行。"
    )
    shot(editor, "06-edit")
    click(editor, "button", "保存草稿")
    assert "每人每月800元" in editor.locator(".preview-frame").inner_text()
    click(editor, "button", "提交保密审查")

    # 5. The reviewer approves the corrected version.
    reviewer.goto(f"{base}/staff/")
    click(reviewer.locator("section", has=reviewer.get_by_role("heading", name="待保密审查")), "link", TITLE)
    assert "每人每月800元" in reviewer.locator(".preview-frame").inner_text()
    click(reviewer, "button", "保密审查通过")
    assert "已保密审查通过" in flash(reviewer)

    # 6. The editor finds it on the workbench as approved and publishes; an 索引号 is assigned.
    editor.goto(f"{base}/staff/")
    click(
        editor.locator("section", has=editor.get_by_role("heading", name="保密审查已通过，待发布")),
        "link",
        TITLE,
    )
    assert editor.url == doc_url
    shot(editor, "07-approved")
    click(editor, "button", "发布")
    assert "已发布" in flash(editor)
    index_number = re.search(r"索引号\s*(\S+)", editor.locator("section:has(#hist)").inner_text())
    assert index_number, "no 索引号 in the history"
    index_number = index_number.group(1)
    validity = editor.locator("section:has(#val)").inner_text()
    assert "效力状态" in validity and ":" not in validity  # labels without Django's ASCII colon
    shot(editor, "08-published")

    # 7. The public reads it on the agency's home, on its page and in search.
    public = new_page(browser)
    public.goto(f"{base}/szmzj/")
    click(public, "link", TITLE)
    article = public.locator("main").inner_text()
    assert "城市低保标准调整为每人每月800元" in article
    assert index_number in article and "随民发〔2025〕3号" in article
    public_url = public.url
    shot(public, "09-public-page")
    found = public_search(public, base, "低保标准")
    assert TITLE in found
    shot(public, "10-public-search")
    assert TITLE in public_search(public, base, "随民发2025 3")  # the 文号 without brackets

    # 8. It is withdrawn (撤回) with a reason: the editor's page says who does that.
    editor.goto(doc_url)
    assert (
        "“撤回”须由机关管理员或保密审查员（dj-reviewer）办理"
        in editor.locator(".review-actions").inner_text()
    )
    reviewer.goto(doc_url)
    reviewer.locator("#reason_withdraw").fill("标准另行发文调整，本通知撤回。")
    click(reviewer, "button", "撤回")
    assert "已撤回" in flash(reviewer)
    shot(reviewer, "11-withdrawn")

    # 9. The public no longer finds it: not on the agency's home, not in search; its page says so.
    public.goto(f"{base}/szmzj/")
    assert TITLE not in public.locator("main").inner_text()
    assert TITLE not in public_search(public, base, "低保标准")
    public.goto(public_url)
    notice = public.locator(".notice.bad").inner_text()
    assert "撤回" in notice and "标准另行发文调整" in notice
    assert "每人每月800元" not in public.locator("main").inner_text()
    shot(public, "12-public-withdrawn")
