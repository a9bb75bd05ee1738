"""The applicant's letters, clicked through in Debian's chromium (issue 11, items 8–10): from the case
page every notice downloads as Word and PDF with its number; an agency without a 行政复议机关 shows
the 【请填写行政复议机关】 gap and 签发 is refused in Chinese; the agency admin sets it on 告知书设置."""

import datetime as dt
import io
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
D = dt.date

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium missing"),
]


@pytest.fixture
def cases(transactional_db, agency_tree, make_staff, form_data_browser, settings, tmp_path, monkeypatch):
    """A case of 随州市民政局 that sent every kind of notice, and one of 岳阳市民政局 (no 告知书设置),
    made before Playwright starts its event loop."""
    from django.utils import timezone

    from gongkai.applications import letters, services

    settings.MEDIA_ROOT = tmp_path
    moment = timezone.make_aware(dt.datetime(2026, 3, 4, 10, 0))
    monkeypatch.setattr(services, "now", lambda: moment)
    city, other = agency_tree["city"], agency_tree["other"]
    h = make_staff(city, "handler", "office_head", "leader", username="lt-handler")
    app, _ = services.submit(
        city, form_data_browser | {"applied_on": D(2026, 2, 27)}, channel="registered_post", registered_by=h
    )
    services.confirm_receipt(h, app, D(2026, 3, 2), "挂号信签收")
    services.request_supplement(h, app, D(2026, 3, 2), "所需信息的年份。", 5)
    services.supplement_received(h, app, D(2026, 3, 4))
    services.consult(h, app, D(2026, 3, 4), "随州市某某公司")
    services.consultation_answered(h, app, D(2026, 3, 4), "随州市某某公司")
    services.consult(h, app, D(2026, 3, 4), "随州市财政局", agency=True)
    services.consultation_answered(h, app, D(2026, 3, 4), "随州市财政局")
    services.approve_extension(h, app, D(2026, 3, 4), 10)
    services.notify_extension(h, app, D(2026, 3, 4))
    services.send_fee_notice(h, app, D(2026, 3, 4), "volume", 150)
    services.fee_paid(h, app, D(2026, 3, 4))
    letters.draft_reply(h, app, "granted", provided=["低保资金分配表"])
    make_staff(other, "handler", "leader", "agency_admin", username="lt-yy")
    gap, _ = services.submit(other, form_data_browser)
    services.confirm_receipt(h.__class__.objects.get(username="lt-yy"), gap, D(2026, 3, 4), "电话确认")
    return {"app": app, "gap": gap}


@pytest.fixture
def form_data_browser():
    return {
        "applicant_kind": "natural_person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "138 1234 5678",
        "email": "zhang@example.cn",
        "address": "湖北省随州市曾都区某路1号",
        "postcode": "441300",
        "description": "2024年度城乡最低生活保障资金发放情况。",
        "medium": "paper",
        "delivery": "post",
    }


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def shot(page, name: str, prefix: str = "letters") -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{prefix}-{name}.png"), full_page=True)


