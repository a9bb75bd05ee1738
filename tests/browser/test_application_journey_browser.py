"""依申请公开, clicked through as the staff of an agency would in Debian's chromium (issue 11, "Done
when" and item 11): in December, before the next year's holidays are entered (the due date is
then pending: :class:`gongkai.rules.calendar.Pending`), a handler registers an application handed
in at the counter and prints its 回执 with the 查询码 (shown once) → confirms receipt (Art. 31; the
due date is pending, with its earliest value) → 告知补正 and 登记收到补正 (Art. 30) → 书面征求意见 and
登记收到意见 (Art. 32) → the office head approves an extension, the notice to the applicant waits
for the 2027 calendar, the calendar administrator pastes the notice, the handler tells the
applicant (Art. 33 ¶1) → drafts the reply letter → a leader signs it → the handler delivers it
(Art. 36) → the applicant reads the reply on the portal with the number and code of the 回执.
A screenshot of every step is kept (``intake-*.png``)."""

import datetime as dt
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
# A stand-in for the 2027 notice in the notice's own form (the real one is not out yet).
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（周六）至13日（周六）放假调休，共8天。2月20日（周六）上班。"""
# What a handler types into the reply letter's gaps, by the gap's label (any other: a plain fill).
FILLS = {"行政复议机关": "随州市人民政府"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium missing"),
]


class Clock:
    """The platform's clock, moved by the test: 10:00 on a day (the live server runs in this process)."""

    def __init__(self, monkeypatch):
        from django.utils import timezone

        from gongkai.applications import services

        self.moment = None
        real_localdate = timezone.localdate
        monkeypatch.setattr(services, "now", lambda: self.moment)
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, timezone=None: real_localdate(value or self.moment, timezone),
        )

    def to(self, day: dt.date) -> str:
        from django.utils import timezone

        self.moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        return day.isoformat()


@pytest.fixture
def desk(transactional_db, agency_tree, make_staff, settings, tmp_path, monkeypatch):
    """随州市民政局's handler, office head and leader, the platform's calendar administrator, and the
    clock on Friday 4 December 2026 (made before Playwright starts its event loop)."""
    settings.MEDIA_ROOT = tmp_path
    city = agency_tree["city"]
    city.office_name, city.phone = "随州市民政局办公室", "0722-3222222"
    city.save()
    make_staff(city, "handler", username="aj-handler")
    make_staff(city, "office_head", username="aj-head")
    make_staff(city, "leader", username="aj-leader")
    make_staff(agency_tree["province"], "agency_admin", "calendar_admin", username="aj-calendar")
    clock = Clock(monkeypatch)
    clock.to(dt.date(2026, 12, 4))
    from gongkai.workdays.calendar import holiday_table

    assert 2027 not in holiday_table().years  # the premise: next year's holidays not entered
    return {"city": city, "clock": clock}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Shots:
    def __init__(self):
        self.n = 0

    def __call__(self, page, name: str) -> None:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        self.n += 1
        path = OUTPUT / f"intake-{self.n:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000


