"""The public portal in Debian's chromium (Playwright): the page frame and metadata, the agency
home's columns, the document page and its print view, 适老 mode, axe-core (no serious or critical
violation), phones at 390 px, 繁體, catalogue facets, applying (Back + resubmit, the 回执) and the
error pages. Issue 13 items 1–11. The axe results per page are written to test-output/axe-portal.json."""

import json
import os
import re
import shutil
from pathlib import Path

import pytest

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
PHONE = {"width": 390, "height": 844}
APPLICANT = {
    "applicant_name": "张三",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "email": "zhang@example.cn",
    "description": "2024年度城乡最低生活保障资金发放情况",
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium missing"),
]


@pytest.fixture
def docs(transactional_db, settings, tmp_path):
    """The demo with the portal's documents, loaded before Playwright starts its event loop."""
    from gongkai.demo.loader import load_demo
    from gongkai.demo.portal import load_portal_demo
    from gongkai.disclosure.models import Document

    settings.MEDIA_ROOT = tmp_path
    load_demo()
    load_portal_demo()
    return {
        "new": Document.objects.get(doc_number="鄂民政规〔2021〕3号").pk,
        "old": Document.objects.get(doc_number="鄂民政规〔2018〕2号").pk,
        "notice": Document.objects.get(doc_number="鄂民办发〔2017〕8号").pk,
        "szmzj": Document.objects.get(title="随州市民政局2017年政务信息公开工作情况").pk,
        "pymzj": Document.objects.filter(agency__slug="pymzj", title__contains="自查报告").first().pk,
    }


@pytest.fixture
def browser(docs):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def public_pages(docs) -> dict[str, str]:
    return {
        "home": "/",
        "agency home": "/hbmzt/",
        "catalogue": "/hbmzt/catalogue/",
        "guide": "/hbmzt/guide/",
        "document": f"/hbmzt/doc/{docs['new']}/",
        "document 繁體": f"/hbmzt/doc/{docs['new']}/?lang=zh-hant",
        "document 适老": f"/hbmzt/doc/{docs['new']}/?mode=elder",
        "search results": "/search/?q=低保",
        "sitemap": "/sitemap/",
        "apply form": "/hbmzt/apply/",
        "status lookup": "/hbmzt/apply/status/",
    }


def reset(page, base):
    page.goto(base + "/?lang=zh-hans&mode=standard")


def submit_application(page, base, slug="szmzj"):
    page.goto(f"{base}/{slug}/apply/")
    for name, value in APPLICANT.items():
        page.fill(f"[name={name}]", value)
    page.check("input[name=medium][value=electronic]")
    page.check("input[name=delivery][value=email]")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()


# -- 1, 2: frame and metadata ------------------------------------------------------------------------