def login(browser, url: str, username: str):
    context = browser.new_context(
        viewport={"width": 1280, "height": 1000}, locale="zh-CN", accept_downloads=True
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{url}/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


def _text(data: bytes, kind: str) -> str:
    if kind == "docx":
        from docx import Document

        return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def test_every_notice_downloads_and_a_letter_without_its_reconsideration_body_is_not_signed(
    live_server, cases, browser
):
    base, app, gap = live_server.url, cases["app"], cases["gap"]
    page = login(browser, base, "lt-handler")
    page.goto(f"{base}/staff/applications/{app.pk}/")
    # 说明理由告知书 (Art. 35) with its period cleared: refused in Chinese, nothing sent; then with it.
    form = page.locator("form[action$='/request_reasons/']")
    page.locator("details", has=form).locator("summary").click()
    assert form.get_by_label("说明理由期限（工作日）").input_value() == "15"
    form.get_by_label("说明理由期限（工作日）").fill("")
    form.get_by_role("button", name="要求说明理由").click()
    page.wait_for_load_state()
    message = page.locator(".messages").inner_text()
    assert "不能发出" in message and "说明理由期限（工作日）" in message and "第三十五条" in message, message
    assert "说明理由告知书" not in page.locator("section[aria-labelledby=notices]").inner_text()
    shot(page, "reasons-refused", "gaps")
    form = page.locator("form[action$='/request_reasons/']")
    page.locator("details", has=form).locator("summary").click()
    form.get_by_label("说明理由期限（工作日）").fill("15")
    form.get_by_role("button", name="要求说明理由").click()
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text().strip() == "已办理"
    section = page.locator("section[aria-labelledby=notices]")
    assert "政府信息公开申请说明理由告知书 随民依公开〔2026〕6号" in section.inner_text()
    shot(page, "reasons-sent", "gaps")
    links = section.locator("a[id^=notice-]")
    assert links.count() == 12  # six notices, Word and PDF each
    titles, numbers = set(), {}
    for i in range(links.count()):
        link = links.nth(i)
        kind = "pdf" if link.get_attribute("id").endswith("pdf") else "docx"
        with page.expect_download() as info:
            link.click()
        data = Path(info.value.path()).read_bytes()
        name = info.value.suggested_filename
        assert name.endswith(f"-{app.number}.{kind}"), name
        titles.add(name.split("-")[0])
        text = _text(data, kind)
        number = next(line for line in text.splitlines() if line.startswith("随民依公开〔2026〕"))
        assert number.endswith("号") and "2026年3月" in text and "。。" not in text, (name, text[:200])
        assert numbers.setdefault(name.split("-")[0], number) == number  # Word and PDF: the same number
    assert titles == {
        "政府信息公开申请补正告知书",
        "政府信息公开第三方意见征询函",
        "政府信息公开征求意见函",
        "政府信息公开申请延期答复告知书",
        "信息处理费缴纳通知书",
        "政府信息公开申请说明理由告知书",
    }
    # Each notice its own number (GB/T 9704-2012 7.2.4), in the order sent.
    assert sorted(numbers.values(), key=len) == [f"随民依公开〔2026〕{n}号" for n in range(1, 7)], numbers
    section.locator("details").first.locator("summary").click()
    shot(page, "case-notices")
    for kind in ("docx", "pdf"):
        with page.expect_download() as info:
            page.locator(f"#reply-{kind}").click()
        text = _text(Path(info.value.path()).read_bytes(), kind).replace("\n", "")
        assert "政府信息公开申请答复告知书" in text and "向随州市人民政府申请行政复议" in text

    # 岳阳市民政局 has no 行政复议机关: the draft shows the gap, 签发 is refused in Chinese.
    yy = login(browser, base, "lt-yy")
    yy.goto(f"{base}/staff/applications/{gap.pk}/")
    reply = yy.locator("section[aria-labelledby=reply]")
    reply.get_by_label("答复结果").select_option("unavailable.not_held")
    reply.get_by_role("button", name="生成草稿").click()
    yy.wait_for_load_state()
    assert "向【请填写行政复议机关】申请行政复议" in reply.get_by_label("告知书正文").input_value()
    assert "告知书未写明行政复议机关，不能签发" in yy.locator("#reconsideration-gap").inner_text()
    reply.get_by_role("button", name="签发").click()
    yy.wait_for_load_state()
    message = yy.locator(".messages").inner_text()
    assert "告知书未写明行政复议机关" in message and "第二十条第三款" in message
    assert "已签发" not in yy.locator("section[aria-labelledby=reply] .tag").inner_text()
    shot(yy, "sign-refused")

    # The agency admin names the body on 告知书设置 (reached from the queue), the redraft is signed.
    yy.goto(f"{base}/staff/applications/")
    yy.get_by_role("link", name="告知书设置").click()
    yy.wait_for_load_state()
    assert "尚未设置行政复议机关" in yy.locator("#reconsideration-missing").inner_text()
    yy.get_by_label("告知书发文字号的机关代字").fill("岳民依公开")
    yy.get_by_label("行政复议机关").fill("岳阳市人民政府")
    shot(yy, "settings")
    yy.get_by_role("button", name="保存").click()
    yy.wait_for_load_state()
    assert "告知书设置已保存" in yy.locator(".messages").inner_text()
    assert yy.locator("#number-example").inner_text() == "岳民依公开〔2026〕12号"
    yy.goto(f"{base}/staff/applications/{gap.pk}/")
    reply = yy.locator("section[aria-labelledby=reply]")
    yy.locator("details", has=yy.locator("form[action$='/letter/draft/']")).locator("summary").click()
    reply.get_by_label("答复结果").select_option("unavailable.not_held")
    reply.get_by_role("button", name="生成草稿").click()
    yy.wait_for_load_state()
    assert "向岳阳市人民政府申请行政复议" in reply.get_by_label("告知书正文").input_value()
    reply.get_by_role("button", name="签发").click()
    yy.wait_for_load_state()
    assert yy.locator(".messages").inner_text().strip() == "告知书已签发"
    shot(yy, "signed")
