"""保密审查 in Debian's chromium: the reviewer reads the document as the public will see it (正文 and
内容概述 in the portal's own rendering), opens its attachments in the browser, and returns it with
a reason beside the preview; then approves the corrected version. Screenshots are kept."""

import io
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

BODY = "<p>各县（市、区）民政局：</p><p>现将城乡低保标准调整事项通知如下，本通知自印发之日起施行。</p>"
SUMMARY = "调整2025年城乡最低生活保障标准，城市每人每月提高50元。"


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 80), (179, 18, 31)).save(out, "PNG")
    return out.getvalue()


def _pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>附件一 低保标准表</p>").write_pdf()


@pytest.fixture
def submitted(transactional_db, agency_tree, make_staff, category, settings, tmp_path):
    """A submitted document with a PNG and a PDF attachment (set up before Playwright's loop)."""
    from gongkai.disclosure import services

    settings.MEDIA_ROOT = tmp_path
    city = agency_tree["city"]
    editor = make_staff(city, "editor", username="rv-editor")
    make_staff(city, "reviewer", username="rv-reviewer")
    doc = services.create_document(
        editor,
        city,
        {
            "title": "关于调整城乡最低生活保障标准的通知",
            "category": category,
            "written_on": __import__("datetime").date(2025, 3, 3),
            "body": BODY,
            "summary": SUMMARY,
        },
    )
    services.add_attachment(editor, doc, "低保标准示意图.png", _png())
    services.add_attachment(editor, doc, "附件一 低保标准表.pdf", _pdf())
    services.transition(editor, doc, "submit")
    return doc


def _login(page, url, username):
    page.goto(f"{url}/staff/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_the_reviewer_reads_body_and_summary_opens_attachments_and_returns_with_a_reason(
    live_server, submitted
):
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
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            page = context.new_page()
            _login(page, live_server.url, "rv-reviewer")
            page.goto(f"{live_server.url}/staff/documents/{submitted.pk}/")
            preview = page.locator(".preview-frame")
            text = preview.inner_text()
            assert "本通知自印发之日起施行" in text and SUMMARY in text  # 正文 and 内容概述
            assert preview.locator(".article p").count() == 2  # rendered HTML, not escaped source
            # The actions sit beside the preview, not below it.
            box_preview, box_actions = preview.bounding_box(), page.locator(".review-actions").bounding_box()
            assert box_actions["x"] > box_preview["x"] + box_preview["width"] - 1
            assert box_actions["y"] < box_preview["y"] + 200
            page.screenshot(path=str(OUTPUT / "disclosure-review.png"), full_page=True)

            with context.expect_page() as opened:  # the picture opens in a new tab, shown, not downloaded
                preview.get_by_role("link", name="低保标准示意图.png").click()
            image_tab = opened.value
            image_tab.wait_for_load_state()
            assert image_tab.evaluate("document.contentType") == "image/png"
            assert (
                image_tab.evaluate("document.images.length === 1 && document.images[0].naturalWidth") == 120
            )
            image_tab.close()
            pdf_url = preview.get_by_role("link", name="附件一 低保标准表.pdf").get_attribute("href")
            response = page.request.get(f"{live_server.url}{pdf_url}")
            assert response.headers["content-type"] == "application/pdf"
            assert response.headers["content-disposition"].startswith("inline")
            assert response.headers["x-content-type-options"] == "nosniff"

            page.fill("#reason_reject", "第二段缺少标准金额表，请补充后再提交。")
            page.get_by_role("button", name="退回修改").click()
            page.wait_for_load_state()
            assert "已退回修改" in page.locator(".messages").inner_text()
            assert "审查意见：第二段缺少标准金额表" in page.locator("#review-note").inner_text()
            page.screenshot(path=str(OUTPUT / "disclosure-review-returned.png"), full_page=True)
        finally:
            browser.close()
    submitted.refresh_from_db()
    assert submitted.state == "draft" and submitted.review_note.startswith("第二段缺少标准金额表")


@pytest.fixture
def desk(transactional_db, agency_tree, make_staff, category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_staff(agency_tree["city"], "editor", username="wd-editor")
    make_staff(agency_tree["city"], "reviewer", username="wd-reviewer")
    path = tmp_path / "关于调整城乡低保标准的通知.docx"
    from .test_word import word_file

    path.write_bytes(word_file(picture=True))
    return category, path


def test_a_word_file_becomes_the_body_and_is_reviewed_and_published(live_server, desk):
    """Editor: new document with a .docx as its body → submit; reviewer: reads the converted body
    (heading, bold, table) in the preview → approves; editor: publishes; the public page shows it."""
    from playwright.sync_api import sync_playwright

    category, docx_path = desk
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
            editor = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
            _login(editor, live_server.url, "wd-editor")
            editor.goto(f"{live_server.url}/staff/documents/new/")
            editor.fill("#id_title", "关于调整城乡低保标准的通知")
            editor.select_option("#id_category", str(category.pk))
            editor.fill("#id_written_on", "2025-03-03")
            editor.set_input_files("#id_body_docx", str(docx_path))
            editor.get_by_role("button", name="保存草稿").click()
            editor.wait_for_load_state()
            assert "已从Word文档导入正文" in editor.locator(".messages").inner_text()
            assert "1张图片未放入正文" in editor.locator(".messages").inner_text()
            preview = editor.locator(".preview-frame .article")
            assert preview.locator("h2").inner_text() == "一、调整标准"
            assert preview.locator("strong").inner_text() == "每人每月800元"
            assert preview.locator("table td").count() == 4
            editor.screenshot(path=str(OUTPUT / "disclosure-word-draft.png"), full_page=True)
            doc_url = editor.url
            editor.get_by_role("button", name="提交保密审查").click()
            editor.wait_for_load_state()

            reviewer = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
            _login(reviewer, live_server.url, "wd-reviewer")
            reviewer.goto(doc_url)
            assert "城市低保标准每人每月800元" in reviewer.locator(".preview-frame").inner_text()
            reviewer.get_by_role("button", name="保密审查通过").click()
            reviewer.wait_for_load_state()
            assert "已保密审查通过" in reviewer.locator(".messages").inner_text()

            editor.goto(doc_url)
            editor.get_by_role("button", name="发布").click()
            editor.wait_for_load_state()
            editor.get_by_role("link", name="查看公开页面").click()
            editor.wait_for_load_state()
            assert editor.locator(".article h2").inner_text() == "一、调整标准"
            assert editor.locator(".article table td").count() == 4
            editor.screenshot(path=str(OUTPUT / "disclosure-word-public.png"), full_page=True)
        finally:
            browser.close()