def test_frame_breadcrumb_footer_and_meta_on_every_public_page(live_server, docs, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    for name, url in public_pages(docs).items():
        page.goto(live_server.url + url)
        reset_needed = "lang=" in url or "mode=" in url
        assert page.locator("header.site .brand").is_visible(), name
        assert page.locator("nav.crumbs li").first.inner_text() in ("首页", "首頁"), name
        footer = page.locator("footer.site").inner_text()
        for item in (
            "4200000001",
            "ICP备00000000号" if "繁體" not in name else "ICP備00000000號",
            "42000000000000",
        ):
            assert item in footer, (name, item)
        assert page.locator('meta[name="SiteIDCode"]').get_attribute("content") == "4200000001"
        assert page.locator('meta[name="ColumnName"]').get_attribute("content"), name
        if reset_needed:
            reset(page, live_server.url)
    page.goto(f"{live_server.url}/hbmzt/doc/{docs['new']}/")
    assert page.locator('meta[name="PubDate"]').get_attribute("content") == "2021-09-10 09:30"
    assert (
        page.locator('meta[name="ArticleTitle"]').get_attribute("content").startswith("湖北省民政厅关于印发")
    )
    page.get_by_role("link", name="网站地图").first.click()
    assert (
        page.locator("h1").inner_text() == "网站地图"
        and page.get_by_role("link", name="随州市民政局").count()
    )


# -- 3, 4: agency home and document page ---------------------------------------------------------------


def test_agency_home_columns_and_the_document_page(live_server, docs, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{live_server.url}/hbmzt/")
    policy = page.locator("section.column", has=page.locator("h3", has_text="政策文件"))
    assert "已修订" in policy.inner_text()
    policy.get_by_role("link", name=re.compile("审核审批办法")).click()
    notice = page.locator("p.validity-notice")
    assert notice.is_visible() and notice.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
    notice.get_by_role("link").click()  # to the amending document
    assert page.url.endswith(f"/doc/{docs['new']}/")
    title = page.locator("h1.doc-title")
    assert page.evaluate("getComputedStyle(document.querySelector('h1.doc-title')).textAlign") == "center"
    signature = page.locator("p.signature").last
    assert signature.inner_text() == "2021年9月1日"
    assert page.evaluate("getComputedStyle(document.querySelector('p.signature')).textAlign") == "right"
    assert "（PDF，" in page.locator("section.attachments").inner_text()
    # 字号: 大 makes the 正文 larger; 打印 is there with JavaScript; 上一篇/下一篇
    body_px = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article')).fontSize)")
    page.get_by_role("link", name="字号大").click()
    assert (
        page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article')).fontSize)") > body_px
    )
    assert page.get_by_role("button", name="打印").is_visible()
    assert page.get_by_role("link", name="关闭").is_visible()
    assert page.locator("a[rel=prev]").count() == 1 and page.locator("a[rel=next]").count() == 1
    # Print: the frame is gone, the title stays centred.
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible() and not page.locator("footer.site").is_visible()
    assert not page.locator(".doc-tools").is_visible() and title.is_visible()
    page.emulate_media(media="screen")


# -- 5: 适老 mode -----------------------------------------------------------------------------------


def sizes(page) -> dict[str, float]:
    return page.evaluate("""() => {
        const px = (sel, prop) => parseFloat(getComputedStyle(document.querySelector(sel))[prop]);
        return {body: px('body', 'fontSize'), title: px('h1.doc-title', 'fontSize'),
                article: px('.article p', 'fontSize'), line: px('.article p', 'lineHeight') / px('.article p', 'fontSize'),
                meta: px('table.meta td', 'fontSize'), nav: px('.mainnav a', 'fontSize'),
                placeholderFits: (() => { const i = document.querySelector('#site-q');
                    const c = document.createElement('canvas').getContext('2d'); const s = getComputedStyle(i);
                    c.font = s.fontSize + ' ' + s.fontFamily;
                    return c.measureText(i.placeholder).width <= i.clientWidth - parseFloat(s.paddingLeft); })()};
    }""")


def test_elder_mode_enlarges_every_text_without_javascript_and_is_remembered(live_server, docs, browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    url = f"{live_server.url}/hbmzt/doc/{docs['new']}/"
    page.goto(url)
    standard = sizes(page)
    page.get_by_role("link", name="适老模式").click()  # a plain link: no JavaScript needed
    page.wait_for_load_state()
    elder = sizes(page)
    for key in ("body", "title", "article", "meta", "nav"):
        assert elder[key] >= 1.5 * standard[key] - 0.01, (key, standard[key], elder[key])
    assert elder["body"] >= 24 and elder["line"] >= 1.5 and elder["placeholderFits"]
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    link_height = page.evaluate("document.querySelector('.mainnav a').getBoundingClientRect().height")
    assert link_height >= 44
    page.goto(f"{live_server.url}/hbmzt/")  # remembered on the next page
    assert "mode-elder" in page.locator("html").get_attribute("class")
    assert page.evaluate("getComputedStyle(document.querySelector('.entry-tiles')).animationName") == "none"
    context.close()


# -- 6: axe-core and the keyboard ----------------------------------------------------------------


def serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_no_serious_or_critical_violation(live_server, docs, browser):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()  # its bundled axe.min.js (axe-core 4.12.1): nothing is fetched
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    pages = public_pages(docs)
    report, failures = {}, {}

    def check(name):
        results = axe.run(page)
        violations = results.response["violations"]
        report[name] = {
            "url": page.url.replace(live_server.url, ""),
            "violations": len(violations),
            "by_impact": {
                i: sum(1 for v in violations if v["impact"] == i)
                for i in ("minor", "moderate", "serious", "critical")
            },
            "rules": sorted({v["id"] for v in violations}),
        }
        if serious(results):
            failures[name] = serious(results)

    for name, url in pages.items():
        page.goto(live_server.url + url)
        check(name)
        if "lang=" in url or "mode=" in url:
            reset(page, live_server.url)
    page.goto(f"{live_server.url}/hbmzt/apply/")
    page.get_by_role("button", name="提交申请").click()  # nothing filled in: every error shown
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() >= 5
    check("apply form with errors")
    submit_application(page, live_server.url)
    check("done (回执)")
    page.get_by_role("link", name="查看办理进度").click()
    page.wait_for_load_state()
    check("status page")
    page.goto(f"{live_server.url}/no/such/page/")
    check("404 page")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "axe-portal.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    assert failures == {}


def test_keyboard_skip_link_visible_focus_and_every_control_reachable(live_server, docs, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{live_server.url}/hbmzt/doc/{docs['new']}/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert page.evaluate("document.activeElement.className") == "skip" and skip.is_visible()
    assert page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)") >= 2
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(f"{live_server.url}/hbmzt/doc/{docs['new']}/")
    wanted = page.evaluate("""() => [...document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea')]
        .filter(e => e.offsetParent !== null && !e.hidden)
        .map((e, i) => { e.dataset.kb = i; return i; })""")
    reached, outlines = set(), []
    for _ in range(len(wanted) + 3):
        page.keyboard.press("Tab")
        kb, outline = page.evaluate("""() => [document.activeElement.dataset.kb,
                                             parseFloat(getComputedStyle(document.activeElement).outlineWidth)]""")
        if kb is not None:
            reached.add(int(kb))
            outlines.append(outline)
    assert set(wanted) - reached == set() and len(wanted) > 20
    assert min(outlines) >= 2  # a visible focus ring on every stop


# -- 7: phones ------------------------------------------------------------------------------------


def test_phone_no_horizontal_scroll_short_header_cards_and_full_width_inputs(live_server, docs, browser):
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    for name, url in public_pages(docs).items():
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (name, width)
        header = page.locator("header.site").bounding_box()["height"]
        if "适老" not in name:
            assert header <= PHONE["height"] / 4, (name, header)
        if "lang=" in url or "mode=" in url:
            reset(page, live_server.url)
    page.goto(f"{live_server.url}/hbmzt/catalogue/")
    card = page.locator("table.catalogue tbody tr").first
    title = card.locator("td.title-cell")
    assert title.bounding_box()["width"] >= 300  # the title across the card, not a 3-character column
    assert title.bounding_box()["y"] <= card.locator("td").nth(0).bounding_box()["y"]  # the title first
    assert page.evaluate("getComputedStyle(document.querySelector('table.catalogue tr')).display") == "flex"
    page.goto(f"{live_server.url}/hbmzt/apply/")
    form_width = page.locator("fieldset").first.bounding_box()["width"]
    for name in ("applicant_name", "phone", "description"):
        assert page.locator(f"[name={name}]").bounding_box()["width"] >= form_width - 40, name
    page.goto(f"{live_server.url}/hbmzt/apply/")
    page.get_by_role("button", name="提交申请").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


# -- 8, 9: 繁體 and the catalogue -----------------------------------------------------------------


def test_traditional_script_and_catalogue_facets_follow_the_filters(live_server, docs, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{live_server.url}/pymzj/doc/{docs['pymzj']}/")
    page.get_by_role("link", name="繁體").click()
    text = page.locator("main").inner_text()
    assert "群眾" in text and "羣衆" not in text and "爲" not in text
    reset(page, live_server.url)
    page.goto(f"{live_server.url}/hbmzt/catalogue/")
    facets = page.locator("aside.facets")
    facets.locator("a[href='?category=92']").click()
    genres = page.locator("aside.facets").inner_text()
    assert "规定 (1)" in genres and "通知 (" not in genres and "办法 (" not in genres
    page.get_by_role("link", name="规定").click()
    assert page.locator("table.catalogue tbody tr").count() == 1
    page.get_by_role("link", name="RSS订阅").first.click()
    assert "rss" in page.content().lower()
    page.goto(f"{live_server.url}/hbmzt/")
    page.fill("#site-q", "鄂民政规 2021 3")  # a 文号 without brackets, searched within the agency
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "agency=hbmzt" in page.url
    assert page.locator("ol.search-results li").count() >= 1
    assert "审核确认办法" in page.locator("ol.search-results li").first.inner_text()


# -- 10, 11: applying and the error pages ---------------------------------------------------------


def test_back_and_resubmit_shows_the_first_application_and_the_receipt_prints(live_server, docs, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    submit_application(page, live_server.url)
    number = page.locator("#number").inner_text()
    code = page.locator("#code").inner_text()
    receipt = page.locator("section.receipt").inner_text()
    assert "二十个工作日" in receipt and "随州市民政局" in receipt
    assert page.get_by_role("button", name="打印回执").is_visible()
    page.go_back()  # the browser restores the fields; submit again
    page.wait_for_load_state()
    if page.locator("[name=applicant_name]").input_value() != APPLICANT["applicant_name"]:
        for name, value in APPLICANT.items():
            page.fill(f"[name={name}]", value)
        page.check("input[name=medium][value=electronic]")
        page.check("input[name=delivery][value=email]")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()
    assert page.locator("#number").inner_text() == number and page.locator("#code").inner_text() == code
    assert "未重复登记" in page.content()
    page.emulate_media(media="print")
    assert page.locator("section.receipt").is_visible() and not page.locator("header.site").is_visible()


def test_error_pages_are_chinese_with_the_frame_and_a_way_back(live_server, docs, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    response = page.goto(f"{live_server.url}/hbmzt/doc/999999/")
    assert response.status == 404 and page.locator("h1").inner_text() == "页面不存在"
    assert page.locator("footer.site").is_visible()
    page.get_by_role("link", name="返回首页").click()
    assert page.url.rstrip("/") == live_server.url