def login(browser, url: str, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
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


def act(page, action: str, label: str, fields: dict[str, str], check: tuple[str, ...] = ()) -> None:
    """Open one of the case page's actions (a <details>), fill it in and submit it."""
    box = page.locator("details", has=page.locator(f"form[action$='/{action}/']"))
    box.locator("summary").click()
    for name, value in fields.items():
        box.locator(f"#id_{action}_{name}").fill(value)
    for name in check:
        box.locator(f"#id_{action}_{name}").check()
    click(box, "button", label)


def test_december_application_from_counter_to_delivered_reply(live_server, desk, browser):
    base, clock, city = live_server.url, desk["clock"], desk["city"]
    shot = Shots()

    # 1. Friday 4 December 2026: an applicant hands in a paper form at the counter.
    handler = login(browser, base, "aj-handler")
    click(handler, "link", "依申请公开")
    click(handler, "link", "登记申请（当面、邮寄、传真、电子邮件）")
    handler.get_by_label("申请渠道").select_option("in_person")
    handler.get_by_label("申请人类型").select_option("natural_person")
    for name, value in {
        "applicant_name": "张三",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "email": "zhang.san@example.cn",
        "address": "湖北省随州市曾都区某路1号",
        "postcode": "441300",
        "description": "2025年度随州市城乡最低生活保障资金发放情况",
    }.items():
        handler.locator(f"#id_{name}").fill(value)
    handler.get_by_label("证件类型").select_option("resident_id")
    if handler.locator("#id_applied_on").count():  # 申请日期, the date on the paper form (issue 11, item 8)
        handler.locator("#id_applied_on").fill("2026-12-04")
    handler.locator("input[name=medium][value=electronic]").check()
    handler.locator("input[name=delivery][value=email]").check()
    shot(handler, "register-form")
    click(handler, "button", "登记")

    # The 回执, printed for the applicant: number, 查询码 (this once), Art. 33, where to look it up.
    assert "请打印回执交申请人" in flash(handler)
    slip = handler.locator("section.slip")
    number, code = slip.locator("#slip-number").inner_text(), slip.locator("#slip-code").inner_text()
    assert re.fullmatch(r"2026-\d{4}", number) and re.fullmatch(r"[A-Z2-9]{8}", code)
    assert "随州市民政局（随州市民政局办公室）" in slip.locator("#slip-agency").inner_text()
    assert "当面提交的，以提交之日为收到申请之日" in slip.locator("#slip-received").inner_text()
    assert "二十个工作日内予以答复" in slip.locator("#slip-period").inner_text()
    assert f"{base}/{city.slug}/apply/status/" in slip.locator("#slip-lookup").inner_text()
    assert handler.get_by_role("button", name="打印回执").is_visible()  # window.print(), no inline script
    shot(handler, "slip")
    handler.emulate_media(media="print")
    shot(handler, "slip-print")  # what the printer gets: the slip without the staff frame
    assert not handler.locator("header.site").is_visible() and slip.is_visible()
    assert not handler.locator(".messages").is_visible()  # no flash message on paper
    handler.emulate_media(media="screen")
    with handler.expect_download() as download:
        handler.get_by_role("link", name="下载回执（PDF）").click()
    pdf = OUTPUT / "intake-slip.pdf"
    download.value.save_as(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    click(handler, "button", "回执已交付，不再显示查询码")
    case_url = handler.url
    assert code not in handler.content()

    # 2. Receipt (Art. 31): handed in today. The 20th working day falls in 2027: pending.
    assert (
        handler.locator("#applicant-email").inner_text().startswith("zhang.san@example.cn")
    )  # delivery by e-mail
    act(handler, "receipt", "确认收到日期（第三十一条）", {"received_on": "2026-12-04"})
    assert flash(handler) == "已办理"
    assert "答复期限待定：2027年节假日安排尚未录入" in handler.locator("#deadline-pending").inner_text()
    assert "答复期限最早为 2027-01-01" in handler.locator("#deadline-pending").inner_text()
    shot(handler, "received-pending")

    # 3. 补正 (Art. 30): within 7 working days, one notice listing what to add; received two days later.
    clock.to(dt.date(2026, 12, 7))
    handler.goto(case_url)
    act(
        handler,
        "supplement",
        "告知补正（第三十条）",
        {"on": "2026-12-07", "items": "请写明所需资金发放情况的范围（市本级或各县市区）", "days": "10"},
    )
    assert flash(handler) == "已办理"
    assert handler.locator("main h1 .tag").first.inner_text() == "等待补正"
    shot(handler, "supplement-requested")
    clock.to(dt.date(2026, 12, 9))
    handler.goto(case_url)
    act(
        handler,
        "supplement_received",
        "登记收到补正（第三十条）",
        {"on": "2026-12-09", "note": "申请人补正：市本级"},
    )
    assert flash(handler) == "已办理"
    shot(handler, "supplement-received")

    # 4. Consultation (Art. 32): a third party's interests; its answer comes a week later.
    clock.to(dt.date(2026, 12, 10))
    handler.goto(case_url)
    act(
        handler,
        "consult",
        "书面征求意见（第三十二条、第三十四条）",
        {"on": "2026-12-10", "party": "随州市某养老服务有限公司"},
    )
    assert flash(handler) == "已办理"
    assert handler.locator("main h1 .tag").first.inner_text() == "征求意见中"
    shot(handler, "consulting")
    clock.to(dt.date(2026, 12, 17))
    handler.goto(case_url)
    act(
        handler,
        "consultation_answered",
        "登记收到意见（第三十三条第二款）",
        {"on": "2026-12-17", "party": "随州市某养老服务有限公司", "note": "同意公开"},
    )
    assert flash(handler) == "已办理"
    shot(handler, "consultation-answered")

    # 5. Extension (Art. 33 ¶1): the office head approves; the notice must name the new due date,
    #    which lies in 2027: it waits for the calendar, and says so.
    clock.to(dt.date(2026, 12, 18))
    handler.goto(case_url)
    assert "“同意延长答复期限”须由公开工作机构负责人（aj-head）办理" in handler.locator("main").inner_text()
    head = login(browser, base, "aj-head")
    head.goto(case_url)
    act(
        head,
        "approve_extension",
        "同意延长答复期限（第三十三条第一款）",
        {"on": "2026-12-18", "days": "20", "note": "需征求意见并汇总各县市区数据"},
    )
    assert flash(head) == "已办理"
    shot(head, "extension-approved")
    handler.goto(case_url)
    act(handler, "notify_extension", "告知申请人延期（第三十三条第一款）", {"on": "2026-12-18"})
    assert "2027年节假日安排尚未录入，告知书无法写明答复期限" in flash(handler)
    shot(handler, "extension-waits-for-calendar")

    calendar = login(browser, base, "aj-calendar")
    assert "下一年度节假日尚未录入" in calendar.locator("#calendar-missing").inner_text()
    click(calendar, "link", "按国务院办公厅通知录入2027年安排")
    calendar.fill("#id_text", NOTICE_2027)
    click(calendar, "button", "识别并预览")
    click(calendar, "button", "确认无误，保存2027年安排")
    assert "已录入2027年节假日安排" in flash(calendar)

    handler.goto(case_url)
    assert handler.locator("#deadline-pending").count() == 0
    act(handler, "notify_extension", "告知申请人延期（第三十三条第一款）", {"on": "2026-12-18"})
    assert flash(handler) == "已办理"
    due = re.search(r"答复期限：(\d{4}-\d{2}-\d{2})", handler.locator("#clock").inner_text()).group(1)
    # Counted by hand: 20 working days from the supplement (9 Dec) → 7 Jan (1 Jan off); + the
    # consultation's 5 working days (10–17 Dec) → 14 Jan; + 20 → 18 Feb (6–13 Feb off, 春节).
    assert due == "2027-02-18"
    assert "延期答复告知书" in handler.locator("section[aria-labelledby=notices]").inner_text()
    steps = handler.locator("section[aria-labelledby=clock]").inner_text()
    assert (
        "政府信息公开工作机构负责人（aj-head）同意延长答复期限20个工作日" in steps
    )  # who approved, not the reason
    shot(handler, "extension-notified")

    # 6. The reply letter: drafted by the handler, gaps filled, signed by a leader, delivered.
    clock.to(dt.date(2026, 12, 28))
    handler.goto(case_url)
    reply = handler.locator("section[aria-labelledby=reply]")
    reply.get_by_label("答复结果").select_option("granted")
    reply.get_by_label("提供的信息及获取方式/说明").fill(
        "《2025年度随州市本级城乡最低生活保障资金发放情况》，电子文档，随本告知书发送"
    )
    click(reply, "button", "生成草稿")
    assert "已生成答复告知书草稿" in flash(handler)
    body = reply.get_by_label("告知书正文")
    text = body.input_value()
    filled = re.sub(r"【请填写：([^】]*)】", lambda m: FILLS.get(m.group(1), "已核实"), text)
    if filled != text:
        body.fill(filled)
        click(reply, "button", "保存修改")
        assert flash(handler) == "告知书已保存"
    assert "【请填写" not in reply.get_by_label("告知书正文").input_value()
    assert "“签发答复告知书”须由签发领导（aj-leader）办理" in handler.locator("main").inner_text()
    shot(handler, "letter-drafted")

    leader = login(browser, base, "aj-leader")
    leader.goto(case_url)
    click(leader.locator("section[aria-labelledby=reply]"), "button", "签发")
    assert flash(leader) == "告知书已签发"
    assert (
        "zhang.san@example.cn" not in leader.locator("main").inner_text()
    )  # masked for who does not deliver
    shot(leader, "letter-signed")

    handler.goto(case_url)
    reply = handler.locator("section[aria-labelledby=reply]")
    reply.get_by_label("送达日期").fill("2026-12-28")
    click(reply, "button", "送达并存档")
    assert "答复已送达" in flash(handler)
    assert "剩余" not in handler.locator("#clock").inner_text()  # closed: no working days left to show
    assert handler.locator("main h1 .tag").first.inner_text() == "已办结"
    assert "已送达" in handler.locator("section[aria-labelledby=reply]").inner_text()
    shot(handler, "delivered")

    # 7. The applicant, with the 回执's number and code, reads the reply on the portal.
    applicant = browser.new_context(viewport={"width": 1100, "height": 1000}, locale="zh-CN").new_page()
    applicant.goto(f"{base}/{city.slug}/apply/status/")
    applicant.get_by_label("申请编号").fill(number)
    applicant.get_by_label("查询码").fill(code)
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_load_state()
    page = applicant.locator("main").inner_text()
    assert number in page and "政府信息公开申请答复告知书" in page
    shot(applicant, "applicant-reads-reply")
