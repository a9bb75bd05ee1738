"""政民互动 in Debian's chromium: the public writes, reads the status with number and 查询码, and
rates the reply; staff reply from the queue, a leader reviews, and the reply is published. The ORM
is used only outside Playwright's event loop; screenshots are kept."""

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
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium missing"),
]


@pytest.fixture
def setup(transactional_db, agency_tree, make_staff):
    from gongkai.interaction.models import Box

    city = agency_tree["city"]
    box = Box.objects.create(agency=city, name="局长信箱", kinds=["consult", "help", "complain"])
    return {
        "box": box,
        "city": city,
        "admin": make_staff(city, "agency_admin", username="b-admin"),
        "handler": make_staff(city, "handler", username="b-handler"),
        "leader": make_staff(city, "leader", "reviewer", username="b-leader"),
    }


def _browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def _watch(page) -> list[str]:
    """Console messages of refused content (the Content-Security-Policy): the test ends with none."""
    refused: list[str] = []
    page.on(
        "console",
        lambda m: (
            refused.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text or "Refused to" in m.text
            else None
        ),
    )
    return refused


def _shot(page, name):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"interaction-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000


def _login(page, url, username):
    page.goto(f"{url}/staff/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_public_form_status_and_rating(live_server, setup):
    from playwright.sync_api import sync_playwright

    from gongkai.interaction import services
    from gongkai.interaction.models import Message

    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        refused = _watch(page)
        page.goto(f"{live_server.url}/szmzj/interaction/")
        page.get_by_role("link", name="我要写信").click()
        page.fill("#id_name", "赵六")
        page.fill("#id_phone", "1391234")  # wrong: refused in Chinese, nothing saved
        page.select_option("#id_kind", "consult")
        page.fill("#id_title", "临时救助如何申请")
        page.fill("#id_content", "家中突发变故，请问临时救助如何申请？")
        page.check("input[name=public_ok][value=yes]")
        page.get_by_role("button", name="提交留言").click()
        assert "请填写有效的联系电话" in page.content()
        page.fill("#id_phone", "13912345678")
        page.get_by_role("button", name="提交留言").click()
        number = page.locator("#number").inner_text()
        code = page.locator("#code").inner_text()
        assert re.fullmatch(r"SZMZJ-\d{4}-0001", number) and re.fullmatch(r"[A-Z0-9]{8}", code)
        _shot(page, "done")
        page.get_by_role("link", name="查看办理情况").click()
        assert page.locator("#state").inner_text() == "待受理"
        assert not refused
        browser.close()

    msg = Message.objects.get(number=number)
    services.accept(setup["admin"], msg)
    services.assign(setup["admin"], msg, handler=setup["handler"])
    services.reply(setup["handler"], msg, "您好，临时救助向户籍所在地乡镇（街道）申请，急难情况可先行救助。")
    services.review_reply(setup["leader"], msg, True)

    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1100, "height": 900})  # another browser: code needed
        page.goto(f"{live_server.url}/szmzj/interaction/query/")
        page.fill("#id_number", number)
        page.fill("#id_code", code)
        page.get_by_role("button", name="查询").click()
        assert "急难情况可先行救助" in page.locator("#reply").inner_text()
        page.check("input[name=rating][value=满意]")
        page.get_by_role("button", name="提交评价").click()
        assert "感谢您的评价" in page.content()
        assert (
            page.locator("#state").inner_text() == "已办结" and page.locator("#rating").inner_text() == "满意"
        )
        _shot(page, "status-rated")
        browser.close()
    msg.refresh_from_db()
    assert msg.rating == "满意" and msg.closed_on


def test_staff_queue_reply_review_publish(live_server, setup):
    from playwright.sync_api import sync_playwright

    from gongkai.interaction import services
    from gongkai.interaction.models import Message

    msg, _ = services.submit(
        setup["box"],
        {
            "kind": "complain",
            "title": "养老院收费不透明",
            "name": "钱七",
            "phone": "13800002222",
            "content": "某养老院收费项目不公示，电话13800002222。",
            "public_ok": True,
        },
    )
    services.accept(setup["admin"], msg)
    services.assign(setup["admin"], msg, handler=setup["handler"])

    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        refused = _watch(page)
        _login(page, live_server.url, "b-handler")
        page.goto(f"{live_server.url}/staff/interaction/")
        row = page.locator("table.queue tbody tr").first
        assert "q-ok" in row.get_attribute("class") and "138****2222" in row.inner_text()
        _shot(page, "queue")
        row.get_by_role("link", name=msg.number).click()
        page.fill("#id_text", "经核查，该养老院已按要求在醒目位置公示收费项目和标准，并接受监督。")
        page.get_by_role("button", name="提交答复").click()
        assert page.locator("#state").inner_text() == "答复待审核"
        page.get_by_role("button", name="退出").click()

        _login(page, live_server.url, "b-leader")
        page.goto(f"{live_server.url}/staff/interaction/{msg.pk}/")
        page.check("#id_publish")
        page.get_by_role("button", name="审核通过并答复").click()
        assert page.locator("#state").inner_text() == "已答复"
        page.get_by_role("button", name="公开答复").click()
        assert "已公开" in page.locator("h1").inner_text()
        _shot(page, "case-published")
        page.goto(f"{live_server.url}/szmzj/interaction/replies/")
        assert "养老院收费不透明" in page.content() and "13800002222" not in page.content()
        page.get_by_role("link", name="养老院收费不透明").click()
        body = page.locator("main").inner_text()
        assert "醒目位置公示" in body and "钱七" not in body and "138****2222" in body
        _shot(page, "published-document")
        assert not refused
        browser.close()
    msg = Message.objects.get(pk=msg.pk)
    assert msg.published_at and msg.reviewed_by == setup["leader"]


def test_statistics_chart_draws_from_the_vendored_script(live_server, setup, make_staff, agency_tree):
    from playwright.sync_api import sync_playwright

    from gongkai.interaction import services

    for i in range(3):
        msg, _ = services.submit(
            setup["box"],
            {
                "kind": "consult",
                "title": f"咨询{i}",
                "name": "孙",
                "phone": "13800003333",
                "content": "请问如何办理？",
                "public_ok": False,
            },
        )
        services.accept(setup["admin"], msg)
    make_staff(agency_tree["province"], "supervisor", username="b-sup")
    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        refused = _watch(page)
        _login(page, live_server.url, "b-sup")
        page.goto(f"{live_server.url}/staff/interaction/stats/")
        page.wait_for_selector("#interaction-chart canvas", timeout=10_000)
        assert (
            "下级机关排名" in page.content() and "随州市民政局" in page.locator("table.ranking").inner_text()
        )
        page.wait_for_timeout(1200)
        _shot(page, "stats")
        assert not errors and not refused
        browser.close()
